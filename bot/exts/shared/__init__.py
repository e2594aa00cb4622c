"""Pieces every feature's cog uses: private replies, error messages, formatting, checks.

Not an extension (no ``setup``): features import from here.
"""
