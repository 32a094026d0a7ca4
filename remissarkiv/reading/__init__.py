"""Reading case files: front matter, schema messages, text and cross-case checks, the loader."""
