"""The text of a case file: front matter in the model's field order, with Swedish comments from the schema.

Used by `remissarkiv new` and `remissarkiv import`, so every new file looks the same and always validates.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import yaml
from pydantic import BaseModel

from remissarkiv.model import case as schema
from remissarkiv.model.swedish import case_number_key


# Text YAML writes as it is (no quotes): words, digits and everyday punctuation, starting with a letter or digit,
# no ': ' or ' #'. Whether YAML would read it as text (not a number, date, bool or null) is asked of its resolver.
_PLAIN = re.compile(r"[^\W_][\w .,()/§–\-]*", re.UNICODE)
_RESOLVER = yaml.resolver.Resolver()


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _PLAIN.fullmatch(value) and not value.endswith(" ") and \
            _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
        return value  # what safe_dump writes for such text, without its pure-Python emitter (the generator's cost)
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _comment(model: type[BaseModel], name: str, indent: str) -> list[str]:
    desc = model.model_fields[name].description
    return [f"{indent}# {desc}"] if desc else []


def _mapping(model: type[BaseModel], values: dict, indent: str, comments: bool) -> list[str]:
    lines: list[str] = []
    for name, info in model.model_fields.items():
        value = values.get(name)
        if comments:
            lines += _comment(model, name, indent)
        nested = _nested(model, name)
        if isinstance(value, dict) or (nested and value is None and info.is_required()):
            lines.append(f"{indent}{name}:")
            lines += _mapping(nested, value or {}, indent + "  ", comments)
        elif isinstance(value, list) and value:
            lines.append(f"{indent}{name}:")
            for item in value:
                if isinstance(item, dict):
                    pairs = [f"{k}: {_scalar(v)}" for k, v in item.items()]
                    lines.append(f"{indent}  - " + f"\n{indent}    ".join(pairs))
                else:
                    lines.append(f"{indent}  - {_scalar(item)}")
        elif isinstance(value, list) or (value is None and _is_list(info.annotation)):
            lines.append(f"{indent}{name}: []")
        elif value is None and nested and info.default is None:  # an optional group (review:): left out
            lines.append(f"{indent}{name}: null")
        elif value is None and nested:
            lines.append(f"{indent}{name}:")
            lines += _mapping(nested, {}, indent + "  ", comments)
        else:
            lines.append(f"{indent}{name}: {_scalar(value)}")
    return lines


@functools.lru_cache(maxsize=None)
def _nested(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model of a field that is one nested object (not a list of them); asked once per field."""
    annotation = model.model_fields[name].annotation
    return schema.nested_model(annotation) if not _is_list(annotation) else None


def _is_list(annotation) -> bool:
    return getattr(annotation, "__origin__", None) is list


def case_text(values: dict, body: str, comments: bool = True, header: list[str] | None = None,
              model: type[BaseModel] = schema.Case) -> str:
    """A case file (or, with model=ReferralRecord, a referral record) in the model's field order."""
    lines = ["---"] + [f"# {h}" for h in (header or [])]
    lines += _mapping(model, values, "", comments)
    return "\n".join(lines + ["---", "", body.strip(), ""])


UNKNOWN_YEAR = "okant-ar"


def case_path(cases_dir: Path, board: str | None, referral_number: str | None, day: dt.date | None,
              fallback_year: int | None = None) -> Path:
    """cases/<year>/<board>-<referral number>.md; the year is the document's, else the referral number's, else
    fallback_year (`new` gives this year; an import never takes the clock's: cases/okant-ar/)."""
    year = day.year if day else _year_in(referral_number or "") or fallback_year or UNKNOWN_YEAR
    name = f"{board or 'okand-namnd'}-{case_number_key(referral_number) if referral_number else 'okand-remiss'}"
    return cases_dir / str(year) / f"{name}.md"


def _year_in(text: str) -> int | None:
    m = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", text)
    return int(m.group(1)) if m else None
