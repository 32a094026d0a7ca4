"""Attachments that cost far more than they weigh get a Swedish warning at their line in seconds, never minutes
or gigabytes (reading/attachments.py): the bytes a zip really inflates are counted, and a PDF's text is read
in a process of its own with a time limit, a memory cap and a budget of operators per page; each case has a
total. Ordinary attachments are still read, and an identity number in them still found.
"""
from __future__ import annotations

import io
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading import attachments, loader

from .conftest import ROOT, make_project, playground_case
from .test_linear import RATIO, SLACK, best

CASE = "2024/bromma-ks-2024-50.md"
NUMBER = "811218-9876"  # a valid identity number (its check digit agrees)


# --- hostile files, made here ----------------------------------------------------------------------------------
def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< /Length {len(data)} {extra} >>\nstream\n".encode() + data + b"\nendstream"


def nested_forms(depth: int, fan: int = 2, leaf: int = 200) -> bytes:
    """A page that draws form X{depth}, which draws X{depth-1} `fan` times, … down to a form of `leaf` texts:
    a few KB whose text costs fan**depth * leaf operators."""
    first = 6
    forms = []
    for k in range(depth + 1):
        body = (b"BT /F1 12 Tf 10 10 Td " + b"(Hej) Tj " * leaf + b"ET") if k == 0 else \
            b" ".join([f"/X{k - 1} Do".encode()] * fan)
        inner = f"/XObject << /X{k - 1} {first + k - 1} 0 R >>" if k else ""
        forms.append(_stream(body, f"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                                   f"/Resources << {inner} /Font << /F1 4 0 R >> >>"))
    page = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 5 0 R /Resources << /XObject << "
            f"/X{depth} {first + depth} 0 R >> /Font << /F1 4 0 R >> >> >>")
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page.encode(),
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", _stream(f"/X{depth} Do".encode())]
                + forms)


def docx_bomb(inflated: int, declared: int | None = 3000) -> bytes:
    """A DOCX whose document.xml inflates to `inflated` bytes; its zip directory declares `declared` (None:
    the truth)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open("word/document.xml", "w", force_zip64=inflated > 2**31) as part:  # written in pieces
            part.write(b"<w:document>")
            for start in range(0, inflated, 1 << 22):
                part.write(b" " * min(1 << 22, inflated - start))
            part.write(b"</w:document>")
    data = bytearray(buf.getvalue())
    if declared is not None:
        name = b"word/document.xml"
        for signature, header, size_at in ((b"PK\x01\x02", 46, 24), (b"PK\x03\x04", 30, 22)):
            pos = 0
            while (pos := data.find(signature, pos)) >= 0:
                if data[pos + header:pos + header + len(name)] == name:
                    struct.pack_into("<I", data, pos + size_at, declared)
                pos += 4
    return bytes(data)


def docx_text(paragraphs: int, secret: str = "") -> bytes:
    from docx import Document

    doc = Document()
    for i in range(paragraphs):
        doc.add_paragraph(f"Stycke {i}: nämnden tillstyrker förslaget om lekplatser i stadsdelen. " * 3)
    if secret:
        doc.add_paragraph(f"Kontaktperson {secret}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_text(secret: str = "") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for i in range(40):
        pdf.cell(0, 6, f"Rad {i}: nämnden tillstyrker förslaget.", new_x="LMARGIN", new_y="NEXT")
    if secret:
        pdf.cell(0, 6, f"Kontakt {secret}")
    return bytes(pdf.output())


# --- a case with attachments -----------------------------------------------------------------------------------
def _case_with(project, files: dict[str, bytes]) -> Path:
    folder = project.root / "cases" / CASE[:-3]
    folder.mkdir(parents=True, exist_ok=True)
    front = "attachments:\n" + "".join(f"  - title: Bilaga {i}\n    file: {name}\n" for i, name in enumerate(files))
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return project.add_case(CASE, playground_case("Remissvar: Plan för lekplatser", front))


# `remissarkiv check`, then the process's own peak resident memory (VmHWM: of this program alone; a child's
# ru_maxrss would count the test runner it was forked from before exec).
CHECK = """
import sys
from remissarkiv.tools import cli
code = cli.main(["--root", sys.argv[1], "check"])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("TOPP", int(peak.split()[1]) // 1024, file=sys.stderr)
sys.exit(code)
"""


def _check(project) -> tuple[int, str, float, int]:
    """`remissarkiv check` in a process of its own: (exit code, what it said, seconds, peak memory in MB)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", CHECK, str(project.root)], capture_output=True, text=True)
    said, _, peak = (done.stdout + done.stderr).rpartition("TOPP ")
    return done.returncode, said, time.monotonic() - started, int(peak)


@pytest.mark.parametrize("inflated,declared", [(400_000_000, 3000), (200_000_000, None), (60_000_000, 1000),
                                               (30_000_000, 30_000_000)])
def test_a_docx_that_inflates_far_beyond_its_size_is_a_warning_in_bounded_memory(tmp_path, inflated, declared):
    project = make_project(tmp_path, with_fixtures=False)
    _case_with(project, {"bilaga.docx": docx_bomb(inflated, declared)})
    code, said, seconds, peak = _check(project)
    assert code == 0, said  # a warning: the file cannot be read, and staff are asked to look at it
    assert f"cases/{CASE}:12:1: varning: bilagan 'bilaga.docx' kunde inte kontrolleras för personnummer" in said, said
    assert peak < 300, (peak, said)  # MB; before: the whole inflated part in memory (2.2 GB at 1.5 GB)
    assert seconds < 20, seconds


@pytest.mark.parametrize("depth,fan,leaf", [(14, 2, 200), (16, 2, 1000), (6, 8, 300), (40, 2, 1), (3, 60, 500)])
def test_a_pdf_of_nested_forms_is_a_warning_in_seconds(tmp_path, depth, fan, leaf):
    project = make_project(tmp_path, with_fixtures=False)
    data = nested_forms(depth, fan, leaf)
    assert len(data) < 40_000
    _case_with(project, {"figur.pdf": data})
    code, said, seconds, peak = _check(project)
    assert code == 0, said
    assert f"cases/{CASE}:12:1: varning: bilagan 'figur.pdf' kunde inte kontrolleras för personnummer (" in said, said
    assert seconds < 12, (seconds, said)
    assert peak < 400, peak


def test_pypdfs_own_english_warnings_never_reach_staff(tmp_path):
    project = make_project(tmp_path, with_fixtures=False)
    broken = pdf_text()[:-40]  # cut short: pypdf warns 'EOF marker not found' and the like
    _case_with(project, {"trasig.pdf": broken, "figur.pdf": nested_forms(14, 2, 200)})
    code, said, _, _ = _check(project)
    assert code == 0
    for english in ("EOF marker", "Exceeded", "invocations", "xref", "Ignoring", "warning", "Traceback"):
        assert english not in said, said


def test_a_case_of_many_costly_attachments_ends_within_its_total(tmp_path, monkeypatch):
    """A case may carry 100 attachments: the case's total stops the reading, each later file gets a warning."""
    monkeypatch.setattr(attachments, "SECONDS_PER_CASE", 3.0)
    monkeypatch.setattr(attachments, "MAX_OPERATIONS", 10**9)  # only time stops them here
    project = make_project(tmp_path, with_fixtures=False)
    costly = nested_forms(16, 2, 1000)  # 30 s of pypdf each, before
    _case_with(project, {f"figur-{i}.pdf": costly for i in range(20)})
    started = time.monotonic()
    result = loader.load(project.root / "cases", BoardRegistry.load(project.root / "data/boards.yml"),
                         root=project.root)
    seconds = time.monotonic() - started
    warned = [p for p in result.problems if "kunde inte kontrolleras" in p.message]
    assert len(warned) == 20
    assert sum("tillsammans mer än 3 s" in p.message for p in warned) >= 17
    assert seconds < 3.0 + 2.0, seconds
    assert [p.line for p in warned] == [12 + 2 * i for i in range(20)]


def test_ordinary_attachments_are_still_read_and_an_identity_number_found(tmp_path):
    project = make_project(tmp_path, with_fixtures=False)
    _case_with(project, {"stor.docx": docx_text(3000, NUMBER), "rapport.pdf": pdf_text(NUMBER),
                         "ren.pdf": pdf_text(), "ren.docx": docx_text(50)})
    code, said, _, _ = _check(project)
    assert code == 1, said
    assert f"cases/{CASE}:12:1: fel: bilagan 'stor.docx'" in said and "personnummer" in said, said
    assert f"cases/{CASE}:14:1: fel: bilagan 'rapport.pdf'" in said, said
    assert "kunde inte kontrolleras" not in said, said


# --- doubling properties ----------------------------------------------------------------------------------------
def _reading(path: Path, data: bytes) -> float:
    path.write_bytes(data)

    def work():
        try:
            attachments.text_of(path)
        except Exception:  # noqa: BLE001 - refused or read, both are answers; the time is what is measured
            pass
    return best(work)


@pytest.mark.parametrize("shape", ["docx lying", "docx honest", "nested forms", "wide forms"])
def test_reading_an_attachment_about_doubles_when_it_doubles(tmp_path, shape):
    make = {"docx lying": lambda n: docx_bomb(n * 4_000_000), "docx honest": lambda n: docx_bomb(n * 4_000_000, None),
            "nested forms": lambda n: nested_forms(10 + n, 2, 100), "wide forms": lambda n: nested_forms(2, 30 * n, 50)
            }[shape]
    suffix = ".docx" if shape.startswith("docx") else ".pdf"
    seen = []
    for _ in range(3):
        small = _reading(tmp_path / f"a{suffix}", make(1))
        large = _reading(tmp_path / f"b{suffix}", make(2))
        if large <= RATIO * small + SLACK + 0.05:  # a forked reader's start is a fixed cost
            return
        seen.append((round(small, 3), round(large, 3)))
    raise AssertionError(f"{shape}: doubling the attachment took (small, large) seconds {seen}")


def test_the_budgets_are_what_the_docs_say():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8") + (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{attachments.SECONDS_PER_FILE:g} s" in text and f"{attachments.SECONDS_PER_CASE:g} s" in text
    assert f"{attachments.MAX_OPERATIONS:,}".replace(",", " ") in text or f"{attachments.MAX_OPERATIONS:,}" in text
