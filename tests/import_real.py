"""The real-document corpus (tests/fixtures/import-real/): documents, their rebuild files, and the rebuilt files.

A transcript keeps a real document's words; its `<doc>.rebuild.txt` gives them back their lines and places (see the
corpus README). `write` makes the file a registrar would hold: Word, PDF, scan or e-mail, as the document's `layout`
says. Used by bench/import_real.py and tests/test_import_real.py.

    python tests/import_real.py --check        # every rebuild holds its transcript's words, and no others
    python tests/import_real.py --write DIR    # write every rebuilt file into DIR
    python tests/import_real.py --assign       # put documents new to split.yml in their half (its rule)
"""
from __future__ import annotations

import argparse
import datetime as dt
import email.message
import email.utils
import io
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests/fixtures/import-real"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SUFFIX = {"word": ".docx", "pdf": ".pdf", "scan": ".pdf", "email": ".eml"}
SHORT_LINE = 70  # characters: a paragraph of shorter lines only is a block of lines, not prose


@dataclass
class Block:
    kind: str            # title, heading, item, para, page
    text: str = ""


@dataclass
class Rebuild:
    letterhead: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=lambda: ["", "", ""])
    footer: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def words(self) -> list[str]:
        """The transcript's words as this rebuild holds them (letterhead excluded: it is not from the transcript)."""
        parts = [*self.header, self.footer, *self.dropped, *(f"{a} {b}" for a, b in self.facts),
                 *(b.text for b in self.blocks)]
        return " ".join(parts).split()

    def lines(self) -> list[str]:
        """The body as lines, for a text or e-mail layout."""
        out = []
        for b in self.blocks:
            if b.kind == "page":
                continue
            if b.kind in ("title", "heading") and out and out[-1]:
                out.append("")
            out.append(("• " if b.kind == "item" else "") + b.text)
            if b.kind != "item":
                out.append("")
        return out


def parse_rebuild(text: str) -> Rebuild:
    r = Rebuild()
    para: list[str] = []
    in_facts = False

    def flush():
        if para:
            # short lines (an address, a contact block, a signature) keep their breaks; prose is one paragraph
            short = len(para) > 1 and all(len(line) < SHORT_LINE for line in para)
            r.blocks.append(Block("para", ("\n" if short else " ").join(para)))
            para.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if in_facts:
            if not line:
                in_facts = False
                continue
            label, _, value = line.partition("|")
            r.facts.append((label.strip(), value.strip()))
            continue
        if not line:
            flush()
            continue
        if line.startswith("@"):
            flush()
            word, _, rest = line[1:].partition(" ")
            rest = rest.strip()
            if word == "letterhead":
                r.letterhead.append(rest)
            elif word == "header":
                r.header = ([p.strip() for p in rest.split("|")] + ["", "", ""])[:3]
            elif word == "footer":
                r.footer = rest
            elif word == "facts":
                in_facts = True
            elif word == "drop":
                r.dropped.append(rest)
            elif word == "page":
                r.blocks.append(Block("page"))
            else:
                raise ValueError(f"okänd layoutrad: {raw!r}")
            continue
        if line.startswith("# "):
            flush()
            r.blocks.append(Block("title", line[2:].strip()))
        elif line.startswith("## "):
            flush()
            r.blocks.append(Block("heading", line[3:].strip()))
        elif line.startswith("- "):
            flush()
            r.blocks.append(Block("item", line[2:].strip()))
        else:
            para.append(line)
    flush()
    return r


def _iso(value):
    """An expected value as YAML reads it (dates become dates) compared as the importer gives it (ISO text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


@dataclass
class Doc:
    org: str
    id: str
    meta: dict
    half: str | None

    @property
    def key(self) -> str:
        return f"{self.org}/{self.id}"

    @property
    def folder(self) -> Path:
        return CORPUS / self.org

    @property
    def layout(self) -> str:
        return self.meta.get("layout") or "pdf"

    @property
    def transcript(self) -> str:
        return (self.folder / f"{self.id}.txt").read_text(encoding="utf-8")

    @property
    def rebuild_path(self) -> Path:
        return self.folder / f"{self.id}.rebuild.txt"

    def expected(self) -> dict:
        """The fields that have a value (issue 36's measure counts only those), dates as the importer gives them."""
        return {k: _iso(v) for k, v in (self.meta.get("expected") or {}).items() if v not in (None, [], "")}

    def registry(self):
        """The organisation's own registry, as its archive would read the document."""
        from remissarkiv.model.boards import BoardRegistry

        return BoardRegistry.load(self.folder / "boards.yml")

    def rebuild(self) -> Rebuild:
        return parse_rebuild(self.rebuild_path.read_text(encoding="utf-8"))

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.org}--{self.id}{SUFFIX[self.layout]}"
        WRITERS[self.layout](self, self.rebuild(), path)
        return path


def documents(half: str | None = None) -> list[Doc]:
    split = yaml.safe_load((CORPUS / "split.yml").read_text(encoding="utf-8")) or {}
    halves = {key: name for name in ("tune", "holdout") for key in split.get(name) or []}
    docs = []
    for meta_path in sorted(CORPUS.glob("*/*.yml")):
        if meta_path.name == "boards.yml":
            continue
        org, doc_id = meta_path.parent.name, meta_path.stem
        doc = Doc(org, doc_id, yaml.safe_load(meta_path.read_text(encoding="utf-8")), halves.get(f"{org}/{doc_id}"))
        if half is None or doc.half == half:
            docs.append(doc)
    return docs


def check(doc: Doc) -> list[str]:
    """Differences between the transcript's words and the rebuild's, as lines; empty when they agree."""
    if not doc.rebuild_path.exists():
        return [f"{doc.key}: {doc.rebuild_path.name} saknas"]
    rebuild = doc.rebuild()
    problems = []
    for line in rebuild.letterhead:
        if re.search(r"\d", line):
            problems.append(f"{doc.key}: @letterhead har siffror: {line!r}")
    want, got = Counter(doc.transcript.split()), Counter(rebuild.words())
    missing, extra = want - got, got - want
    if missing:
        problems.append(f"{doc.key}: saknas i rebuild: {sorted(missing.elements())[:30]}")
    if extra:
        problems.append(f"{doc.key}: finns inte i transkriptet: {sorted(extra.elements())[:30]}")
    return problems


# Which half a kind group's first document went to (split.yml's rule); a kind not listed starts with tune.
GROUP_START = {"protokollsutdrag": "tune", "skrivelse": "holdout", "tjänsteutlåtande": "tune", "yttrande": "holdout"}


def assign() -> list[str]:
    """Give each document not yet in split.yml the next label of its kind group's alternation, in the order of
    their keys; nothing already assigned moves. Returns the lines added."""
    path = CORPUS / "split.yml"
    text = path.read_text(encoding="utf-8")
    docs = documents()
    counts: dict[str, int] = {}
    for d in docs:
        if d.half:
            counts[d.meta.get("kind")] = counts.get(d.meta.get("kind"), 0) + 1
    added: dict[str, list[str]] = {"tune": [], "holdout": []}
    for d in sorted((d for d in docs if not d.half), key=lambda d: d.key):
        kind = d.meta.get("kind")
        start = GROUP_START.get(kind, "tune")
        other = "holdout" if start == "tune" else "tune"
        n = counts.get(kind, 0)
        label = start if n % 2 == 0 else other
        counts[kind] = n + 1
        added[label].append(f"  - {d.key:<55} # {kind}")
    head, _, holdout = text.partition("holdout:\n")
    text = head.rstrip("\n") + "\n" + "".join(l + "\n" for l in added["tune"]) + "holdout:\n" + \
        holdout.rstrip("\n") + "\n" + "".join(l + "\n" for l in added["holdout"])
    path.write_text(text, encoding="utf-8")
    return [f"tune: {l.strip()}" for l in added["tune"]] + [f"holdout: {l.strip()}" for l in added["holdout"]]


# ---------------------------------------------------------------- writers

def _date_of(doc: Doc) -> dt.date | None:
    value = (doc.meta.get("expected") or {}).get("date")
    return value if isinstance(value, dt.date) else None


def _rng(doc: Doc) -> random.Random:
    return random.Random(doc.key)


def write_word(doc: Doc, r: Rebuild, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    section = d.sections[0]
    header = section.header
    top = header.paragraphs[0]
    top.text = "  ".join(r.letterhead)
    if any(r.header):
        table = header.add_table(rows=1, cols=3, width=section.page_width - section.left_margin - section.right_margin)
        for cell, text in zip(table.rows[0].cells, r.header):
            cell.text = text
    if r.facts:
        # Real templates put the facts table in the first page's header, where text extraction rarely looks.
        facts = header.add_table(rows=0, cols=2, width=section.page_width - section.left_margin - section.right_margin)
        for label, value in r.facts:
            row = facts.add_row().cells
            row[0].text, row[1].text = label, value
    if r.footer:
        section.footer.paragraphs[0].text = r.footer
    for b in r.blocks:
        if b.kind == "page":
            d.add_page_break()
        elif b.kind == "title":
            run = d.add_paragraph().add_run(b.text)
            run.bold, run.font.size = True, Pt(16)
        elif b.kind == "heading":
            d.add_heading(b.text, level=2)
        elif b.kind == "item":
            d.add_paragraph(b.text, style="List Bullet")
        else:
            para = d.add_paragraph()
            for i, line in enumerate(b.text.split("\n")):
                if i:
                    para.runs[-1].add_break()  # a line break inside the paragraph, as Shift+Enter makes
                para.add_run(line)
    d.save(str(path))


def _pdf(doc: Doc, r: Rebuild):
    from fpdf import FPDF

    class Paper(FPDF):
        def header(self):
            self.set_font("dejavu", size=8)
            if self.page_no() == 1 and r.letterhead:
                self.set_font("dejavu", "B", 13)
                self.cell(0, 6, "  ".join(r.letterhead), new_x="LMARGIN", new_y="NEXT")
                self.set_font("dejavu", size=8)
            left, centre, right = r.header
            y = self.get_y()
            self.cell(60, 4, left)
            self.cell(60, 4, centre, align="C")
            self.cell(0, 4, f"{right}  {self.page_no()} ({{nb}})".strip(), align="R", new_x="LMARGIN", new_y="NEXT")
            self.set_y(max(self.get_y(), y + 8))

        def footer(self):
            if r.footer:
                self.set_y(-15)
                self.set_font("dejavu", size=7)
                self.cell(0, 4, r.footer, align="C")

    pdf = Paper(format="A4")
    pdf.add_font("dejavu", fname=str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", fname=str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=20)
    pdf.alias_nb_pages()
    pdf.add_page()
    if r.facts:
        pdf.set_font("dejavu", size=9)
        for label, value in r.facts:
            pdf.set_x(110)
            pdf.cell(30, 4.5, label)
            pdf.multi_cell(0, 4.5, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    for b in r.blocks:
        if b.kind == "page":
            pdf.add_page()
        elif b.kind == "title":
            pdf.set_font("dejavu", "B", 14)
            pdf.multi_cell(0, 7, b.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif b.kind == "heading":
            pdf.ln(2)
            pdf.set_font("dejavu", "B", 11)
            pdf.multi_cell(0, 5.5, b.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif b.kind == "item":
            pdf.set_font("dejavu", size=10.5)
            pdf.set_x(pdf.l_margin + 5)
            pdf.multi_cell(0, 5, f"• {b.text}", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("dejavu", size=10.5)
            pdf.multi_cell(0, 5, b.text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
    return pdf


def write_pdf(doc: Doc, r: Rebuild, path: Path) -> None:
    _pdf(doc, r).output(str(path))


def scan_settings(doc: Doc) -> dict:
    """Each scanned document gets its own paper and scanner, chosen from its key (so the corpus is stable)."""
    rng = _rng(doc)
    return {"dpi": rng.choice([150, 200, 300]), "skew": rng.uniform(-2.0, 2.0), "grey": rng.choice([255, 240, 228]),
            "speckles": rng.choice([0, 400, 1500]), "blur": rng.choice([0, 0.6, 0.9]), "seed": rng.randrange(1 << 30)}


def write_scan(doc: Doc, r: Rebuild, path: Path) -> None:
    """Print the PDF, scan it: every page an image at 150–300 dpi, grey paper, a little skew, speckles and blur,
    and a registrar's receipt stamp; no text layer."""
    import pypdfium2
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    s = scan_settings(doc)
    rng = random.Random(s["seed"])
    pages = []
    printed = pypdfium2.PdfDocument(bytes(_pdf(doc, r).output()))
    for number in range(len(printed)):
        page = printed[number].render(scale=s["dpi"] / 72, grayscale=True).to_pil().convert("L")
        if s["grey"] < 255:
            page = page.point(lambda v, g=s["grey"]: min(v, g))
        if number == 0:
            draw = ImageDraw.Draw(page)
            font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), max(12, s["dpi"] // 9))
            x, y = int(page.width * 0.62), int(page.height * 0.04)
            draw.rectangle([x - 10, y - 10, x + int(page.width * 0.3), y + s["dpi"] // 2], outline=90, width=3)
            draw.text((x, y), "INKOM", font=font, fill=90)
        page = page.rotate(s["skew"], resample=Image.BICUBIC, expand=False, fillcolor=s["grey"])
        if s["speckles"]:
            px = page.load()
            for _ in range(s["speckles"] * s["dpi"] // 150):
                px[rng.randrange(page.width), rng.randrange(page.height)] = rng.choice([0, 60])
        if s["blur"]:
            page = page.filter(ImageFilter.GaussianBlur(s["blur"] * s["dpi"] / 200))
        pages.append(page)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=s["dpi"], save_all=True, append_images=pages[1:])
    path.write_bytes(buffer.getvalue())


def write_email(doc: Doc, r: Rebuild, path: Path) -> None:
    """The answer as a registrar receives it: forwarded from the writer's mailbox, the original's header in the
    body, the facts and the text below it."""
    boards = yaml.safe_load((doc.folder / "boards.yml").read_text(encoding="utf-8")) or {}
    org = (boards.get("organisation") or {}).get("name") or doc.org
    subject = next((b.text for b in r.blocks if b.kind == "title"), "Remissvar")
    msg = email.message.EmailMessage()
    msg["From"] = "Registrator <registrator@example.se>"
    msg["To"] = "Arkivet <arkiv@example.se>"
    msg["Subject"] = f"VB: {subject}"
    when = _date_of(doc)
    if when:
        msg["Date"] = email.utils.format_datetime(dt.datetime(when.year, when.month, when.day, 9, 30,
                                                              tzinfo=dt.timezone.utc))
    lines = ["För diariet.", "", "-----Ursprungligt meddelande-----", f"Från: {org} <kansli@example.se>",
             "Till: registrator@example.se", f"Ämne: {subject}", ""]
    lines += [f"{label}: {value}" for label, value in r.facts]
    if any(r.header):
        lines.insert(len(lines) - len(r.facts), "  ".join(p for p in r.header if p))
    lines += [""] + r.lines()
    if r.footer:
        lines += ["", r.footer]
    msg.set_content("\n".join(lines))
    path.write_bytes(bytes(msg))


WRITERS = {"word": write_word, "pdf": write_pdf, "scan": write_scan, "email": write_email}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--write", type=Path)
    parser.add_argument("--assign", action="store_true", help="ge nya dokument en halva enligt split.yml")
    args = parser.parse_args()
    if args.assign:
        print("\n".join(assign()) or "inga nya dokument")
        return 0
    docs = documents()
    if args.check:
        problems = [p for d in docs for p in check(d)]
        print("\n".join(problems) or f"{len(docs)} dokument: rebuild och transkript har samma ord")
        return 1 if problems else 0
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for d in docs:
            print(d.write(args.write))
    return 0


if __name__ == "__main__":
    sys.exit(main())
