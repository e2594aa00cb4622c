"""Vendored request-body schemas from Discord's OpenAPI description (see vendor.py)."""
