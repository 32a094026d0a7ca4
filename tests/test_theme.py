"""Theme overrides stay in step with the installed Material for MkDocs.

Material's header has no block for its search box, so overrides/partials/header.html is a copy with one
change (the Pagefind search form). This test fails when Material's header changes under it: then copy the new
header again and make the same change.
"""
from __future__ import annotations

import re
from pathlib import Path

import material

from .conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
# Material's search box: shown when its search plugin is on (ours is off; Pagefind replaces it).
UPSTREAM_SEARCH = re.compile(r'\n    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', re.S)
OUR_SEARCH = re.compile(r"\n    \{#- Remissarkivet:.*?</form>\n", re.S)
HEADER_COMMENT = re.compile(r"\A\{#-.*?-#\}\n", re.S)


def test_header_override_is_materials_header_with_only_the_search_form_changed():
    upstream = (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8")
    assert UPSTREAM_SEARCH.search(upstream), "Material's header no longer has its search block where we replace it"
    assert OUR_SEARCH.search(ours)
    marker = "\n    [search]\n"
    assert HEADER_COMMENT.sub("", OUR_SEARCH.sub(marker, ours)) == HEADER_COMMENT.sub(
        "", UPSTREAM_SEARCH.sub(marker, upstream))
