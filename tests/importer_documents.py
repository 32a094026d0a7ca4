"""Tjänsteutlåtanden in layouts other than the seed's, written by the tests as PDF (fpdf2) and DOCX (python-docx).

Made-up documents with made-up people; each shows a layout `remissarkiv import` must read:
- `signature_at_page_end_pdf`: the front block "Handläggare / name / Telefon" and "Till <nämnd> / <date>", the
  signature block ending page 1, and page 2 starting with the running header before "Bilagor";
- `table_signatures_docx`: signatures side by side in a table, headings in heading styles with names of their
  own, the front facts on single lines ("Handläggare: … Telefon: …", "Till … <date>"), a long Swedish date;
- `side_by_side_pdf`: three pages with a repeated running header and footer, two signatures side by side on one
  line, other heading names, the signature block ending page 2 and "Bilagor" on page 3;
- `front_as_table_pdf`: the front page laid out as a table (facts side by side on one line, "Sida 1 (2)" among
  them), a title over two lines followed by text without a heading or a blank line.
"""
from __future__ import annotations

from pathlib import Path

SIGNATURE_AT_PAGE_END = [
    # page 1: the front block, then the text, ending with the signature block
    ["Hägersten-Älvsjö stadsdelsförvaltning", "Avdelningen för stöd och service", "Tjänsteutlåtande",
     "Dnr HÄ 2021/456", "2021-04-28", "", "Handläggare", "Eva Lund", "Telefon: 08-508 12 345", "",
     "Till Hägersten-Älvsjö stadsdelsnämnd", "2021-05-20", "",
     "Remissvar Plan för lekplatser i söderort,", "KS 2021/300", "",
     "Förvaltningens förslag till beslut", "Stadsdelsnämnden tillstyrker planen.", "",
     "Bakgrund", "Kommunstyrelsen har remitterat planen till stadsdelsnämnderna i söderort.", "",
     "Förvaltningens bedömning", "Förvaltningen ser att planen ger fler lekplatser där barnen bor och att",
     "underhållet av befintliga lekplatser säkras.", "", "Maria Holm", "Stadsdelsdirektör"],
    # page 2: the running header, then Bilagor
    ["Hägersten-Älvsjö stadsdelsförvaltning", "Tjänsteutlåtande", "Dnr HÄ 2021/456", "Sida 2 (2)", "",
     "Bilagor", "1. Plan för lekplatser i söderort"],
]

SIDE_BY_SIDE = [
    ["Skarpnäcks stadsdelsförvaltning", "Tjänsteutlåtande", "Dnr SKA 2023/77", "Datum 2023-02-10", "",
     "Remissvar på Program för belysning i parker, KS 2022/1200", "",
     "Beslutsförslag", "Nämnden lämnar synpunkter på programmet.", "",
     "Sammanfattning av ärendet", "Programmet föreslår bättre belysning i stadens parker."],
    ["Remissens innehåll", "Kommunstyrelsen vill veta hur stadsdelarna ser på förslaget om belysning.", "",
     "Ekonomiska konsekvenser", "Förslaget ryms inom befintlig budget.", "",
     ("Anna Andersson", "Bo Berg"), ("Stadsdelsdirektör", "Avdelningschef")],
    ["Bilagor", "1. Program för belysning i parker", "2. Protokollsutdrag"],
]


FRONT_AS_TABLE = [
    [("Bromma stadsdelsförvaltning", "Tjänsteutlåtande"), ("Datum 2021-04-28", "Dnr BRO 2021/12  Sida 1 (2)"),
     "Remissvar Motion om bänkar i parker,", "KS 2021/77",
     "En motion från Ida Ek om fler bänkar har kommit in. Förvaltningen har läst den",
     "och ser positivt på förslaget.", "Förslag till beslut", "Nämnden tillstyrker motionen.", "Karin Ek",
     "Stadsdelsdirektör"],
    [("Bromma stadsdelsförvaltning", "Tjänsteutlåtande"), "Sida 2 (2)", "Bilagor", "1. Motion om bänkar i parker"],
]


def _pdf(path: Path, pages: list[list], header=None, footer=None) -> None:
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if header and self.page_no() > 0:
                self.set_font("Helvetica", size=9)
                self.cell(0, 5, header(self.page_no()), new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self):
            if footer:
                self.set_y(-15)
                self.set_font("Helvetica", size=9)
                self.cell(0, 5, footer(self.page_no()), align="C")

    pdf = Doc()
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        for line in lines:
            if isinstance(line, tuple):  # two columns on one line
                pdf.cell(90, 6, line[0])
                pdf.cell(90, 6, line[1], new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def signature_at_page_end_pdf(path: Path) -> Path:
    _pdf(path, SIGNATURE_AT_PAGE_END)
    return path


def side_by_side_pdf(path: Path) -> Path:
    _pdf(path, SIDE_BY_SIDE, header=lambda n: "Skarpnäcks stadsdelsförvaltning  Dnr SKA 2023/77",
         footer=lambda n: f"Sida {n} (3)")
    return path


def table_signatures_docx(path: Path) -> Path:
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "Farsta stadsdelsförvaltning – Tjänsteutlåtande"
    for text in ["Farsta stadsdelsförvaltning", "Tjänsteutlåtande", "Dnr FA 2022/300", "14 september 2022",
                 "Handläggare: Karl Berg Telefon: 08-508 11 111", "E-post: karl.berg@example.invalid",
                 "Till Farsta stadsdelsnämnd 2022-10-20",
                 "Svar på remiss om Plan för cykelparkering, KS 2022/901"]:
        doc.add_paragraph(text)
    doc.add_heading("Förslag till beslut", level=2)
    doc.add_paragraph("Stadsdelsnämnden avstyrker planen.")
    doc.add_heading("Vad planen innebär för Farsta", level=2)  # a heading name of the document's own
    doc.add_paragraph("Planen tar bort cykelparkering vid tre tunnelbanestationer i stadsdelen.")
    doc.add_heading("Förvaltningens synpunkter", level=2)
    doc.add_paragraph("Förvaltningen anser att cykelparkeringen behövs där pendlarna byter färdmedel.")
    table = doc.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Lena Ek", (0, 1): "Omar Said", (1, 0): "Stadsdelsdirektör",
                         (1, 1): "Biträdande avdelningschef"}.items():
        table.cell(r, c).text = text
    doc.add_heading("Bilagor", level=2)
    doc.add_paragraph("1. Plan för cykelparkering")
    doc.save(str(path))
    return path


def front_as_table_pdf(path: Path) -> Path:
    _pdf(path, FRONT_AS_TABLE)
    return path
