"""simcord harness for qotd-bot: a simulated Discord to run the real bot in (see docs/testing-with-simcord.md)."""
