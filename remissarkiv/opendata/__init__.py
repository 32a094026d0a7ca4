"""Open data: the archive as files (JSON, CSV, JSON Schemas), Atom feeds and a DCAT-AP-SE catalogue, made
from the same loaded cases as the pages and independent of the site generator."""
