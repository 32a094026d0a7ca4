"""`remissarkiv`: staff commands. Messages are Swedish; exit code 1 on errors, never a traceback."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import schema
from .archive import Project
from .problems import errors, summary
from .site import CaseErrors, generate, write


def cmd_check(args) -> int:
    result, _ = Project(Path(args.root)).load()
    if args.format == "json":
        print(json.dumps({"files": result.files, "problems": [p.as_dict() for p in result.problems]},
                         ensure_ascii=False, indent=2))
    else:
        for p in result.problems:
            print(p)
        print(summary(result.problems, result.files))
    return 1 if errors(result.problems) else 0


def cmd_schema(args) -> int:
    print(json.dumps(schema.json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_pages(args) -> int:
    try:
        content = generate(Path(args.root), include_drafts=args.drafts)
    except CaseErrors as exc:
        print(exc, file=sys.stderr)
        return 1
    n = write(content, Path(args.out))
    print(f"{n} filer skrivna till {args.out}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="remissarkiv", description="Verktyg för Remissarkivet.")
    parser.add_argument("--root", default=".", help="projektets rotmapp (standard: aktuell mapp)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="kommando")
    check = sub.add_parser("check", help="kontrollera ärendefilerna i cases/")
    check.add_argument("--format", choices=["text", "json"], default="text", help="utdataformat")
    check.set_defaults(func=cmd_check)
    sub.add_parser("schema", help="skriv JSON-schemat för framsidan").set_defaults(func=cmd_schema)
    pages = sub.add_parser("pages", help="skriv de genererade sidorna som Markdown-filer (utan MkDocs)")
    pages.add_argument("--out", required=True, help="mapp att skriva till")
    pages.add_argument("--drafts", action="store_true", help="ta med utkast")
    pages.set_defaults(func=cmd_pages)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
