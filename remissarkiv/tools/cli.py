"""`remissarkiv`: staff commands. Messages are Swedish; exit code 1 on errors, never a traceback."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import get_args

from remissarkiv.archive.project import Project
from remissarkiv.config import Settings, SettingsError, from_mkdocs_yml
from remissarkiv.model import case as schema
from remissarkiv.model.boards import BoardRegistry, BoardsError
from remissarkiv.model.problems import errors, summary
from remissarkiv.reading import content, personal_data
from remissarkiv.reading.loader import case_files, load, load_one, shown_path
from remissarkiv.archive.indexes import Archive
from remissarkiv.site import addresses, output_scan
from remissarkiv.site.build import CaseErrors, generate, write
from remissarkiv.tools import scaffold


class SwedishParser(argparse.ArgumentParser):
    """argparse with its own texts in Swedish, through its public methods: help and usage are translated as
    they are formatted, error messages as they are reported (argparse itself has no Swedish catalogue)."""

    _HEADINGS = [("usage: ", "användning: "), ("\npositional arguments:\n", "\nargument:\n"),
                 ("\noptions:\n", "\nflaggor:\n"), ("show this help message and exit", "visa den här hjälptexten")]
    _ERRORS = [
        (r"the following arguments are required: (.*)", r"följande argument krävs: \1"),
        (r"argument (.+?): invalid choice: (.*) \(choose from (.*)\)", r"argument \1: ogiltigt val \2 (välj bland \3)"),
        (r"unrecognized arguments: (.*)", r"okända argument: \1"),
        (r"argument (.+?): expected one argument", r"argument \1: ett värde krävs"),
        (r"argument (.+?): invalid int value: (.*)", r"argument \1: \2 är inget heltal"),
    ]

    def format_usage(self) -> str:
        return self._swedish(super().format_usage())

    def format_help(self) -> str:
        return self._swedish(super().format_help())

    def error(self, message: str):
        for english, swedish in self._ERRORS:
            message = re.sub(rf"^{english}$", swedish, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")

    def _swedish(self, text: str) -> str:
        for english, swedish in self._HEADINGS:
            text = text.replace(english, swedish)
        return text


class UserError(Exception):
    """A mistake in how the command was called: printed as one Swedish line, exit code 1."""


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += case_files(path)
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"{raw}: filen eller mappen finns inte")
    return files


def _settings(root: Path) -> Settings:
    try:
        return from_mkdocs_yml(root / "mkdocs.yml") if (root / "mkdocs.yml").is_file() else Settings()
    except SettingsError as exc:
        raise UserError(str(exc)) from None


def _asked_about(paths: list[str], targets: list[Path] | None, root: Path):
    """Whether a path is one `check` was asked about: any, without paths; else a named file or one below a
    named folder."""
    if not targets:
        return lambda path: True
    named = [shown_path(Path(p), root).rstrip("/") + "/" for p in paths]
    wanted = {shown_path(p, root) for p in targets}
    return lambda path: path in wanted or any(path.startswith(n) for n in named)


def cmd_check(args) -> int:
    project = Project(Path(args.root))
    boards = BoardRegistry.load(project.boards_file)
    targets = _expand(args.paths) if args.paths else None
    # All cases are read even when files are named, so duplicates against unchanged files are found.
    settings = _settings(project.root)
    result = load(project.cases_dir, boards, root=project.root, also=targets or [], limits=settings.limits())
    # The addresses the cases would have on the site (drafts too: a preview publishes them).
    # A case whose board is unknown has its error already, and no address to plan (its board has no page).
    known = [doc for doc in result.cases if doc.case.board in boards]
    where = addresses.problems(addresses.plan(Archive(known, boards, result.referrals)), project.root / "docs")
    files = len(targets) if targets else result.files
    shown = _asked_about(args.paths, targets, project.root)
    # What a reviewer should look at before publishing (warnings: the finder guesses, a person decides), in the
    # files asked about only: one named file is not a reason to read every body of the archive again.
    own = personal_data.phone_setting(settings.own_phones)
    review = [p for doc in result.cases if shown(doc.source) for p in personal_data.problems(doc, own)]
    problems = [p for p in sorted(result.problems + where + review) if shown(p.path)]
    if args.format == "json":
        print(json.dumps({"files": files, "errors": len(errors(problems)),
                          "problems": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=2))
    else:
        for p in problems:
            print(p)
        print(summary(problems, files))
    return 1 if errors(problems) else 0


def cmd_schema(args) -> int:
    from remissarkiv.model import referral

    print(json.dumps(referral.json_schema() if args.remiss else schema.json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_export_sip(args) -> int:
    from remissarkiv.preservation import package

    root, out = Path(args.root), Path(args.out)
    problem = package.target_problem(out)
    if problem:
        raise UserError(problem)
    settings = _settings(root)
    result, archive = Project(root, False, settings.limits()).load()
    if errors(result.problems):
        for p in errors(result.problems):
            print(p, file=sys.stderr)
        raise UserError(summary(result.problems, result.files) + " Rätta felen ovan; inget paket skrevs.")
    try:
        counts = package.export(root, archive, out, settings, args.year)
    except package.ExportError as exc:
        raise UserError(str(exc)) from None
    print(f"Paketet {counts['objid']} skrivet till {out}: {counts['cases']} remissvar, "
          f"{counts['bytes'] / 1e6:.1f} MB.")
    return 0


def cmd_pages(args) -> int:
    try:
        root = Path(args.root)
        settings = _settings(root)
        content = generate(root, replace(settings, drafts=args.drafts, preview=False))
    except (CaseErrors, SettingsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Written aside and scanned for identity numbers (the build's second wall) before anything reaches --out.
    staging = Path(tempfile.mkdtemp(prefix=".remissarkiv-sidor-", dir=out.parent))
    try:
        n = write(content, staging)
        found = output_scan.scan_site(staging)
        if found:
            print(output_scan.IdentityNumbersFound(found), file=sys.stderr)
            return 1
        shutil.copytree(staging, out, dirs_exist_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"{n} filer skrivna till {args.out}.")
    return 0


NEW_FIELDS = [  # (flag attribute, question, required)
    ("board", "Nämndens id (ur data/boards.yml, t.ex. bromma)", True),
    ("referral_title", "Remissens titel", True),
    ("referral_number", "Remissens diarienummer (t.ex. KS 2019/1899)", True),
    ("sender", "Remittent (t.ex. Kommunstyrelsen)", True),
]


def _ask(args) -> None:
    interactive = sys.stdin.isatty() and not args.no_input
    for attr, question, required in NEW_FIELDS:
        if getattr(args, attr) or not required:
            continue
        if not interactive:
            raise UserError(f"ange --{attr.replace('_', '-')} ({question.lower()})")
        answer = input(f"{question}: ").strip()
        if not answer:
            raise UserError(f"{question} måste anges")
        setattr(args, attr, answer)


def cmd_new(args) -> int:
    _ask(args)
    project = Project(Path(args.root))
    boards = BoardRegistry.load(project.boards_file)
    if args.board not in boards:
        raise UserError(f"okänd nämnd '{args.board}': välj ett id ur data/boards.yml ({', '.join(boards.ids())})")
    day = _date_flag(args.date) if args.date else None
    values = {
        "title": args.title or f"Remissvar: {args.referral_title}",
        "board": args.board, "case_number": args.case_number, "document_type": args.document_type,
        "date": day, "status": "utkast",
        "referral": {"title": args.referral_title, "case_number": args.referral_number, "sender": args.sender,
                     "kind": args.kind},
    }
    body = "## Förslag till beslut\n\n(Klistra in texten här. Varje avsnitt blir en rubrik som börjar med ##.)"
    path = Path(args.out) if args.out else scaffold.case_path(project.cases_dir, args.board, args.referral_number, day,
                                                                  fallback_year=dt.date.today().year)
    _write_new(path, scaffold.case_text(values, body), project, boards)
    print(f"Skapade {shown_path(path, project.root)} (status: utkast). Fyll i uppgifterna och kör 'remissarkiv check'.")
    return 0


def cmd_new_remiss(args) -> int:
    from remissarkiv.model import referral
    from remissarkiv.model.swedish import case_number_key
    from remissarkiv.reading.loader import load_record

    project = Project(Path(args.root))
    boards = BoardRegistry.load(project.boards_file)
    missing = [flag for flag, value in (("--referral-number", args.referral_number), ("--title", args.title),
                                        ("--sender", args.sender)) if not value]
    if missing:
        raise UserError("ange " + ", ".join(missing) + " (remissens diarienummer, titel och remittent)")
    asked = [b.strip() for b in (args.asked or "").split(",") if b.strip()]
    unknown = [b for b in asked if b not in boards]
    if unknown:
        raise UserError(f"okänd nämnd {', '.join(unknown)} i --asked: använd id ur data/boards.yml "
                        f"({', '.join(boards.ids())})")
    values = {"title": args.title, "case_number": args.referral_number, "sender": args.sender, "kind": args.kind,
              "sent": _date_flag(args.sent) if args.sent else None,
              "deadline": _date_flag(args.deadline) if args.deadline else None,
              "asked": asked, "asked_complete": not args.incomplete}
    body = "(Klistra in missivets text här.)"
    path = Path(args.out) if args.out else (
        project.cases_dir / referral.FOLDER / f"{case_number_key(args.referral_number)}.md")
    _write_new(path, scaffold.case_text(values, body, model=referral.ReferralRecord), project, boards,
               load=lambda p: load_record(p, project.root))
    print(f"Skapade {shown_path(path, project.root)}. Fyll i uppgifterna och kör 'remissarkiv check'.")
    return 0


def _date_flag(value: str):
    try:
        return schema.parse_iso_date(value)
    except ValueError as exc:
        raise UserError(f"--date: {exc}") from None


def _write_new(path: Path, text: str, project: Project, boards: BoardRegistry, must_validate: bool = True,
               load=None) -> None:
    """Write a new file, never over one; with must_validate, read it back (a case file, or what `load` reads)."""
    if path.exists():
        raise UserError(f"{path}: filen finns redan och skrivs inte över – välj ett annat namn med --out")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    if must_validate:
        _, problems = (load or (lambda p: load_one(p, project.cases_dir, project.root)))(path)
        if errors(problems):  # a bug, not a staff mistake: never leave a broken file behind
            path.unlink()
            raise UserError("den nya filen blev ogiltig: " + "; ".join(map(str, problems)))


def cmd_import(args) -> int:
    from remissarkiv.tools.importer import batch

    project = Project(Path(args.root))
    boards = BoardRegistry.load(project.boards_file)
    files, outcomes = batch.documents([Path(p) for p in args.files])
    if args.out and len(files) > 1:
        raise UserError("--out gäller en enda fil: importera flera dokument utan --out")
    if args.stdout and len(files) > 1:
        raise UserError("--stdout gäller en enda fil")
    from remissarkiv.tools.importer import knowledge as knowledge_module

    # what the archive already holds: earlier signers and handlers, referral numbers, each board's Dnr
    knowledge = knowledge_module.load(project.cases_dir, project.root)
    if len(files) == 1 and not outcomes:
        return int(_import_one(files[0], args, project, boards, single=True, knowledge=knowledge).error is not None)
    known = batch.imported_sources(project.cases_dir)
    for number, source in enumerate(files, start=1):
        batch.progress(number - 1, len(files), source.name, sys.stderr)
        outcomes.append(_import_one(source, args, project, boards, known=known, knowledge=knowledge))
    batch.progress(len(files), len(files), "klart", sys.stderr)
    print("\nSammanfattning (det som mest behöver en person först):")
    for line in batch.table(outcomes, project.root):
        print(f"  {line}")
    print(batch.totals(outcomes))
    return 1 if any(o.error for o in outcomes) else 0


def _import_one(source: Path, args, project: Project, boards: BoardRegistry, single: bool = False,
                known: dict | None = None, knowledge=None):
    """One document: read, write the draft (or name the case it already is), print the report."""
    from remissarkiv.tools.importer import batch, extract, provenance

    outcome = batch.Outcome(source)
    out = sys.stderr if args.stdout else sys.stdout
    digest = batch.sha256(source)
    known = batch.imported_sources(project.cases_dir) if known is None else known
    if digest in known and not args.stdout:
        outcome.already = known[digest]
        print(f"{source.name}: redan importerad som {shown_path(known[digest], project.root)} (samma SHA-256) – "
              "ingen ny ärendefil skrevs.", file=out)
        return outcome
    try:
        imported = batch.read_limited(source, boards, ocr=not args.no_ocr, missive=args.remiss, knowledge=knowledge)
    except extract.ExtractError as exc:
        outcome.error = str(exc)
        if single:
            raise UserError(f"{source}: {exc}") from None
        print(f"{source.name}: fel: {exc}", file=sys.stderr)
        return outcome
    header = [f"Importerad ur {source.name} med 'remissarkiv import': kontrollera mot originalet.",
              f"Källa: {source.name} (SHA-256 {digest})",
              "Uppgifter som inte framgår av dokumentet är null – fyll i dem bara om du vet dem."]
    if args.remiss:
        return _write_missive(imported, source, header, args, project, outcome, out, known, digest)
    if imported.document.ocr:
        header.insert(1, "Texten är tolkad med textigenkänning (OCR): jämför hela texten med originalet.")
    record = provenance.record(imported, source.name, digest)
    values = {**imported.values, "import": record}
    text = scaffold.case_text(values, imported.body, header=header)
    if args.stdout:
        sys.stdout.write(text)
    else:
        day = values["date"] or values["decision"]["date"]
        path = Path(args.out) if args.out else _free(scaffold.case_path(
            project.cases_dir, values["board"], values["referral"]["case_number"], day))
        _write_new(path, text, project, boards, must_validate=False)
        outcome.case_file = path
        known[digest] = path
        print(f"{source.name}: skapade {shown_path(path, project.root)} (status: utkast).", file=out)
    report = _identity_report(text) + imported.report()
    outcome.found, outcome.warnings = batch.found_fields(values), len(imported.warnings) + len(imported.notes)
    outcome.needs_person, outcome.effort = imported.needs_person, provenance.effort(imported, record)
    print("Rapport (vald uppgift – var den stod – hur den lästes; valdes inte: andra kandidater):", file=out)
    for line in report:
        print(f"  {line}", file=out)
    return outcome


def _write_missive(missive, source: Path, header: list[str], args, project: Project, outcome, out, known: dict,
                   digest: str):
    """A referral record from a missive: written as read (null where the missive says nothing), reported."""
    from remissarkiv.model import referral
    from remissarkiv.model.swedish import case_number_key, slugify

    text = scaffold.case_text(missive.values, missive.body, header=header, model=referral.ReferralRecord)
    if args.stdout:
        sys.stdout.write(text)
    else:
        number = missive.values["case_number"]
        name = case_number_key(number) if number else slugify(source.stem) or "remiss"
        path = Path(args.out) if args.out else _free(project.cases_dir / referral.FOLDER / f"{name}.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
        outcome.case_file = path
        known[digest] = path
        print(f"{source.name}: skapade remissfilen {shown_path(path, project.root)}.", file=out)
    outcome.found = sum(missive.values[k] not in (None, [], "") for k in ("title", "case_number", "sender", "sent",
                                                                          "deadline", "asked"))
    outcome.warnings = len(missive.unmatched)
    print("Rapport (vald uppgift – var den stod – hur den lästes):", file=out)
    for line in _identity_report(text) + missive.report:
        print(f"  {line}", file=out)
    return outcome


def _free(path: Path) -> Path:
    """The path, or with -2, -3 … when another document of the same board and referral took it."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _identity_report(text: str) -> list[str]:
    """Identity numbers the import carried into the draft, by line of the new file and masked: the case stays
    a draft, and `check` and the build refuse it until they are gone."""
    found = content.identity_problems("", text)
    return [f"Rad {p.line}: {p.message.replace('ur filen', 'innan ärendet publiceras (det är ett utkast)')}"
            for p in found]


def cmd_generate(args) -> int:
    from remissarkiv.tools import synthetic

    project = Project(Path(args.root))
    out = Path(args.out)
    if out.resolve() == project.root.resolve() or project.cases_dir.resolve() in [out.resolve(), *out.resolve().parents]:
        raise UserError("syntetiska ärenden får aldrig skrivas i projektets cases/: välj en annan mapp med --out")
    if (out / "cases").exists() and any((out / "cases").iterdir()):
        raise UserError(f"{out / 'cases'} är inte tom: välj en tom mapp")
    n = synthetic.generate(args.n, out, BoardRegistry.load(project.boards_file), seed=args.seed)
    print(f"{n} syntetiska remissvar skrivna till {out / 'cases'}.")
    return 0


def cmd_edit(args) -> int:
    from remissarkiv.tools import edit

    try:
        return edit.run(Path(args.root), args.port, args.proxy_port)
    except edit.EditError as exc:
        raise UserError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishParser(prog="remissarkiv", description="Verktyg för Remissarkivet.")
    parser.add_argument("--root", default=".", help="projektets rotmapp (standard: aktuell mapp)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="kommando")

    check = sub.add_parser("check", help="kontrollera ärendefiler (standard: hela cases/)")
    check.add_argument("paths", nargs="*", metavar="SÖKVÄG", help="filer eller mappar att kontrollera")
    check.add_argument("--format", choices=["text", "json"], default="text", help="utdataformat")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new", help="skapa en ny ärendefil med alla fält")
    new.add_argument("--board", help="nämndens id ur data/boards.yml")
    new.add_argument("--referral-number", help="remissens diarienummer, t.ex. 'KS 2019/1899'")
    new.add_argument("--referral-title", help="remissens titel")
    new.add_argument("--sender", help="remittent, t.ex. Kommunstyrelsen")
    new.add_argument("--kind", choices=list(get_args(schema.ReferralKind)), help="typ av remiss")
    new.add_argument("--title", help="rubrik (standard: 'Remissvar: <remissens titel>')")
    new.add_argument("--case-number", help="nämndens eget diarienummer")
    new.add_argument("--document-type", choices=list(get_args(schema.DocumentType)), help="dokumenttyp")
    new.add_argument("--date", help="dokumentets datum, ÅÅÅÅ-MM-DD")
    new.add_argument("--out", help="sökväg till filen (standard: cases/<år>/<nämnd>-<diarienummer>.md)")
    new.add_argument("--no-input", action="store_true", help="fråga aldrig, kräv flaggorna")
    new.set_defaults(func=cmd_new)

    rem = sub.add_parser("new-remiss", help="skapa en remissfil i cases/remisser/ (vem som tillfrågades, sista "
                                            "svarsdag)")
    rem.add_argument("--referral-number", help="remittentens diarienummer, t.ex. 'KS 2024/55'")
    rem.add_argument("--title", help="remissens titel")
    rem.add_argument("--sender", help="remittent, t.ex. Kommunstyrelsen")
    rem.add_argument("--kind", choices=list(get_args(schema.ReferralKind)), help="typ av remiss")
    rem.add_argument("--sent", help="dagen remissen skickades, ÅÅÅÅ-MM-DD")
    rem.add_argument("--deadline", help="sista svarsdag, ÅÅÅÅ-MM-DD")
    rem.add_argument("--asked", help="tillfrågade nämnder: id ur data/boards.yml, åtskilda med komma")
    rem.add_argument("--incomplete", action="store_true", help="listan över tillfrågade är inte fullständig")
    rem.add_argument("--out", help="sökväg till filen (standard: cases/remisser/<diarienummer>.md)")
    rem.set_defaults(func=cmd_new_remiss)

    imp = sub.add_parser("import", help="gör utkast till ärendefiler av dokument (.pdf, .docx, .txt, .eml) "
                                        "– filer eller hela mappar")
    imp.add_argument("files", nargs="+", metavar="FIL|MAPP")
    imp.add_argument("--out", help="sökväg till den nya filen (bara för en enda fil)")
    imp.add_argument("--stdout", action="store_true", help="skriv ärendefilen till standard ut i stället")
    imp.add_argument("--no-ocr", "--utan-ocr", dest="no_ocr", action="store_true",
                     help="tolka inte inskannade sidor med textigenkänning (OCR)")
    imp.add_argument("--remiss", action="store_true",
                     help="dokumenten är missiv: skriv remissfiler i cases/remisser/ (med listan över remissinstanser)")
    imp.set_defaults(func=cmd_import)

    gen = sub.add_parser("generate", help="skriv N syntetiska remissvar för test och prestandamätning")
    gen.add_argument("n", type=int, metavar="N", help="antal remissvar")
    gen.add_argument("--out", required=True, help="mapp att skriva till (aldrig projektets cases/)")
    gen.add_argument("--seed", type=int, default=1, help="slumpfrö (samma frö ger samma filer)")
    gen.set_defaults(func=cmd_generate)

    ed = sub.add_parser("edit", help="starta formulärredigeraren och webbplatsen på den här datorn "
                                      "(http://127.0.0.1:8000/admin/); filerna sparas i cases/")
    ed.add_argument("--port", type=int, default=8000, help="webbplatsens port (standard: 8000)")
    ed.add_argument("--proxy-port", type=int, default=8081, help="den lokala proxyns port (standard: 8081)")
    ed.set_defaults(func=cmd_edit)

    sch = sub.add_parser("schema", help="skriv JSON-schemat för framsidan")
    sch.add_argument("--remiss", action="store_true", help="schemat för en remissfil (cases/remisser/) i stället")
    sch.set_defaults(func=cmd_schema)
    sip = sub.add_parser("export-sip", help="skriv arkivet (eller ett år) som ett E-ARK-informationspaket (SIP) "
                                            "för e-arkivet")
    sip.add_argument("out", help="en ny eller tom mapp för paketet")
    sip.add_argument("--year", type=int, default=None, help="bara remissvar från det här året")
    sip.set_defaults(func=cmd_export_sip)
    pages = sub.add_parser("pages", help="skriv de genererade sidorna som Markdown-filer (utan MkDocs)")
    pages.add_argument("--out", required=True, help="mapp att skriva till")
    pages.add_argument("--drafts", action="store_true", help="ta med utkast")
    pages.set_defaults(func=cmd_pages)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UserError, BoardsError) as exc:
        print(f"remissarkiv: fel: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nremissarkiv: avbrutet", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 – the last wall: staff get one line, never a traceback
        print(f"remissarkiv: fel: oväntat fel ({type(exc).__name__}: {exc}) – ingenting ändrades; rapportera "
              "felet till dem som förvaltar arkivet", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
