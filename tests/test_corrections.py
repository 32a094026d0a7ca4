"""Corrections (rättelser): a notice with date and description above the text, a mark in listings, and a
correction dated before the case is an error."""
from __future__ import annotations

import subprocess
import sys

from selectolax.lexbor import LexborHTMLParser as HTMLParser

CASE = """---
title: Remissvar om parker
board: farsta
date: 2024-03-01
status: publicerad
referral:
  title: Motion om parker
  case_number: KS 2024/77
  sender: Kommunstyrelsen
corrections:
  - date: {first}
    description: Fel sammanträdesdatum rättat.
  - date: 2024-04-02
    description: Bilaga <b>två</b> tillagd.
review:
  by: Provgranskare
  date: 2024-06-01
---
## Förslag till beslut

Nämnden tillstyrker.
"""


def test_a_corrected_case_says_so_above_its_text_and_in_listings(project):
    project.add_case("2024/farsta-ks-2024-77.md", CASE.format(first="2024-03-15"))
    result = project.build()
    assert result.returncode == 0, result.stdout + result.stderr
    article = HTMLParser(project.html("remissvar/2024/farsta-ks-2024-77/")).css_first("article")
    notice = article.css_first(".ra-corrections")
    assert [" ".join(p.text().split()) for p in notice.css("p")] == [
        "Rättelse 2024-04-02: Bilaga <b>två</b> tillagd.",  # newest first, and text stays text
        "Rättelse 2024-03-15: Fel sammanträdesdatum rättat."]
    assert article.html.index("ra-corrections") < article.html.index("ra-case-facts")  # above the text
    listing = HTMLParser(project.html("namnder/farsta/")).css_first(".ra-corrected")
    assert " ".join(listing.text().split()) == "Rättad 2024-04-02"


def test_a_correction_before_the_case_is_an_error(project):
    project.add_case("2024/farsta-ks-2024-77.md", CASE.format(first="2024-02-01"))
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "check"], cwd=project.root, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert ("cases/2024/farsta-ks-2024-77.md:11:1: fel: rättelsen 2024-02-01 ligger före ärendets datum 2024-03-01: "
            "en rättelse görs efter publiceringen") in result.stdout
