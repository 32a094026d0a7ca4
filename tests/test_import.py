"""`remissarkiv import`: the seed document is the golden test; PDF and DOCX of other layouts are made here."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading.frontmatter import split
from remissarkiv.tools.importer import extract, parse, text

from . import importer_documents as documents
from .conftest import ROOT, make_project

SEED = ROOT / "tests" / "fixtures" / "import" / "bromma-ks-2019-1899.txt"
BOARDS = BoardRegistry.load(ROOT / "data" / "boards.yml")


def imported(path: Path) -> parse.Imported:
    return parse.parse(extract.read(path), BOARDS)


def from_lines(lines: list[str]) -> parse.Imported:
    return parse.parse(text.read("\n".join(lines).encode("utf-8")), BOARDS)


def test_seed_import_matches_the_hand_made_case():
    result = imported(SEED)
    shipped = split((ROOT / "cases/2019/bromma-ks-2019-1899.md").read_text(encoding="utf-8"))
    assert result.body.strip() == shipped.body.strip()  # re-flowed text, sections, signatures, Bilagor
    v = result.values
    assert v["board"] == "bromma" and v["status"] == "utkast" and v["document_type"] == "tjänsteutlåtande"
    assert v["title"] == shipped.data["title"]
    for key in ("title", "case_number", "sender", "kind", "submitters"):
        assert v["referral"][key] == shipped.data["referral"][key], key
    assert v["signatories"] == shipped.data["signatories"]
    assert v["attachments"] == shipped.data["attachments"]
    assert v["decision"]["proposal"] == shipped.data["decision"]["proposal"]
    # Not in the text: stays null and is reported, never invented.
    assert v["case_number"] is None and v["date"] is None
    assert v["decision"]["date"] is None and v["decision"]["paragraph"] is None
    # "överlämnar … som svar på remissen": the hand-made case's position, read from the proposal's words
    assert v["decision"]["position"] == shipped.data["decision"]["position"] == "synpunkter"
    for name in ("case_number", "date", "decision.date", "decision.paragraph"):
        assert f"Okänd uppgift (null): {name}" in result.report()
    assert result.document.unaccounted() == [] and result.dropped == []  # every line of the seed has a place


def test_import_command_writes_a_valid_draft(tmp_path):
    proj = make_project(tmp_path, with_fixtures=False)
    out = proj.root / "cases/2019/bromma-importerad.md"
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "import", str(SEED), "--out", str(out)],
                            cwd=proj.root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Okänd uppgift (null): decision.date" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("---\n# Importerad ur bromma-ks-2019-1899.txt")
    # The import duplicates the shipped seed case, which check must notice; nothing else is wrong with it.
    check = subprocess.run([sys.executable, "-m", "remissarkiv", "check", str(out)], cwd=proj.root,
                           capture_output=True, text=True)
    assert [ln.split(": fel: ")[1][:32] for ln in check.stdout.splitlines() if ": fel: " in ln] == [
        "nämnden har redan ett svar på re"]
    files_before = sorted((proj.root / "cases").rglob("*.md"))
    again = subprocess.run([sys.executable, "-m", "remissarkiv", "import", str(SEED), "--out", str(out)],
                           cwd=proj.root, capture_output=True, text=True)
    # The same document again: no second case; the import says where it already is.
    assert again.returncode == 0 and "redan importerad som cases/2019/bromma-importerad.md" in again.stdout
    assert sorted((proj.root / "cases").rglob("*.md")) == files_before
    assert out.read_text(encoding="utf-8") == text


def test_import_of_an_unknown_format_is_a_clear_error(tmp_path):
    odd = tmp_path / "dokument.rtf"
    odd.write_text("{\\rtf1}", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "remissarkiv", "import", str(odd), "--stdout"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == f"remissarkiv: fel: {odd}: filtypen '.rtf' kan inte importeras: använd .pdf, .docx, .txt eller .eml\n"


# --- a PDF with page headers, footers, page numbers and hyphenation -----------------------------------

PDF_PAGES = [
    ["Dnr SDN 2021/123", "Datum 2021-03-04", "", "Södermalms stadsdelsförvaltning", "",
     "Remissvar Motion om fler parkbänkar i", "innerstaden, KS 2020/1500", "",
     "Förslag till beslut", "Nämnden avstyrker motionen.", "",
     "Sammanfattning", "En motion från Anna Svensson (V) om fler parkbänkar har inkommit.",
     "Förvaltningen anser att nuvarande myndig-", "hetsgemensamma arbete med parkerna räcker och att",
     "underhålls- och skötselplanen redan omfattar bänkar."],
    ["Förvaltningens synpunkter", "Förvaltningen har inventerat bänkarna i samtliga parker. Det finns",
     "redan fler bänkar än i andra stadsdelar.", "", "Karin Ek", "Stadsdelsdirektör", "", "Ola Lind",
     "Enhetschef Parkenheten", "", "Bilagor", "1. Motion om fler parkbänkar i innerstaden"],
]


def make_pdf(path: Path) -> None:
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, "Södermalms stadsdelsförvaltning  Tjänsteutlåtande", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=9)
            self.cell(0, 5, f"Sida {self.page_no()} (2)", align="C")

    pdf = Doc()
    for lines in PDF_PAGES:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_pdf_import_removes_headers_footers_and_repairs_hyphenation(tmp_path):
    pdf = tmp_path / "sodermalm.pdf"
    make_pdf(pdf)
    result = imported(pdf)
    v = result.values
    assert v["board"] == "sodermalm"
    assert v["case_number"] == "SDN 2021/123" and v["date"] == dt.date(2021, 3, 4)
    assert v["referral"]["title"] == "Motion om fler parkbänkar i innerstaden"
    assert v["referral"]["case_number"] == "KS 2020/1500" and v["referral"]["sender"] == "Kommunstyrelsen"
    assert v["referral"]["submitters"] == ["Anna Svensson"]
    assert v["decision"]["position"] == "avstyrker"
    assert v["signatories"] == [{"name": "Karin Ek", "role": "Stadsdelsdirektör"},
                                {"name": "Ola Lind", "role": "Enhetschef Parkenheten"}]
    assert v["attachments"] == [{"title": "Motion om fler parkbänkar i innerstaden", "file": None}]
    body = result.body
    assert "myndighetsgemensamma arbete" in body and "underhålls- och skötselplanen" in body
    assert "Sida 1" not in body and "Tjänsteutlåtande" not in body
    assert result.document.unaccounted() == []
    assert "## Förvaltningens synpunkter\n\nFörvaltningen har inventerat bänkarna i samtliga parker. Det finns " \
           "redan fler bänkar än i andra stadsdelar." in body


# --- a DOCX with variant headings and two signatures on one line ------------------------------------

def make_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Farsta stadsdelsförvaltning – sidhuvud"
    for text in ["Tjänsteutlåtande", "Dnr FSDN 2022/118", "2022-09-14", "Farsta stadsdelsförvaltning",
                 "Remissvar på Program för ökad trygghet i offentlig miljö, KS 2022/640",
                 "Beslut", "Stadsdelsnämnden tillstyrker programmet.",
                 "Ärendet", "Kommunstyrelsen har remitterat programmet till samtliga stadsdelsnämnder.",
                 "Förvaltningens synpunkter och förslag",
                 "Programmet är välkommet. Förvaltningen vill särskilt lyfta belysningen i parkerna.",
                 "Anna Andersson Bo Berg", "Stadsdelsdirektör Biträdande avdelningschef",
                 "Bilagor", "1. Program för ökad trygghet", "2. Protokollsutdrag"]:
        doc.add_paragraph(text)
    doc.save(str(path))


def test_docx_import_reads_variant_sections_and_shared_signature_line(tmp_path):
    docx = tmp_path / "farsta.docx"
    make_docx(docx)
    result = imported(docx)
    v = result.values
    assert v["board"] == "farsta" and v["document_type"] == "tjänsteutlåtande"
    assert v["case_number"] == "FSDN 2022/118" and v["date"] == dt.date(2022, 9, 14)
    assert v["referral"]["title"] == "Program för ökad trygghet i offentlig miljö"
    assert v["referral"]["kind"] == "program" and v["referral"]["submitters"] == []
    assert v["decision"]["proposal"] == "Stadsdelsnämnden tillstyrker programmet."
    assert v["decision"]["position"] == "tillstyrker"
    assert v["signatories"] == [{"name": "Anna Andersson", "role": "Stadsdelsdirektör"},
                                {"name": "Bo Berg", "role": "Biträdande avdelningschef"}]
    assert [a["title"] for a in v["attachments"]] == ["Program för ökad trygghet", "Protokollsutdrag"]
    assert "sidhuvud" not in result.body and result.document.unaccounted() == []
    assert [ln for ln in result.body.splitlines() if ln.startswith("## ")] == [
        "## Beslut", "## Ärendet", "## Förvaltningens synpunkter och förslag", "## Bilagor"]


def test_imported_text_is_a_case_file_the_loader_accepts(tmp_path):
    from remissarkiv.tools import scaffold

    docx = tmp_path / "farsta.docx"
    make_docx(docx)
    result = imported(docx)
    text = scaffold.case_text(result.values, result.body)
    fm = split(text)
    assert yaml.safe_load(text.split("---\n")[1])["board"] == "farsta"
    from remissarkiv.model.case import Case
    Case.model_validate(fm.data)


# --- layouts other than the seed's (tests/importer_documents.py) -------------------------------------

def test_signature_at_a_page_end_and_the_front_block(tmp_path):
    result = imported(documents.signature_at_page_end_pdf(tmp_path / "hagersten.pdf"))
    v = result.values
    assert v["board"] == "hagersten-alvsjo" and v["document_type"] == "tjänsteutlåtande"
    # the header's Dnr and date; the meeting the document goes to ("Till … / date"); the handläggare
    assert v["case_number"] == "HÄ 2021/456" and v["date"] == dt.date(2021, 4, 28)
    assert v["decision"]["date"] == dt.date(2021, 5, 20) and v["handler"] == "Eva Lund"
    # the signature block ends page 1; page 2 begins with the running header, then Bilagor
    assert v["signatories"] == [{"name": "Maria Holm", "role": "Stadsdelsdirektör"}]
    assert v["attachments"] == [{"title": "Plan för lekplatser i söderort", "file": None}]
    assert v["referral"]["title"] == "Plan för lekplatser i söderort" and v["referral"]["case_number"] == "KS 2021/300"
    assert "Sida 2" not in result.body and "Dnr" not in result.body and "Tjänsteutlåtande" not in result.body
    report = result.report()
    assert ("Avdelningen för stöd och service", "okänd rad i dokumentets huvud") in result.left_out_texts()
    assert ("Telefon: 08-508 12 345", "kontaktuppgift") in result.left_out_texts()
    assert "date: 2021-04-28 – ur s. 1, rad 5 (ensam rad)" in report
    assert "decision.date: 2021-05-20 – ur s. 1, rad 12 (etikett 'Till')" in report
    assert result.document.unaccounted() == []


def test_signatures_in_a_table_and_headings_of_the_documents_own(tmp_path):
    result = imported(documents.table_signatures_docx(tmp_path / "farsta.docx"))
    v = result.values
    assert v["board"] == "farsta" and v["case_number"] == "FA 2022/300"
    assert v["date"] == dt.date(2022, 9, 14)  # "14 september 2022"
    assert v["decision"]["date"] == dt.date(2022, 10, 20) and v["handler"] == "Karl Berg"
    assert v["referral"]["title"] == "Plan för cykelparkering" and v["decision"]["position"] == "avstyrker"
    assert v["signatories"] == [{"name": "Lena Ek", "role": "Stadsdelsdirektör"},
                                {"name": "Omar Said", "role": "Biträdande avdelningschef"}]
    assert [ln for ln in result.body.splitlines() if ln.startswith("## ")] == [
        "## Förslag till beslut", "## Vad planen innebär för Farsta", "## Förvaltningens synpunkter", "## Bilagor"]
    assert ("E-post: karl.berg@example.invalid", "kontaktuppgift") in result.left_out_texts()
    assert "08-508" not in result.body and result.document.unaccounted() == []


def test_side_by_side_signatures_over_three_pages_with_running_headers(tmp_path):
    result = imported(documents.side_by_side_pdf(tmp_path / "skarpnack.pdf"))
    v = result.values
    assert v["board"] == "skarpnack" and v["case_number"] == "SKA 2023/77" and v["date"] == dt.date(2023, 2, 10)
    assert v["decision"]["proposal"] == "Nämnden lämnar synpunkter på programmet."
    assert v["decision"]["position"] == "synpunkter"
    assert v["signatories"] == [{"name": "Anna Andersson", "role": "Stadsdelsdirektör"},
                                {"name": "Bo Berg", "role": "Avdelningschef"}]
    assert [a["title"] for a in v["attachments"]] == ["Program för belysning i parker", "Protokollsutdrag"]
    assert [ln for ln in result.body.splitlines() if ln.startswith("## ")] == [
        "## Beslutsförslag", "## Sammanfattning av ärendet", "## Remissens innehåll", "## Ekonomiska konsekvenser",
        "## Bilagor"]
    assert "Sida" not in result.body and "SKA 2023/77" not in result.body
    assert result.document.unaccounted() == []


def test_a_front_page_laid_out_as_a_table(tmp_path):
    result = imported(documents.front_as_table_pdf(tmp_path / "bromma.pdf"))
    v = result.values
    assert (v["board"], v["document_type"], v["case_number"], v["date"]) == (
        "bromma", "tjänsteutlåtande", "BRO 2021/12", dt.date(2021, 4, 28))
    assert v["referral"]["title"] == "Motion om bänkar i parker" and v["referral"]["case_number"] == "KS 2021/77"
    assert v["referral"]["submitters"] == ["Ida Ek"] and v["decision"]["position"] == "tillstyrker"
    assert result.body.startswith("En motion från Ida Ek om fler bänkar har kommit in. Förvaltningen har läst den "
                                  "och ser positivt på förslaget.\n\n## Förslag till beslut")
    assert v["signatories"] == [{"name": "Karin Ek", "role": "Stadsdelsdirektör"}]
    assert result.dropped == [] and result.document.unaccounted() == []


@pytest.mark.parametrize("make", [documents.signature_at_page_end_pdf, documents.table_signatures_docx,
                                  documents.side_by_side_pdf, documents.front_as_table_pdf])
def test_every_layout_gives_a_case_file_the_loader_accepts(tmp_path, make):
    from remissarkiv.model.case import Case
    from remissarkiv.tools import scaffold

    result = imported(make(tmp_path / f"dokument{'.docx' if 'docx' in make.__name__ else '.pdf'}"))
    Case.model_validate(split(scaffold.case_text(result.values, result.body)).data)


def test_a_value_read_past_is_reported_even_when_its_line_is_placed():
    # The Dnr label takes its line; the second date on it is neither the document's nor the meeting's.
    result = from_lines(["Bromma stadsdelsförvaltning", "Dnr BRO 2024/3 2024-02-01", "Datum 2024-01-20",
                         "Remissvar Motion om torg, KS 2024/3", "Förslag till beslut", "Nämnden tillstyrker."])
    assert result.values["date"] == dt.date(2024, 1, 20) and result.values["case_number"] == "BRO 2024/3"
    assert "Datumet '2024-02-01' (rad 2) kom inte med: kontrollera vad det är" in result.report()


@pytest.mark.parametrize("line, title, number", [
    ("Remissvar Motion om parker (KS 2019/1899)", "Motion om parker", "KS 2019/1899"),
    ("Remissvar – Plan 2021 - 2025, KS 2020/5", "Plan 2021 - 2025", "KS 2020/5"),
    ("Remissvar Program för bänkar – Dnr: KS 2021/3", "Program för bänkar", "KS 2021/3"),
    ("Yttrande över remiss av Motion om torg. Dnr KS 2019/12", "Motion om torg", "KS 2019/12"),
    ("Svar på remiss om Plan för cykelparkering, KS 2022/901", "Plan för cykelparkering", "KS 2022/901"),
])
def test_title_lines_in_other_forms(line, title, number):
    result = from_lines(["Bromma stadsdelsförvaltning", line, "Förslag till beslut", "Nämnden tillstyrker."])
    assert (result.values["referral"]["title"], result.values["referral"]["case_number"]) == (title, number)


def test_name_and_title_on_one_line_and_a_handler_with_a_title():
    result = from_lines(["Bromma stadsdelsförvaltning", "Handläggare: Anna Berg, enhetschef Telefon: 08-508 11 111",
                         "Remissvar Motion om torg, KS 2024/3", "Förslag till beslut", "Nämnden tillstyrker.",
                         "Lisa Kinnari, stadsdelsdirektör", "Peter Dacke, avdelningschef"])
    assert result.values["handler"] == "Anna Berg"
    assert "Handläggarens titel 'enhetschef' (rad 2) har inget fält och kom inte med" in result.report()
    assert result.values["signatories"] == [{"name": "Lisa Kinnari", "role": "Stadsdelsdirektör"},
                                            {"name": "Peter Dacke", "role": "Avdelningschef"}]
    assert result.document.unaccounted() == []
