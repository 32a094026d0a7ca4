"""Validate an E-ARK information package with eark-validator, offline: run by the validator's own virtual
environment (.venv-eark, Makefile), which pins lxml 5.1.0 as eark-validator requires.

    .venv-eark/bin/python tests/eark_validate.py PACKAGE_DIR  ->  JSON {"errors": [...], "warnings": [...], ...}

eark-validator reads four CSIP vocabularies from the web when it is imported; the vendored copies in
tests/fixtures/csip-vocabularies/ are handed to it instead, and any other address is refused.
"""
import io
import json
import sys
import urllib.request
from pathlib import Path

VOCABULARIES = Path(__file__).parent / "fixtures" / "csip-vocabularies"
PREFIX = "https://earkcsip.dilcis.eu/schema/"


def _offline(url, *args, **kwargs):
    name = str(url).removeprefix(PREFIX)
    if str(url).startswith(PREFIX) and "/" not in name and (VOCABULARIES / name).is_file():
        return io.BytesIO((VOCABULARIES / name).read_bytes())
    raise OSError(f"no network in the tests: {url}")


urllib.request.urlopen = _offline

from eark_validator.packages import PackageValidator  # noqa: E402  (after the patch: it downloads on import)


def main(path: str) -> int:
    report = PackageValidator(Path(path)).validation_report
    found = {"errors": [], "warnings": [], "info": []}
    kinds = {"Error": "errors", "Warning": "warnings", "Information": "info"}

    def add(result):
        sev = getattr(result.severity, "value", str(result.severity))
        found.setdefault(kinds.get(sev, "errors" if "rror" in sev else "info"), []).append(
            {"rule": result.rule_id, "message": result.message, "location": getattr(result, "location", None)})

    for result in report.structure.messages:
        add(result)
    if report.metadata is not None:
        for part in (report.metadata.schema_results, report.metadata.schematron_results):
            for result in part.messages:
                add(result)
    found["structure"] = str(report.structure.status)
    print(json.dumps(found, ensure_ascii=False, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
