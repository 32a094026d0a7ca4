"""`remissarkiv import --remiss`: a missive read into a referral record, in layouts of its own (Word with
styles and a facts table, a PDF with a comma list, plain text with a numbered list, a missive without a list),
the bodies asked matched to data/boards.yml by name (an old name before a merge stays, after it becomes its
successor), unmatched names kept as free text and reported, and nothing invented."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.tools.importer import extract, missive

from .conftest import ROOT, make_project
from .importer_documents import _pdf


def word_missive(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Stockholms stad")
    table = doc.add_table(rows=3, cols=2)
    for (r, c), text in {(0, 0): "Datum", (0, 1): "2024-09-02", (1, 0): "Dnr", (1, 1): "TN 2024/88",
                         (2, 0): "Från", (2, 1): "Trafiknämnden"}.items():
        table.cell(r, c).text = text
    doc.add_heading("Remiss – Plan för cykelvägar i ytterstaden", level=1)
    doc.add_paragraph("Trafiknämnden remitterar planen för cykelvägar. Nämnderna ombeds särskilt svara på hur "
                      "planen påverkar skolvägarna.")
    doc.add_heading("Remissinstanser", level=2)
    for name in ("Rinkeby-Kista stadsdelsnämnd", "Skarpnäcks stadsdelsnämnd", "Kulturnämnden",
                 "Cykelfrämjandet Stockholm"):
        doc.add_paragraph(name, style="List Bullet")
    doc.add_heading("Remisshandlingar", level=2)
    doc.add_paragraph("Plan för cykelvägar i ytterstaden, https://example.org/cykelplan.pdf", style="List Bullet")
    doc.add_paragraph("Sista svarsdag: 30 oktober 2024")
    doc.save(str(path))
    return path


def pdf_missive(path: Path) -> Path:
    _pdf(path, [["Stadsledningskontoret", "Datum 2023-11-20", "Dnr KS 2023/1500", "",
                 "Remiss av motion om fler parkbänkar (KS 2023/1500)", "",
                 "Kommunstyrelsen remitterar motionen om fler parkbänkar i stadens parker.", "",
                 "Sändlista:", "Bromma stadsdelsnämnd, Farsta stadsdelsnämnd och Region Stockholm", "",
                 "Svar senast 2024-01-31 till kommunstyrelsen."]])
    return path


def text_missive(path: Path) -> Path:
    path.write_text("Stadsbyggnadskontoret\nDatum: 2023-03-01\nDnr: SBN 2023/10\n\n"
                    "Remiss angående detaljplan för kv. Ugglan\n\nStadsbyggnadsnämnden remitterar förslaget till "
                    "detaljplan.\n\nRemissen skickas till följande instanser:\n1. Norrmalms stadsdelsnämnd\n"
                    "2. Östermalms stadsdelsnämnd\n3. Trafiknämnden\n\nMed vänlig hälsning\nStadsbyggnadskontoret\n",
                    encoding="utf-8")
    return path


def listless_missive(path: Path) -> Path:
    path.write_text("Datum: 2022-05-05\nDnr: KS 2022/77\n\nRemiss av skrivelse om lokala parkeringsregler\n\n"
                    "Kommunstyrelsen remitterar skrivelsen till berörda nämnder.\n", encoding="utf-8")
    return path


# (document, the fields it must give) – every field is checked, and a miss is counted by name
EXPECTED = [
    (word_missive, "missiv.docx", {
        "title": "Plan för cykelvägar i ytterstaden", "case_number": "TN 2024/88", "sender": "Trafiknämnden",
        "sent": dt.date(2024, 9, 2), "deadline": dt.date(2024, 10, 30), "kind": "plan",
        # Rinkeby-Kista was merged into Järva on 2023-06-30, before the referral was sent
        "asked": ["jarva", "skarpnack", "kulturnamnden"], "asked_others": ["Cykelfrämjandet Stockholm"],
        "asked_complete": True,
        "documents": [{"title": "Plan för cykelvägar i ytterstaden, https://example.org/cykelplan.pdf",
                       "file": None, "url": "https://example.org/cykelplan.pdf"}]}),
    (pdf_missive, "missiv.pdf", {
        "title": "Motion om fler parkbänkar", "case_number": "KS 2023/1500", "sender": "Kommunstyrelsen",
        "sent": dt.date(2023, 11, 20), "deadline": dt.date(2024, 1, 31), "kind": "motion",
        "asked": ["bromma", "farsta"], "asked_others": ["Region Stockholm"], "asked_complete": True}),
    (text_missive, "missiv.txt", {
        "title": "Detaljplan för kv. Ugglan", "case_number": "SBN 2023/10", "sent": dt.date(2023, 3, 1),
        "deadline": None, "kind": "detaljplan",
        # Norrmalm still existed on 2023-03-01: the old board stays
        "asked": ["norrmalm", "ostermalm", "trafiknamnden"], "asked_others": [], "asked_complete": True}),
    (listless_missive, "utan-lista.txt", {
        "title": "Skrivelse om lokala parkeringsregler", "case_number": "KS 2022/77", "sender": "Kommunstyrelsen",
        "deadline": None, "asked": [], "asked_others": [], "asked_complete": False}),
]


@pytest.fixture(scope="module")
def boards():
    return BoardRegistry.load(ROOT / "data/boards.yml")


@pytest.mark.parametrize("make, name, expected", EXPECTED, ids=[n for _, n, _ in EXPECTED])
def test_a_missive_gives_its_referral_record(tmp_path, boards, make, name, expected):
    document = extract.read(make(tmp_path / name), ocr=False)
    found = missive.read(document, boards)
    misses = {k: (found.values.get(k), v) for k, v in expected.items() if found.values.get(k) != v}
    assert misses == {}, f"{len(misses)} av {len(expected)} fält fel i {name}"
    assert document.unaccounted() == []  # every line went somewhere: a field, the text, or left out and said
    for other in expected.get("asked_others", []):
        assert any(f"'{other}'" in line and "asked_others" in line for line in found.report)
    if not expected["asked_complete"]:
        assert any("Ingen lista över remissinstanser" in line for line in found.report)
    if expected["deadline"] is None:
        assert "Okänd uppgift (null): deadline" in found.report


def test_import_remiss_writes_a_record_that_checks_and_shows_on_its_page(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    source = word_missive(tmp_path / "missiv.docx")
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "import", "--remiss", str(source)],
                            cwd=proj.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skapade remissfilen cases/remisser/tn-2024-88.md" in result.stdout
    assert "Instansen 'Cykelfrämjandet Stockholm'" in result.stdout
    text = (proj.root / "cases/remisser/tn-2024-88.md").read_text(encoding="utf-8")
    assert "# Källa: missiv.docx (SHA-256 " in text and "Trafiknämnden remitterar planen" in text
    check = subprocess.run([sys.executable, "-m", "remissarkiv", "check"], cwd=proj.root, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout
    again = subprocess.run([sys.executable, "-m", "remissarkiv", "import", "--remiss", str(source)],
                           cwd=proj.root, capture_output=True, text=True)
    assert "redan importerad som cases/remisser/tn-2024-88.md" in again.stdout
