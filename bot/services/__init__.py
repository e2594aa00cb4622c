"""Use cases: each runs in one unit of work and takes a clock."""
