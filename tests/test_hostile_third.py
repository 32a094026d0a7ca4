"""Hostile input, third round (issue 35): the importer's worst cases end within 10 s and 1 GB, imported or refused
in one Swedish sentence; and imported text stays text – markup that a document quotes is shown, never run.

Every hostile file is made here, in a few variants of each shape. Each import runs as `remissarkiv import
--stdout` in a process of its own under an address-space limit, timed from outside, its peak memory read from
the kernel's account of the processes it waited for (the import reads the document in a child of its own).
"""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from remissarkiv.site import sanitize
from remissarkiv.site.render import DEFAULT_EXTENSIONS
from remissarkiv.tools.importer import body as body_module

from .conftest import make_project

SECONDS = 10            # what each import may take, start to end …
MEMORY = 1 << 30        # … and its peak resident memory
ADDRESS_SPACE = 3 << 29  # 1.5 GB: the wall that stops a run that would grow past what is allowed
PATIENCE = 30           # seconds before a run is stopped as failed (past the limit, so old code fails, not hangs)


# -- Shapes: PDF --------------------------------------------------------------------------------------------

def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; object 1 the catalog) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%b\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", flate: bool = False, damaged: bool = False) -> bytes:
    """A stream object; `damaged`: Flate data whose checksum is wrong (pdfminer then recovers it byte by byte)."""
    if flate:
        data, extra = zlib.compress(data, 9), extra + b" /Filter /FlateDecode"
        data = data[:-4] + bytes(4) if damaged else data
    return b"<< /Length %d%b >>\nstream\n%b\nendstream" % (len(data), extra, data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Remissvar om lekplatser) Tj ET\n"
PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> %b>> >>")


def page_tree(repeats: int, inner: int = 0) -> bytes:
    """One page named `repeats` times in /Kids; with `inner`, through that many inner nodes each naming it."""
    if not inner:
        kids = b"[" + b" 3 0 R" * repeats + b"]"
        return pdf([CATALOG, b"<< /Type /Pages /Kids %b /Count %d >>" % (kids, repeats), PAGE % b"", stream(TEXT),
                    FONT])
    per_node = repeats // inner
    node = b"<< /Type /Pages /Parent 2 0 R /Kids [" + b" 3 0 R" * per_node + b"] /Count %d >>" % per_node
    return pdf([CATALOG, b"<< /Type /Pages /Kids [" + b" 6 0 R" * inner + b"] /Count %d >>" % repeats,
                PAGE % b"", stream(TEXT), FONT, node])


def big_stream(megabytes: int, unit: bytes = b" ", copies: int = 1, damaged: bool = False) -> bytes:
    """A page whose content stream inflates to `megabytes` MB (named `copies` times in /Contents)."""
    data = TEXT + unit * (megabytes * 1_000_000 // len(unit))
    page = PAGE.replace(b"/Contents 4 0 R", b"/Contents [" + b" 4 0 R" * copies + b"]")
    return pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page % b"",
                stream(data, flate=True, damaged=damaged), FONT])


def many_images(count: int) -> bytes:
    """A page that draws one tiny image `count` times: no form, so only the page's time budget stops it."""
    image = stream(b"\xff", b" /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                             b"/BitsPerComponent 8")
    return pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE % b"/XObject << /Im 6 0 R >> ",
                stream(TEXT + b"q 1 0 0 1 0 0 cm /Im Do Q\n" * count, flate=True), FONT, image])


def nested_forms(depth: int, fan: int, cycle: bool = False) -> bytes:
    """Form XObject k draws form k+1 `fan` times; the last draws text, or (cycle) the first again."""
    objects = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE % b"/XObject << /X 6 0 R >> ",
               stream(b"/X Do\n"), FONT]
    for k in range(depth):
        last = k == depth - 1
        target = 6 if last and cycle else 7 + k
        draws = TEXT if last and not cycle else b"q /X Do Q\n" * fan
        resources = b"/Resources << /Font << /F1 5 0 R >> /XObject << /X %d 0 R >> >>" % target
        objects.append(stream(draws, b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources))
    return pdf(objects)


# -- Shapes: DOCX, e-mail, text -------------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                 'document.main+xml"/></Types>')
RELATIONSHIPS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx(body: str) -> bytes:
    """A DOCX of raw WordprocessingML (its smallest valid package)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}'
                '<w:sectPr/></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def paragraphs(count: int, text: str = "Nämnden tillstyrker förslaget i sin helhet.") -> bytes:
    """A DOCX of `count` equal paragraphs: 33 KB for 99,000."""
    return docx(paragraph("Remissvar om lekplatser") + paragraph(text) * count)


def merged_table(rows: int, columns: int, text: str = "a", span: int = 1) -> bytes:
    """A table whose every column is one cell merged vertically over all its rows (w:vMerge)."""
    def cell(first: bool) -> str:
        merge = '<w:vMerge w:val="restart"/>' if first else "<w:vMerge/>"
        spanned = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return f"<w:tc><w:tcPr>{spanned}{merge}</w:tcPr>{paragraph(text)}</w:tc>"
    body = "".join("<w:tr>" + cell(r == 0) * columns + "</w:tr>" for r in range(rows))
    grid = "<w:gridCol/>" * columns * span
    return docx(paragraph("Remissvar om lekplatser") + f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>")


MAIL_HEAD = ("From: Anna Berg <a@example.invalid>\nTo: b@example.invalid\nSubject: Remissvar om lekplatser\n"
             "Date: Mon, 1 Apr 2024 10:00:00 +0200\nMIME-Version: 1.0\n")


def many_parts(parts: int, attachment: bool = False, nested: bool = False) -> bytes:
    """A multipart message of `parts` parts: text parts, attachments with names, or multiparts nested deep."""
    if nested:
        inner = "Content-Type: text/plain; charset=utf-8\n\nDel.\n"
        for level in range(parts):
            inner = f"Content-Type: multipart/mixed; boundary=G{level}\n\n--G{level}\n{inner}--G{level}--\n"
        return (MAIL_HEAD + inner).encode()
    part = ("Content-Type: application/pdf\nContent-Disposition: attachment; filename=bilaga.pdf\n\nJVBERi0=\n"
            if attachment else "Content-Type: text/plain; charset=utf-8\n\nDel.\n")
    return (MAIL_HEAD + "Content-Type: multipart/mixed; boundary=GRANS\n\n" + f"--GRANS\n{part}" * parts
            + "--GRANS--\n").encode()


def many_lines(lines: int, unit: str = "lekplatser\n", mail: bool = False) -> bytes:
    head = "Från: Anna Berg\nÄmne: Remissvar om lekplatser\n\n" if mail else "Remissvar om lekplatser\n\n"
    return (head + unit * lines).encode()


# -- Running one import -------------------------------------------------------------------------------------

# Runs the command under a memory wall and reports the largest resident set of all it waited for.
RUNNER = """
import resource, subprocess, sys
limit = int(sys.argv[1])
done = subprocess.run(sys.argv[2:], preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
print("TOPP", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(done.returncode)
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("importera"), with_fixtures=False)


def run_import(path: Path, root: Path) -> tuple[int, str, str, float, int]:
    """(exit code, stdout, stderr, seconds, peak bytes) of `remissarkiv import PATH --stdout`; stopped (and the
    test failed) after PATIENCE seconds."""
    command = [sys.executable, "-c", RUNNER, str(ADDRESS_SPACE), sys.executable, "-m", "remissarkiv", "--root",
               str(root), "import", str(path), "--stdout"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the runner's own group: the import and its reader with it
        process.communicate()
        pytest.fail(f"{path.name}: importen pågick efter {PATIENCE} s")
    seconds = time.perf_counter() - started
    peak = next((int(ln.split()[1]) * 1024 for ln in err.splitlines() if ln.startswith("TOPP ")), 0)
    err = "\n".join(ln for ln in err.splitlines() if not ln.startswith("TOPP "))
    return process.returncode, out, err, seconds, peak


def assert_imported_or_refused(path: Path, root: Path) -> str:
    """Within SECONDS and MEMORY: a draft on stdout, or one Swedish line naming the file; never a traceback or a
    library's English warning. Returns what happened, for the test to say more."""
    code, out, err, seconds, peak = run_import(path, root)
    assert seconds < SECONDS, f"{path.name}: {seconds:.1f} s"
    assert 0 < peak < MEMORY, f"{path.name}: {peak / 2**20:.0f} MB"
    assert "Traceback" not in err and "Warning" not in err and "warning" not in err, err[-2000:]
    if code == 0:
        assert out.startswith("---\n# Importerad ur"), out[:500]
        return "importerad"
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 1 and len(lines) == 1 and lines[0].startswith(f"remissarkiv: fel: {path}: "), err[-2000:]
    assert "oväntat fel" not in err and "MemoryError" not in err, err
    return lines[0]


HOSTILE_FILES = {
    # name: (bytes, what the refusal says, or None when the file may as well be imported)
    "sidtrad-miljon.pdf": (lambda: page_tree(1_000_000), "ovanligt uppbyggd"),  # 15 s before; "a million times"
    "sidtrad-300000.pdf": (lambda: page_tree(300_000), "ovanligt uppbyggd"),
    "sidtrad-50000.pdf": (lambda: page_tree(50_000), "sidträdet räknar upp"),
    "sidtrad-noder.pdf": (lambda: page_tree(1_000_000, inner=1_000), None),  # each node walked once
    "strom-300mb.pdf": (lambda: big_stream(300), "20 MB"),               # 650 MB resident before
    "strom-1gb.pdf": (lambda: big_stream(1000, b"\0"), "20 MB"),         # 2 GB resident before
    "strom-upprepad.pdf": (lambda: big_stream(15, copies=40), "MB innehåll"),
    "skadad-strom-40mb.pdf": (lambda: big_stream(40, damaged=True), "20 MB"),  # 300 s before
    "skadad-strom-15mb.pdf": (lambda: big_stream(15, damaged=True), "trasig"),
    "tung-sida.pdf": (lambda: big_stream(15, b"0 0 m 1 1 l S\n"), "sekunder"),  # a million lines drawn
    "bilder-upprepade.pdf": (lambda: many_images(500_000), "sekunder"),
    "former-10x7.pdf": (lambda: nested_forms(7, 10), "XObject"),         # past the 120 s kill with 4 GB before
    "former-4x10.pdf": (lambda: nested_forms(10, 4), "XObject"),
    "former-cirkel.pdf": (lambda: nested_forms(2, 2, cycle=True), "XObject"),
    "sammanslagen-300.docx": (lambda: merged_table(300, 3), None),       # 9 s before; 600 rows: 40 s
    "sammanslagen-bred.docx": (lambda: merged_table(250, 8, "Synpunkt på förslaget"), None),
    "sammanslagen-spann.docx": (lambda: merged_table(400, 2, span=3), None),
    "stycken-49000.docx": (lambda: paragraphs(49_000), None),             # 11 s before (style look-ups)
    "stycken-99000.docx": (lambda: paragraphs(99_000), "rader"),          # 22 s before
    "delar-20000.eml": (lambda: many_parts(20_000), "500 delar"),        # 10 s before
    "bilagor-10000.eml": (lambda: many_parts(10_000, attachment=True), "500 delar"),
    "djupa-delar.eml": (lambda: many_parts(600, nested=True), "500 delar"),
    "rader-300000.txt": (lambda: many_lines(300_000), "rader"),          # 17 s and 470 MB before
    "rader-etiketter.txt": (lambda: many_lines(300_000, "Dnr\n"), "rader"),
    "rader-brev.txt": (lambda: many_lines(300_000, mail=True), "rader"),
    "rader-100000.txt": (lambda: many_lines(99_000, "Nämnden tillstyrker förslaget.\n"), None),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_the_importers_worst_cases_end_within_10_s_and_1_gb(project, tmp_path, name):
    make, refusal = HOSTILE_FILES[name]
    path = tmp_path / name
    path.write_bytes(make())
    outcome = assert_imported_or_refused(path, project.root)
    if refusal:
        assert refusal in outcome, outcome


# -- Imported text stays text ---------------------------------------------------------------------------------

ANSWER = ("Bromma stadsdelsnämnd\n\nRemissvar Motion om lekplatser, KS 2024/5\n\nFörslag till beslut\n\n"
          "Nämnden tillstyrker motionen.\n\nBakgrund\n\n{text}\n")
LETTER = "Bromma stadsdelsnämnd tillstyrker motionen om lekplatser i sin helhet.\n\n{text}\n"  # an e-mail's text
QUOTED = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;", "[klicka](javascript:alert(1))",
          "<!-- kommentar -->", "*viktigt* och _betonat_", "`<b onclick=x>`", "# inte en rubrik", "C:\\temp\\<i>"]


def mail(body_part: str, attachment: str | None = None) -> bytes:
    parts = [body_part]
    if attachment:
        parts.append(f'Content-Type: application/pdf\nContent-Disposition: attachment; filename="{attachment}"\n'
                     "Content-Transfer-Encoding: base64\n\nJVBERi0=\n")
    return (MAIL_HEAD.replace("Remissvar om lekplatser", "Remissvar Motion om lekplatser, KS 2024/5")
            + "Content-Type: multipart/mixed; boundary=B\n\n" + "".join(f"--B\n{p}" for p in parts)
            + "--B--\n").encode()


HTML_MAIL = ("<html><head><title>Svar</title><style>p {{ color: red }}</style><script>alert(2)</script></head>"
             "<body><p>Bromma stadsdelsnämnd tillstyrker motionen om lekplatser i sin helhet.</p>"
             "<p>{text}</p></body></html>")


def quoting_docx(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    cells = f"<w:tr><w:tc>{paragraph('Kapitel')}</w:tc><w:tc>{paragraph('Synpunkt')}</w:tc></w:tr>" \
            f"<w:tr><w:tc>{paragraph('2.1')}</w:tc><w:tc>{paragraph(escaped)}</w:tc></w:tr>"
    lines = ANSWER.format(text="").strip().split("\n")
    return docx("".join(paragraph(line) for line in lines) + paragraph(escaped) + f"<w:tbl>{cells}</w:tbl>")


def quoting_pdf(text: str) -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("Helvetica", size=11)
    for line in ANSWER.format(text="\n".join(f"Citat: {quoted}" for quoted in QUOTED)).split("\n"):
        document.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")  # a line each: none wraps
    return bytes(document.output())


def utf7(text: str) -> str:
    """UTF-7 as a hostile sender writes it: '<' and '>' encoded too ("+ADw-script+AD4-"), which Python's encoder
    leaves as they are."""
    return "".join({"<": "+ADw-", ">": "+AD4-"}.get(c) or c.encode("utf-7").decode("ascii") for c in text)


SOURCES = {
    # name: (bytes, the text the draft must show, what must not be in it)
    "text.txt": (lambda t: ANSWER.format(text=t).encode(), None, None),
    "brev.eml": (lambda t: mail(f"Content-Type: text/plain; charset=utf-8\n\n{LETTER.format(text=t)}"), None, None),
    "html.eml": (lambda t: mail("Content-Type: text/html; charset=utf-8\n\n" + HTML_MAIL.format(
        text=t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))), None, ["color", "alert(2)", "Svar"]),
    "utf7.eml": (lambda t: mail("Content-Type: text/plain; charset=utf-7\n\n" + utf7(LETTER.format(text=t))), None,
                 None),
    "bilaga.eml": (lambda t: mail(f"Content-Type: text/plain; charset=utf-8\n\n{LETTER.format(text='Se bilagan.')}",
                                  attachment=t.replace('"', "'") + ".pdf"), "<img src=x onerror=alert(1)>.pdf", None),
    "word.docx": (quoting_docx, None, None),
    "utlatande.pdf": (quoting_pdf, None, None),
}


def shown_text(body: str) -> str:
    """The body's text as the site shows it: the site's Markdown, then its sanitizer, then the text content."""
    extensions, configs = DEFAULT_EXTENSIONS
    html = sanitize.clean(markdown.markdown(body, extensions=extensions, extension_configs=configs))
    return " ".join(lxml_html.fromstring(f"<div>{html}</div>").text_content().split()), html


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_markup_a_document_quotes_is_imported_as_the_text_it_is(project, source):
    """The draft passes `check`; its body shows the quoted markup as text; its page (published) too."""
    make, expected, absent = SOURCES[source]
    text = "<img src=x onerror=alert(1)>" if source == "bilaga.eml" else " ".join(QUOTED)
    path = project.root / source
    path.write_bytes(make(text))
    draft = project.root / f"cases/2024/citat-{path.stem}-{path.suffix[1:]}.md"
    draft.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run([sys.executable, "-m", "remissarkiv", "import", str(path), "--out", str(draft)],
                                cwd=project.root, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        check = subprocess.run([sys.executable, "-m", "remissarkiv", "check", str(draft)], cwd=project.root,
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        body = draft.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        shown, html = shown_text(body)
        for quoted in [expected] if expected else QUOTED:
            assert quoted in shown, (quoted, shown)
        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
        assert "<em>" not in html and "<!--" not in html
        for hidden in absent or []:
            assert hidden not in shown, hidden
        page = published_page(project, draft)
        assert "<img src=x" not in page and "<script>" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    finally:
        draft.unlink(missing_ok=True)


def published_page(project, draft: Path) -> str:
    """The draft's case page as the build makes it, had it been reviewed and published."""
    from remissarkiv.archive.indexes import Archive
    from remissarkiv.model.boards import BoardRegistry
    from remissarkiv.reading import loader
    from remissarkiv.site import pages

    text = draft.read_text(encoding="utf-8").replace("\nstatus: utkast\n", "\nstatus: publicerad\n").replace(
        "\nreview: null\n", "\nreview:\n  by: Provgranskare\n  date: 2024-06-01\n")
    published = draft.with_name("publicerad.md")
    published.write_text(text, encoding="utf-8")
    try:
        doc, problems = loader.load_one(published, project.root / "cases", project.root)
        assert doc is not None, problems
        archive = Archive([doc], BoardRegistry.load(project.root / "data/boards.yml"))
        made = pages.render_all(archive)
    finally:
        published.unlink()
    return next(page.standalone() for page in made.values() if "Provgranskare" not in page.markdown
                and "Motion om lekplatser" in page.markdown and "onerror" in page.standalone())


MARKUP = st.text(alphabet="<>&#;*_`[]()!\\-+.:|=~ab1 /\"'", min_size=1, max_size=16).map(str.strip).filter(bool)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(items=st.lists(st.tuples(st.sampled_from(["p", "ul", "ol"]), st.integers(0, 2), MARKUP), min_size=1,
                      max_size=4))
def test_every_paragraph_and_list_item_shows_its_characters(items):
    """Whatever characters an item holds, the site shows them, in order (whitespace aside), and no markup."""
    body = body_module.markdown([(kind, level if kind != "p" else 0, text) for kind, level, text in items])
    shown, html = shown_text(body)
    position = 0
    for _, _, text in items:
        found = shown.find(" ".join(text.split()), position)
        assert found >= 0, (items, body, html)
        position = found + len(" ".join(text.split()))
    assert "<pre" not in html and "<code" not in html and "<h" not in html


@settings(max_examples=200, deadline=None, derandomize=True)
@given(cells=st.lists(MARKUP, min_size=4, max_size=4), heading=MARKUP)
def test_every_table_cell_and_heading_shows_its_characters(cells, heading):
    from remissarkiv.tools.importer.document import Line

    lines = [Line(text, cell=(1, 1 + i // 2, 1 + i % 2)) for i, text in enumerate(cells)]
    body = f"## {body_module.heading_literal(heading)}\n\n{body_module.markdown_table(lines)}"
    shown, html = shown_text(body)
    assert shown.startswith(" ".join(heading.split())), (heading, body, html)
    for text in cells:
        assert " ".join(text.split()) in shown, (text, body, html)
    assert html.count("<td>") + html.count("<th>") == 4, html
