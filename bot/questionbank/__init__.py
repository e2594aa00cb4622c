"""Parsing interview-prep documents into the normalized question bank (no Discord, no database)."""
