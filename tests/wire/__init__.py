"""Wire-level tests: the real discord.py talking HTTP and websockets to a local Discord emulator."""
