"""Remissarkivet: an open, searchable archive of Swedish municipal boards' referral responses.

A case travels through the package in this order (each folder only uses the ones before it):

- `model`: the Case model, the board registry, labels, Swedish text rules and the problem type;
- `reading`: case files into validated cases plus `path:line:col` problems (the checks live here);
- `archive`: the loaded cases indexed by board, year, topic and referral;
- `site`: generated pages, the search index and the build that MkDocs' hooks.py calls;
- `tools`: the `remissarkiv` staff commands (check, new, import, generate, pages, schema).

`config` holds the typed build settings; `parallel` spreads per-case work over the cores.
"""
