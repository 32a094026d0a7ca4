"""A corpus of made-up referral responses in the layouts municipalities have, each with its expected fields.

Every document is written here (fpdf2 for PDF, python-docx for DOCX, the standard library for text and e-mail,
Pillow for a scan), so the corpus is in the repository as code, not as binary files. The contents (`Spec`) vary
board, office, people, dates, titles, referral kinds and the order of facts; the layouts (`LAYOUTS`) vary where
the facts stand (before or after the title, two columns, label over value, table cells), how headings, lists and
tables are made, page furniture and signatures. Used by tests/test_import_corpus.py and bench/import_accuracy.py.
People, numbers and addresses are invented; phone numbers and e-mail addresses use reserved forms.
"""
from __future__ import annotations

import email.message
import email.utils
import datetime as dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from remissarkiv.model.swedish import MONTHS

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass
class Spec:
    key: str
    board: str                 # id in data/boards.yml
    board_name: str
    office: str                # who writes: the förvaltning or the board itself
    ref_title: str
    ref_number: str
    sender: str
    kind: str | None
    proposal: str
    position: str | None
    dnr: str | None = None
    date: str | None = None
    meeting: str | None = None
    paragraph: str | None = None
    handler: str | None = None
    signatories: list[tuple[str, str]] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    phone: str = "08-508 00 000"
    address: str = "Box 1000, 100 00 Stockholm"
    # The title as the archive writes it, where the document's has a descriptor word before it ("Betänkandet …",
    # "Promemorian …"): issue 36 leaves those out of the title.
    archive_title: str | None = None

    def expected(self, document_type: str | None, **changes) -> dict:
        values = {
            "title": f"Remissvar: {self.archive_title or self.ref_title}", "board": self.board, "case_number": self.dnr,
            "document_type": document_type, "date": self.date, "referral.title": self.archive_title or self.ref_title,
            "referral.case_number": self.ref_number, "referral.sender": self.sender, "referral.kind": self.kind,
            "decision.date": self.meeting, "decision.paragraph": self.paragraph, "decision.position": self.position,
            "handler": self.handler,
            "signatories": [{"name": n, "role": r} for n, r in self.signatories],
        }
        values.update({key.replace("__", "."): value for key, value in changes.items()})
        return values


def later(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def long_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _paragraphs(topic: str, place: str) -> list[tuple[str, list[str]]]:
    return [
        ("Sammanfattning", [f"Förvaltningen har tagit del av remissen om {topic}. Förslaget berör många som bor och "
                            f"arbetar i {place}, och förvaltningen ser både möjligheter och risker i det.",
                            "Förvaltningen föreslår att nämnden lämnar sitt svar i enlighet med detta utlåtande."]),
        ("Bakgrund", [f"Remissen har skickats till ett urval av nämnder och styrelser i staden. Frågan om {topic} "
                      "har diskuterats i flera år och berör både verksamheternas ekonomi och medborgarnas vardag.",
                      "Arbetet har pågått sedan 2019 i samverkan med andra förvaltningar."]),
        ("Förvaltningens synpunkter", [f"Förvaltningen delar bedömningen att {topic} är angeläget. Det är viktigt "
                                       "att genomförandet följs upp och att verksamheterna får tid att anpassa sig.",
                                       f"Erfarenheterna från {place} visar att tidig dialog med invånarna ger "
                                       "bättre resultat och färre missförstånd."]),
    ]


SPECS = [
    Spec("spanga", "spanga-tensta", "Spånga-Tensta stadsdelsnämnd", "Spånga-Tensta stadsdelsförvaltning",
         "Motion om fler fritidsgårdar i ytterstaden", "KS 2022/1042", "Kommunstyrelsen", "motion",
         "Stadsdelsnämnden tillstyrker motionen och överlämnar tjänsteutlåtandet till kommunstyrelsen.",
         "tillstyrker", dnr="ST 2022/318", date="2022-10-04", meeting="2022-10-20", handler="Sara Lindqvist",
         signatories=[("Helena Nordin", "Stadsdelsdirektör"), ("Jonas Ek", "Avdelningschef")],
         attachments=["Motion om fler fritidsgårdar"], phone="08-508 03 000", address="Box 4074, 163 04 Spånga"),
    Spec("hasselby", "hasselby-vallingby", "Hässelby-Vällingby stadsdelsnämnd",
         "Hässelby-Vällingby stadsdelsförvaltning", "Program för trygghet i offentlig miljö", "KS 2022/877",
         "Kommunstyrelsen", "program", "Stadsdelsnämnden avstyrker programmet i dess nuvarande form.",
         "avstyrker", dnr="HV 2022/1203", date="2022-11-02", meeting="2022-11-17", handler="Mikael Sandberg",
         signatories=[("Karin Wallin", "Stadsdelsdirektör")], attachments=["Program för trygghet"],
         phone="08-508 05 000", address="Box 3044, 162 03 Vällingby"),
    Spec("sodermalm", "sodermalm", "Södermalms stadsdelsnämnd", "Södermalms stadsdelsförvaltning",
         "Plan för parkernas utveckling 2024–2030", "KS 2024/0088", "Kommunstyrelsen", "plan",
         "Stadsdelsnämnden tillstyrker delvis planen och lämnar synpunkter enligt förvaltningens utlåtande.",
         "delvis", dnr="SÖ 2024/0123", date="2024-03-01", meeting="2024-03-21", handler="Elin Håkansson",
         signatories=[("Per-Olof Strand", "Stadsdelsdirektör"), ("Maja Berggren", "Enhetschef Park")],
         attachments=["Plan för parkernas utveckling", "Karta över parkerna"], phone="08-508 12 000",
         address="Box 4113, 102 62 Stockholm"),
    Spec("farsta", "farsta", "Farsta stadsdelsnämnd", "Farsta stadsdelsförvaltning",
         "Skrivelse om belysning på gång- och cykelvägar", "KS 2023/415", "Kommunstyrelsen", "skrivelse",
         "Stadsdelsnämnden lämnar synpunkter på skrivelsen i enlighet med förvaltningens förslag.",
         "synpunkter", dnr="FA 2023/211", date="2023-04-12", meeting="2023-05-04", handler="Oskar Lund",
         signatories=[("Anneli Sjöberg", "Stadsdelsdirektör"), ("Rasmus Holm", "Biträdande stadsdelsdirektör")],
         attachments=["Skrivelse om belysning"], phone="08-508 18 000", address="Box 8, 123 21 Farsta"),
    Spec("jarva", "jarva", "Järva stadsdelsnämnd", "Järva stadsdelsförvaltning",
         "Motion om sommarjobb för alla ungdomar", "KS 2023/1999", "Kommunstyrelsen", "motion",
         "Stadsdelsnämnden avstyrker motionen.", "avstyrker", dnr="JÄ 2023/890", date="2023-09-05",
         meeting="2023-09-28", paragraph="§ 14", handler="Fatima Yusuf",
         signatories=[("Ahmed Nur", "Ordförande"), ("Lena Björk", "Justerare"), ("Tove Ahl", "Sekreterare")],
         phone="08-508 06 000", address="Box 7059, 164 07 Kista"),
    Spec("bromma", "bromma", "Bromma stadsdelsnämnd", "Bromma stadsdelsförvaltning",
         "Motion om en ny simhall i Bromma", "KS 2021/655", "Kommunstyrelsen", "motion",
         "Stadsdelsnämnden tillstyrker motionen.", "tillstyrker", dnr="BRO 2021/341", date="2021-06-01",
         meeting="2021-06-17", paragraph="§ 9", handler="Gustav Ring",
         signatories=[("Anders Blom", "Ordförande"), ("Eva Kron", "Justerare"), ("Ida Falk", "Sekreterare")],
         phone="08-508 06 000", address="Box 15029, 167 15 Bromma"),
    Spec("sbn", "stadsbyggnadsnamnden", "Stadsbyggnadsnämnden", "Stadsbyggnadsnämnden",
         "Betänkandet En ny plan- och bygglag (SOU 2023:45)", "Fi2023/01234", "Finansdepartementet", "SOU",
         "Stadsbyggnadsnämnden tillstyrker förslagen i betänkandet med de synpunkter som framgår av yttrandet.",
         "tillstyrker", dnr="SBN 2023/4410", date="2023-11-23", handler="Johan Adolfsson",
         signatories=[("Cecilia Ek", "Ordförande"), ("Mats Vik", "Stadsbyggnadsdirektör")],
         phone="08-508 27 000", address="Box 8314, 104 20 Stockholm",
         archive_title="En ny plan- och bygglag (SOU 2023:45)"),
    Spec("ks", "kommunstyrelsen", "Kommunstyrelsen", "Kommunstyrelsen",
         "Promemorian Skärpta regler om tillstånd för alkoholservering (Ds 2022:18)", "Ju2022/03456",
         "Justitiedepartementet", "Ds",
         "Kommunstyrelsen avstyrker förslaget i promemorian.", "avstyrker", dnr="KS 2022/1550",
         date="2022-12-14", handler="Linnea Sköld",
         signatories=[("Anna Lindahl", "Finansborgarråd"), ("Erik Moberg", "Stadsdirektör")],
         phone="08-508 29 000", address="Stadshuset, 105 35 Stockholm",
         archive_title="Skärpta regler om tillstånd för alkoholservering (Ds 2022:18)"),
    Spec("kultur", "kulturnamnden", "Kulturnämnden", "Kulturförvaltningen",
         "Promemoria om statens stöd till folkbibliotek", "Ku2024/00412", "Kulturdepartementet", "promemoria",
         "Kulturnämnden lämnar synpunkter på promemorian och överlämnar förvaltningens tjänsteutlåtande som "
         "svar på remissen.", "synpunkter", dnr="KUN 2024/203", date="2024-02-08", meeting="2024-02-27",
         handler="Sofia Renström", signatories=[("Magnus Lindgren", "Förvaltningschef")],
         phone="08-508 31 000", address="Box 16113, 103 22 Stockholm"),
    Spec("skarpnack", "skarpnack", "Skarpnäcks stadsdelsnämnd", "Skarpnäcks stadsdelsförvaltning",
         "Detaljplan för bostäder vid Flatenvägen", "SBN 2023/02211", "Stadsbyggnadsnämnden", "detaljplan",
         "Stadsdelsnämnden avstår från att yttra sig över detaljplanen.", "avstår", dnr="SKA 2023/77",
         date="2023-02-10", meeting="2023-02-23", handler="Nils Grön",
         signatories=[("Ulrika Svärd", "Stadsdelsdirektör")], phone="08-508 15 000",
         address="Box 5093, 121 19 Johanneshov"),
    Spec("norra", "norra-innerstaden", "Norra innerstadens stadsdelsnämnd", "Norra innerstadens stadsdelsförvaltning",
         "Motion om cykelparkering vid skolor", "KS 2025/0310", "Kommunstyrelsen", "motion",
         "Stadsdelsnämnden tillstyrker motionen.", "tillstyrker", dnr="NI 2025/0044", date="2025-03-03",
         handler="Agnes Hed", signatories=[("Leo Sandin", "Stadsdelsdirektör")], phone="08-508 09 000",
         address="Box 6400, 113 82 Stockholm"),
    Spec("alvsjo", "alvsjo", "Älvsjö stadsdelsnämnd", "Älvsjö stadsdelsförvaltning",
         "Motion om lekplatser i Älvsjö", "KS 2018/0912", "Kommunstyrelsen", "motion",
         "Nämnden avstyrker motionen.", "avstyrker", dnr="ÄL 2018/150", date="2018-09-12",
         meeting="2018-09-27", handler="Berit Malm",
         signatories=[("Kjell Strömberg", "Stadsdelsdirektör")], phone="08-508 22 000",
         address="Box 78, 125 21 Älvsjö"),
]
for _spec in SPECS:
    if not _spec.sections:
        _spec.sections = _paragraphs(_spec.ref_title[0].lower() + _spec.ref_title[1:],
                                     _spec.board_name.split(" stadsdel")[0])
SPEC = {s.key: s for s in SPECS}


def sender_in_number(spec: Spec) -> str | None:
    """The sender, where a document names it only through the referral's number: the city's KS prefix or a
    department's (Fi, Ju, Ku …); another board's prefix is not in data/boards.yml, so it is unknown."""
    known = spec.ref_number.startswith("KS ") or spec.ref_number[:2] in ("Fi", "Ju", "Ku")
    return spec.sender if known else None


# --- PDF ---------------------------------------------------------------------------------------------------

def _pdf(header=None, footer=None):
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if header:
                header(self)

        def footer(self):
            if footer:
                footer(self)

    pdf = Doc(format="A4")
    pdf.add_font("Sans", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("Sans", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=30)
    pdf.set_margins(22, 20, 22)
    return pdf


def _text(pdf, text: str, size: float = 11, bold: bool = False, after: float = 3.0) -> None:
    pdf.set_font("Sans", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def _columns(pdf, left: list[str], right: list[str], size: float = 10) -> None:
    pdf.set_font("Sans", "", size)
    for a, b in zip(left + [""] * (len(right) - len(left)), right + [""] * (len(left) - len(right))):
        pdf.cell(95, 5.5, a)
        pdf.cell(0, 5.5, b, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _footer_lines(spec: Spec) -> list[str]:
    return [f"{spec.office}", f"Postadress {spec.address}  Växel {spec.phone}",
            "Org.nr 212000-0142  stockholm.se"]


def _page_footer(spec: Spec, with_page: bool = False):
    def draw(pdf):
        pdf.set_y(-25)
        pdf.set_font("Sans", "", 8)
        for line in _footer_lines(spec):
            pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT", align="C")
        if with_page:
            pdf.cell(0, 4, f"{pdf.page_no()} ({{nb}})", align="C")
    return draw


def _body_pdf(pdf, spec: Spec, numbered: bool = False, proposal_heading: str = "Förslag till beslut") -> None:
    heads = [(proposal_heading, [spec.proposal])] + spec.sections
    for n, (heading, paras) in enumerate(heads, start=1):
        _text(pdf, f"{n} {heading}" if numbered else heading, 12, True, 1.5)
        for para in paras:
            _text(pdf, para)


def _signatures_pdf(pdf, spec: Spec, new_page: bool = False) -> None:
    if new_page:
        pdf.add_page()
    else:
        pdf.ln(6)
    people = spec.signatories
    for pair in (people[i:i + 2] for i in range(0, len(people), 2)):
        pdf.set_font("Sans", "", 11)
        pdf.cell(85, 6, pair[0][0])
        pdf.cell(0, 6, pair[1][0] if len(pair) > 1 else "", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(85, 6, pair[0][1])
        pdf.cell(0, 6, pair[1][1] if len(pair) > 1 else "", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)


def _attachments_pdf(pdf, spec: Spec) -> None:
    if spec.attachments:
        _text(pdf, "Bilagor", 12, True, 1.5)
        for i, title in enumerate(spec.attachments, start=1):
            _text(pdf, f"{i}. {title}", after=0.5)


def pdf_two_column(spec: Spec, path: Path) -> dict:
    """Tjänsteutlåtande: office and type side by side, Handläggare left and "Till" right, each label over its
    value; a running header and an address footer on every page; headings by weight; names side by side."""
    def header(pdf):
        if pdf.page_no() > 1:
            pdf.set_font("Sans", "", 8)
            pdf.cell(0, 4, spec.office, new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 4, "Tjänsteutlåtande", new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 4, f"Dnr {spec.dnr}", new_x="LMARGIN", new_y="NEXT")
            pdf.cell(0, 4, f"Sida {pdf.page_no()} ({{nb}})", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)

    pdf = _pdf(header, _page_footer(spec))
    pdf.add_page()
    _columns(pdf, [spec.office], ["Tjänsteutlåtande", f"Dnr {spec.dnr}", f"Sida 1 ({{nb}})"])
    _columns(pdf, ["Handläggare", spec.handler, f"Telefon: {spec.phone}"],
             ["Till", spec.board_name, spec.meeting])
    _columns(pdf, [f"Datum {spec.date}"], [])
    _text(pdf, f"Remissvar {spec.ref_title}, {spec.ref_number}", 15, True, 4)
    _body_pdf(pdf, spec)
    _text(pdf, "Ekonomiska konsekvenser", 12, True, 1.5)
    for year in (2025, 2026, 2027):
        _text(pdf, f"För {year} bedömer förvaltningen att kostnaderna ryms inom nämndens budget, under "
                   "förutsättning att staden fördelar medel för genomförandet enligt förslaget. En närmare "
                   "bedömning görs i verksamhetsplanen, där effekterna för barn, äldre och personer med "
                   "funktionsnedsättning särskilt ska beskrivas och följas upp under året.")
    _signatures_pdf(pdf, spec)
    _attachments_pdf(pdf, spec)
    pdf.output(str(path))
    return spec.expected("tjänsteutlåtande")


def pdf_title_first(spec: Spec, path: Path) -> dict:
    """The title first, the facts after it as "Label: value" lines; numbered headings (1, 2, 2.1); a bullet
    list; the signature starts a new page; page numbers "Sida n av m" in the footer."""
    def footer(pdf):
        pdf.set_y(-18)
        pdf.set_font("Sans", "", 8)
        pdf.cell(0, 4, f"Sida {pdf.page_no()} av {{nb}}", align="R")

    pdf = _pdf(None, footer)
    pdf.add_page()
    _text(pdf, spec.office, 10, False, 6)
    _text(pdf, f"Svar på remiss av {spec.ref_title} ({spec.ref_number})", 16, True, 4)
    for label, value in (("Diarienummer", spec.dnr), ("Datum", long_date(spec.date)),
                         ("Handläggare", spec.handler), ("Sammanträdesdatum", spec.meeting)):
        _text(pdf, f"{label}: {value}", 10, False, 0.5)
    pdf.ln(5)
    _text(pdf, "1 Förslag till beslut", 12, True, 1.5)
    _text(pdf, spec.proposal)
    _text(pdf, "2 Ärendet", 12, True, 1.5)
    _text(pdf, spec.sections[1][1][0])
    _text(pdf, "2.1 Remissens huvudsakliga innehåll", 11, True, 1.5)
    for item in ("tydligare ansvar för genomförandet", "en plan för uppföljning", "samråd med invånarna"):
        _text(pdf, f"• Förslaget innebär {item}.", after=0.5)
    pdf.ln(2)
    _text(pdf, "3 Förvaltningens synpunkter", 12, True, 1.5)
    for para in spec.sections[2][1]:
        _text(pdf, para)
    _signatures_pdf(pdf, spec, new_page=True)
    _attachments_pdf(pdf, spec)
    pdf.output(str(path))
    return spec.expected(None)


def pdf_protokoll(spec: Spec, path: Path) -> dict:
    """Protokollsutdrag: § and meeting date at the top, Beslut, Beslutsunderlag, Yrkanden, Beslutsgång,
    Reservation, Särskilt uttalande; "Vid protokollet" and "Justerat" with the chair and adjuster side by side."""
    pdf = _pdf(None, _page_footer(spec, with_page=False))
    pdf.add_page()
    _columns(pdf, ["Protokollsutdrag", spec.board_name], [f"Sammanträdesdatum {spec.meeting}", spec.paragraph,
                                                           f"Dnr {spec.dnr}"])
    _text(pdf, f"Svar på remiss av {spec.ref_title}, {spec.ref_number}", 13, True, 3)
    _text(pdf, "Beslut", 12, True, 1.5)
    _text(pdf, spec.proposal)
    _text(pdf, "Beslutsunderlag", 12, True, 1.5)
    _text(pdf, f"Förvaltningens tjänsteutlåtande daterat {long_date(spec.date)}.")
    _text(pdf, "Yrkanden", 12, True, 1.5)
    _text(pdf, f"Ordföranden {spec.signatories[0][0]} yrkar bifall till förvaltningens förslag.")
    _text(pdf, "Beslutsgång", 12, True, 1.5)
    _text(pdf, "Ordföranden ställer proposition på förslaget och finner att nämnden beslutar enligt det.")
    _text(pdf, "Reservation", 12, True, 1.5)
    _text(pdf, "Ledamöterna från oppositionen reserverar sig mot beslutet till förmån för eget förslag.")
    _text(pdf, "Särskilt uttalande", 12, True, 1.5)
    _text(pdf, "Vänsterpartiets ledamot lämnar ett särskilt uttalande enligt bilaga.")
    chair, adjuster, secretary = spec.signatories
    pdf.ln(4)
    _text(pdf, "Vid protokollet", 11, False, 0.5)
    _text(pdf, secretary[0], 11, False, 3)
    _text(pdf, f"Justerat {later(spec.meeting, 3)}", 11, False, 0.5)
    _columns(pdf, [chair[0], chair[1]], [adjuster[0], adjuster[1]], 11)
    pdf.output(str(path))
    return spec.expected("protokollsutdrag", date=spec.meeting, handler=None,
                         signatories=[{"name": secretary[0], "role": "Sekreterare"},
                                      {"name": chair[0], "role": "Ordförande"},
                                      {"name": adjuster[0], "role": "Justerare"}])


def pdf_yttrande(spec: Spec, path: Path) -> dict:
    """Yttrande to a ministry: the board's own letterhead, "Till Regeringskansliet / <department>", the
    department's number under "Er beteckning", the SOU in the title, numbered headings (4.2 …)."""
    pdf = _pdf(None, _page_footer(spec))
    pdf.add_page()
    _columns(pdf, [spec.office, "Yttrande"], [f"Datum {spec.date}", f"Dnr {spec.dnr}",
                                               f"Er beteckning {spec.ref_number}"])
    _columns(pdf, [], ["Till", "Regeringskansliet", spec.sender])
    _text(pdf, f"Yttrande över {spec.ref_title}", 14, True, 4)
    _text(pdf, "1 Sammanfattande ställningstagande", 12, True, 1.5)
    _text(pdf, spec.proposal)
    _text(pdf, "4 Synpunkter på förslagen", 12, True, 1.5)
    _text(pdf, "4.1 Allmänt", 11, True, 1.5)
    _text(pdf, spec.sections[2][1][0])
    _text(pdf, "4.2 Synpunkter på förslaget om tidsfrister", 11, True, 1.5)
    _text(pdf, spec.sections[2][1][1])
    _signatures_pdf(pdf, spec)
    pdf.output(str(path))
    return spec.expected("yttrande", handler=None, decision__date=None)


# --- DOCX --------------------------------------------------------------------------------------------------

def _docx_base(spec: Spec, header: str | None = None):
    from docx import Document

    doc = Document()
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = f"{spec.office}\nPostadress {spec.address}\nVäxel {spec.phone}  stockholm.se"
    return doc


def _docx_table(doc, rows: list[list[str]]):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def _docx_body(doc, spec: Spec, with_lists: bool = True) -> None:
    doc.add_heading("Förslag till beslut", level=2)
    doc.add_paragraph(spec.proposal)
    for heading, paras in spec.sections:
        doc.add_heading(heading, level=2)
        for para in paras:
            doc.add_paragraph(para)
        if with_lists and heading == "Bakgrund":
            for item in ("Remissen kom in till förvaltningen.", "Förvaltningen tog fram ett utlåtande."):
                doc.add_paragraph(item, style="List Number")
            for item in ("samråd med föreningar", "dialog med skolor"):
                doc.add_paragraph(item, style="List Bullet")


def _docx_signature_table(doc, spec: Spec) -> None:
    people = spec.signatories
    _docx_table(doc, [[n for n, _ in people], [r for _, r in people]])


def _docx_attachments(doc, spec: Spec) -> None:
    if spec.attachments:
        doc.add_heading("Bilagor", level=2)
        for i, title in enumerate(spec.attachments, start=1):
            doc.add_paragraph(f"{i}. {title}")


def docx_fact_table(spec: Spec, path: Path) -> dict:
    """The title a Heading 1 with no "Remissvar" in it; the facts in a table (label cell, value cell); Word's
    automatic numbering and bullets; a table of comments per chapter; signatures in a table; header and footer
    parts."""
    doc = _docx_base(spec, header=f"{spec.office}\tTjänsteutlåtande")
    doc.add_heading(f"{spec.ref_title} – svar på remiss", level=1)
    _docx_table(doc, [["Dnr", spec.dnr], ["Datum", spec.date], ["Handläggare", spec.handler],
                      ["Till", spec.board_name], ["Sammanträdesdatum", spec.meeting],
                      ["Remissens diarienummer", spec.ref_number]])
    _docx_body(doc, spec)
    doc.add_heading("Synpunkter per kapitel", level=2)
    _docx_table(doc, [["Kapitel", "Synpunkt"], ["2.1", "Förvaltningen delar beskrivningen."],
                      ["4.2", "Tidsplanen behöver förlängas."]])
    _docx_signature_table(doc, spec)
    _docx_attachments(doc, spec)
    doc.save(str(path))
    return spec.expected("tjänsteutlåtande")


def docx_label_over_value(spec: Spec, path: Path) -> dict:
    """Each label on its own line and its value on the next ("Till" / board / meeting date); the title a
    Heading 1 after the facts; the signature as names on one line and titles on the next, tab-separated."""
    doc = _docx_base(spec)
    for text in [spec.office, "Tjänsteutlåtande", "Dnr", spec.dnr, "Datum", long_date(spec.date), "Handläggare",
                 spec.handler, f"Telefon {spec.phone}", "Till", spec.board_name, spec.meeting]:
        doc.add_paragraph(text)
    doc.add_heading(f"Remissvar {spec.ref_title}, {spec.ref_number}", level=1)
    _docx_body(doc, spec, with_lists=False)
    people = spec.signatories
    doc.add_paragraph("\t".join(n for n, _ in people) + "\n" + "\t".join(r for _, r in people))
    _docx_attachments(doc, spec)
    doc.save(str(path))
    return spec.expected("tjänsteutlåtande")


def docx_protokoll(spec: Spec, path: Path) -> dict:
    """Protokollsutdrag in Word: facts on lines, "§ 14" before the title, the sections a protokoll has, the
    Justerat block as a table (names over Ordförande | Justerare)."""
    doc = _docx_base(spec, header=f"{spec.board_name}  Protokollsutdrag")
    for text in [spec.board_name, "Protokollsutdrag", f"Sammanträdesdatum: {long_date(spec.meeting)}",
                 f"Diarienummer: {spec.dnr}"]:
        doc.add_paragraph(text)
    doc.add_heading(f"{spec.paragraph} Remiss av {spec.ref_title}, {spec.ref_number} – svar", level=1)
    doc.add_heading("Beslut", level=2)
    doc.add_paragraph(spec.proposal)
    for heading, text in (("Beslutsunderlag", "Förvaltningens tjänsteutlåtande."),
                          ("Yrkanden", f"{spec.signatories[0][0]} yrkar bifall till förvaltningens förslag."),
                          ("Beslutsgång", "Nämnden beslutar enligt ordförandens förslag."),
                          ("Reservation", "Ledamöterna från oppositionen reserverar sig mot beslutet.")):
        doc.add_heading(heading, level=2)
        doc.add_paragraph(text)
    chair, adjuster, secretary = spec.signatories
    doc.add_paragraph("Vid protokollet")
    doc.add_paragraph(secretary[0])
    doc.add_paragraph("Justerat")
    _docx_table(doc, [[chair[0], adjuster[0]], ["Ordförande", "Justerare"]])
    doc.save(str(path))
    return spec.expected("protokollsutdrag", date=spec.meeting, handler=None,
                         signatories=[{"name": secretary[0], "role": "Sekreterare"},
                                      {"name": chair[0], "role": "Ordförande"},
                                      {"name": adjuster[0], "role": "Justerare"}])


def docx_yttrande(spec: Spec, path: Path) -> dict:
    """Yttrande to a department in Word: the department's number in the title in parentheses, facts after
    the title, "Name, title" signatures."""
    doc = _docx_base(spec)
    doc.add_paragraph(spec.office)
    doc.add_paragraph("Yttrande")
    doc.add_heading(f"Remissvar: {spec.ref_title} ({spec.ref_number})", level=1)
    for text in (f"Datum: {spec.date}", f"Vårt dnr: {spec.dnr}", f"Till: {spec.sender}"):
        doc.add_paragraph(text)
    doc.add_heading("Ställningstagande", level=2)
    doc.add_paragraph(spec.proposal)
    doc.add_heading("Synpunkter", level=2)
    for para in spec.sections[2][1]:
        doc.add_paragraph(para)
    for name, role in spec.signatories:
        doc.add_paragraph(f"{name}, {role.lower()}")
    doc.save(str(path))
    return spec.expected("yttrande", handler=None, decision__date=None)


def docx_skrivelse(spec: Spec, path: Path) -> dict:
    """Skrivelse: facts two-column with tabs ("Datum\tDnr"), the title in bold typed text, no heading styles."""
    doc = _docx_base(spec)
    doc.add_paragraph(f"{spec.office}\tSkrivelse")
    doc.add_paragraph(f"Handläggare: {spec.handler}, utredare\tDatum: {spec.date}")
    doc.add_paragraph(f"Telefon: {spec.phone}\tDnr: {spec.dnr}")
    doc.add_paragraph(f"Till {spec.board_name} {spec.meeting}")
    doc.add_paragraph().add_run(f"Svar på remiss om {spec.ref_title}, {spec.ref_number}").bold = True
    doc.add_paragraph("Förslag till beslut")
    doc.add_paragraph(spec.proposal)
    for heading, paras in spec.sections:
        doc.add_paragraph(heading)
        for para in paras:
            doc.add_paragraph(para)
    for name, role in spec.signatories:
        doc.add_paragraph(name)
        doc.add_paragraph(role)
    doc.save(str(path))
    return spec.expected("skrivelse", referral__sender=sender_in_number(spec))


# --- text and e-mail ---------------------------------------------------------------------------------------

def text_plain(spec: Spec, path: Path) -> dict:
    """Text as a PDF reader saves it: hard-wrapped lines, the facts after the title, form feeds between pages
    with a running header, names run together over titles run together."""
    lines = [spec.office, "", f"Remissvar {spec.ref_title}, {spec.ref_number}", f"Dnr {spec.dnr}",
             f"Datum {spec.date}", "", "Förslag till beslut", *textwrap.wrap(spec.proposal, 70), ""]
    for heading, paras in spec.sections:
        lines += [heading, *[ln for p in paras for ln in [*textwrap.wrap(p, 70), ""]]]
        if heading == "Bakgrund":
            lines += ["\f" + spec.office, f"Dnr {spec.dnr}", "Sida 2 (2)", ""]
    lines += [" ".join(n for n, _ in spec.signatories), " ".join(r for _, r in spec.signatories), ""]
    if spec.attachments:
        lines += ["Bilagor", *[f"{i}. {t}" for i, t in enumerate(spec.attachments, start=1)]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spec.expected(None, handler=None, decision__date=None)


def _mail_body(spec: Spec) -> list[str]:
    name, role = spec.signatories[0]
    return ["Hej!", "", f"Här kommer {spec.board_name}s svar på remissen. {spec.proposal}", "",
            spec.sections[2][1][0], "", "Med vänliga hälsningar", "", name, role, spec.office,
            f"Telefon {spec.phone}", f"{name.split()[0].lower()}.{name.split()[-1].lower()}@example.invalid",
            "www.stockholm.se"]


def mail_outlook_text(spec: Spec, path: Path) -> dict:
    """An e-mail saved as text from Outlook: Windows-1252, CRLF, Swedish headers with a long Swedish date."""
    sent = dt.date.fromisoformat(spec.date)
    weekday = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"][sent.weekday()]
    name = spec.signatories[0][0]
    lines = [f"Från: {name} <{name.split()[0].lower()}@example.invalid>",
             f"Skickat: den {weekday} {long_date(spec.date)} 14:32",
             f"Till: {spec.sender} <registrator@example.invalid>",
             "Kopia: Registrator <registrator.kopia@example.invalid>",
             f"Ämne: SV: Remissvar {spec.ref_title}, {spec.ref_number}", "", *_mail_body(spec)]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return spec.expected(None, case_number=None, handler=name, decision__date=None,
                         signatories=[{"name": name, "role": spec.signatories[0][1]}])


def mail_eml(spec: Spec, path: Path, html: bool = False) -> dict:
    """An .eml: RFC 5322 headers, a plain-text or HTML body, an attachment."""
    name = spec.signatories[0][0]
    message = email.message.EmailMessage()
    message["From"] = f"{name} <{name.split()[0].lower()}@example.invalid>"
    message["To"] = f"{spec.sender} <registrator@example.invalid>"
    message["Subject"] = f"Remissvar – {spec.ref_title} ({spec.ref_number})"
    day = dt.datetime.fromisoformat(spec.date + "T09:15:00+01:00")
    message["Date"] = email.utils.format_datetime(day)
    body = _mail_body(spec)
    if html:
        message.set_content("Se HTML-versionen.")
        message.add_alternative("<html><body>" + "".join(f"<p>{ln}</p>" if ln else "" for ln in body)
                                + "</body></html>", subtype="html")
    else:
        message.set_content("\n".join(body))
    message.add_attachment(b"%PDF-1.4\n", maintype="application", subtype="pdf", filename="remissvar.pdf")
    path.write_bytes(bytes(message))
    return spec.expected(None, case_number=None, handler=name, decision__date=None,
                         signatories=[{"name": name, "role": spec.signatories[0][1]}])


def mail_eml_html(spec: Spec, path: Path) -> dict:
    return mail_eml(spec, path, html=True)


# --- a scan ------------------------------------------------------------------------------------------------

def scan_with_stamp(spec: Spec, path: Path) -> dict:
    """A paper answer scanned to PDF: the page is an image; the only text layer is a registrar's stamp of three
    short lines. Read only by OCR."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 30)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 40)
    y = 180
    lines = [(spec.office, regular), ("Tjänsteutlåtande", regular), (f"Dnr {spec.dnr}", regular),
             (f"Datum {spec.date}", regular), ("", regular),
             *[(ln, bold) for ln in textwrap.wrap(f"Remissvar {spec.ref_title}, {spec.ref_number}", 48)],
             ("", regular), ("Förslag till beslut", bold), *[(ln, regular) for ln in textwrap.wrap(spec.proposal, 70)],
             ("", regular), ("Förvaltningens synpunkter", bold),
             *[(ln, regular) for ln in textwrap.wrap(spec.sections[2][1][0], 70)], ("", regular),
             (spec.signatories[0][0], regular), (spec.signatories[0][1], regular)]
    for text, font in lines:
        draw.text((160, y), text, font=font, fill=0)
        y += 58 if font is bold else 46
    png = path.with_suffix(".png")
    image.save(png)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210, h=297)
    pdf.set_font("Helvetica", size=7)
    for i, text in enumerate(["STOCKHOLMS STAD", f"Inkom {later(spec.date, 2)}",
                              f"Dnr {spec.dnr}"]):
        pdf.set_xy(160, 8 + i * 3.5)
        pdf.cell(0, 3, text)
    pdf.output(str(path))
    png.unlink()
    return spec.expected("tjänsteutlåtande", handler=None, decision__date=None,
                         signatories=[{"name": spec.signatories[0][0], "role": spec.signatories[0][1]}])


@dataclass
class Document:
    name: str
    make: object
    spec: Spec
    ocr: bool = False

    def write(self, folder: Path) -> tuple[Path, dict]:
        path = folder / self.name
        return path, self.make(self.spec, path)


CORPUS = [
    Document("spanga-tva-kolumner.pdf", pdf_two_column, SPEC["spanga"]),
    Document("hasselby-tva-kolumner.pdf", pdf_two_column, SPEC["hasselby"]),
    Document("sodermalm-rubrik-forst.pdf", pdf_title_first, SPEC["sodermalm"]),
    Document("norra-rubrik-forst.pdf", pdf_title_first, SPEC["norra"]),
    Document("jarva-protokollsutdrag.pdf", pdf_protokoll, SPEC["jarva"]),
    Document("bromma-protokollsutdrag.pdf", pdf_protokoll, SPEC["bromma"]),
    Document("sbn-yttrande-sou.pdf", pdf_yttrande, SPEC["sbn"]),
    Document("ks-yttrande-ds.pdf", pdf_yttrande, SPEC["ks"]),
    Document("sodermalm-faktatabell.docx", docx_fact_table, SPEC["sodermalm"]),
    Document("farsta-faktatabell.docx", docx_fact_table, SPEC["farsta"]),
    Document("hasselby-etikett-over-varde.docx", docx_label_over_value, SPEC["hasselby"]),
    Document("alvsjo-etikett-over-varde.docx", docx_label_over_value, SPEC["alvsjo"]),
    Document("bromma-protokollsutdrag.docx", docx_protokoll, SPEC["bromma"]),
    Document("jarva-protokollsutdrag.docx", docx_protokoll, SPEC["jarva"]),
    Document("ks-yttrande-ds.docx", docx_yttrande, SPEC["ks"]),
    Document("kultur-yttrande-promemoria.docx", docx_yttrande, SPEC["kultur"]),
    Document("farsta-skrivelse.docx", docx_skrivelse, SPEC["farsta"]),
    Document("skarpnack-skrivelse.docx", docx_skrivelse, SPEC["skarpnack"]),
    Document("spanga-text.txt", text_plain, SPEC["spanga"]),
    Document("kultur-text.txt", text_plain, SPEC["kultur"]),
    Document("norra-outlook.txt", mail_outlook_text, SPEC["norra"]),
    Document("skarpnack-outlook.txt", mail_outlook_text, SPEC["skarpnack"]),
    Document("farsta-e-post.eml", mail_eml, SPEC["farsta"]),
    Document("alvsjo-e-post-html.eml", mail_eml_html, SPEC["alvsjo"]),
    Document("sodermalm-inskannad.pdf", scan_with_stamp, SPEC["sodermalm"], ocr=True),
    Document("kultur-inskannad.pdf", scan_with_stamp, SPEC["kultur"], ocr=True),
]
