"""Discord extensions, one folder per feature: cog, views, embed builders."""
