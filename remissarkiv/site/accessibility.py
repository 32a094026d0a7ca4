"""What the accessibility tests verify, said once: the statement (docs/tillganglighet.md, macro
`accessibility_method`) prints it, and tests/test_accessibility.py checks every kind of page named here.

The assessment's date is the date of the last change to the tests or to the theme (from git), never the
build's clock: the statement changes only when what it describes does.
"""
from __future__ import annotations

import json
from html import escape
from pathlib import Path

from remissarkiv.archive.history import last_change
from remissarkiv.model.swedish import long_date

# Kinds of page, as the statement names them (the test maps each to a page of its test archive).
PAGE_KINDS = {
    "start": "startsidan",
    "remissvar": "ett remissvar",
    "rattat-remissvar": "ett rättat remissvar med en tabell",
    "namnder": "listan över nämnder",
    "namnd": "en nämnds sida med svar över tid (diagram och tabeller) och remissvar",
    "ar": "listan över år",
    "ar-2022": "ett års remissvar",
    "amnen": "listan över ämnen",
    "amne": "ett ämnes remissvar",
    "remisser": "listan över remisser",
    "remiss": "en remiss med tillfrågade remissinstanser, svar och diagram",
    "remiss-med-remissfil": "en remiss med missiv, remisshandlingar, tidslinje och sammanställning",
    "remisser-filtrerade": "listan över remisser filtrerad på läge",
    "oppna-remisser": "listan över öppna remisser",
    "sok-traffar": "sökningen med träffar",
    "sok-filter": "sökningen med alla filter öppna",
    "om": "Om arkivet",
    "publicera": "guiden för medarbetare",
    "tillganglighet": "den här redogörelsen",
    "oppna-data": "Öppna data",
    "404": "sidan som visas när en adress inte finns",
    "avpublicerat": "meddelandet som ersätter ett avpublicerat remissvar",
    "andringar": "förhandsversionens sida Ändringar i förhandsversionen",
}
CHECKS = [
    "automatisk granskning med axe-core {axe} mot alla regler för WCAG 2.0, 2.1 och 2.2 på nivå A och AA och "
    "axe:s regler för god praxis (bland annat unika namn på landmärken och rubrikordning), i webbläsaren "
    "Chromium, i 1280 och 375 pixlars bredd (dator och mobil): inga fel är tillåtna",
    "en remiss med 300 tillfrågade nämnder och 270 svar går att läsa i 375 pixlars bredd utan att rulla i sidled",
    "ombrytning: ingen sida rullar i sidled i 320 pixlars bredd eller vid 200 % förstoring; breda tabeller "
    "rullar i en egen ruta som går att nå med tangentbordet",
    "tangentbord: hoppa till innehållet, synlig fokusmarkering på varje kontroll, och sökning, sortering, "
    "filter, fler träffar och träfflänkar med enbart tangentbordet",
    "utskrift: ett remissvar skrivs ut med uppgifterna och hela texten, utan meny, sökruta, sidhuvud och sidfot",
    "språk: sidorna anger svenska (lang=\"sv\"), text på andra språk är märkt, och antal böjs rätt "
    "(1 träff, 2 träffar)",
    "inga anrop till andra webbplatser (inga externa typsnitt, skript eller bilder)",
]
# What axe finds in the form editor for staff (Decap CMS at /admin/), a third-party interface we do not change.
# Our configuration and styles fixed what they can (the contrast of its grey links and buttons, the names of its
# "Nu" buttons); these remain. The statement lists them; tests/test_cms_browser.py fails on any other.
CMS_VIOLATIONS = {
    "region": "delar av redigeraren ligger utanför sidans landmärken (god praxis)",
    "frame-title": "förhandsvisningens ram saknar namn (WCAG 4.1.2)",
    "aria-input-field-name": "rutan där texten skrivs saknar ett namn för skärmläsare (WCAG 4.1.2)",
    "aria-required-attr": "omkopplaren för synkroniserad rullning anger inte om den är på eller av (WCAG 4.1.2)",
    "button-name": "ikonknapparna i listor (flytta, ta bort) och omkopplaren för rullning saknar namn (WCAG 4.1.2)",
    "aria-command-name": "handtaget för att flytta en rad i en lista saknar namn (WCAG 4.1.2)",
    "nested-interactive": "publiceringsmenyn har en knapp inuti en knapp (WCAG 4.1.2)",
}
WATCHED = ["tests/test_accessibility.py", "overrides", "docs/stylesheets", "docs/javascripts", "docs/tillganglighet.md",
           "remissarkiv/site/accessibility.py", "docs/admin", "tests/test_cms_browser.py"]


def axe_version(root: Path) -> str:
    try:
        return json.loads((root / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    except (OSError, ValueError, KeyError):
        return ""


def method_html(root: Path) -> str:
    checks = "".join(f"<li>{escape(c.format(axe=axe_version(root)).replace('  ', ' '))}</li>" for c in CHECKS)
    pages = ", ".join(escape(name) for name in PAGE_KINDS.values())
    return (f"<p>Varje ändring av webbplatsen testas automatiskt innan den publiceras:</p><ul>{checks}</ul>"
            f"<p>Testerna körs på dessa sidor: {pages}.</p>"
            f"<p>Testerna körs vid varje bygge, och ett bygge som inte klarar dem publiceras inte.</p>")


def cms_html() -> str:
    return "<ul>" + "".join(f"<li>{escape(text)}</li>" for text in CMS_VIOLATIONS.values()) + "</ul>"


def assessed_on(root: Path) -> str:
    """The day the tests, theme or statement last changed, in running text ('' without a git history)."""
    day = last_change(root, WATCHED)
    return long_date(day) if day else ""
