"""The site: case bodies as HTML, generated pages, the search index, and the build hooks.py calls."""
