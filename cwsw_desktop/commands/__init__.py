"""Command-line commands by area; `common` holds what they share."""
