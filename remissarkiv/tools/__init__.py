"""Staff tools: the `remissarkiv` command, case-file scaffolds, the importer and the synthetic generator."""
