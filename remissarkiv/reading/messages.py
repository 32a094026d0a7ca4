"""Swedish messages for schema errors, with 'menade du …?' for misspelt keys."""
from __future__ import annotations

import difflib

from pydantic import BaseModel

from remissarkiv.model import case as schema

_TYPE_NAMES = {
    "string_type": "text",
    "list_type": "en lista (rader som börjar med '- ')",
    "dict_type": "en grupp av fält (namn: värde på indragna rader)",
    "model_type": "en grupp av fält (namn: värde på indragna rader)",
    "model_attributes_type": "en grupp av fält (namn: värde på indragna rader)",
}


def field_path(loc: tuple) -> str:
    parts: list[str] = []
    for step in loc:
        if isinstance(step, int):
            parts[-1] = f"{parts[-1]}[{step + 1}]" if parts else f"[{step + 1}]"
        else:
            parts.append(str(step))
    return ".".join(parts)


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The model class whose fields are allowed at `loc` (for suggestions)."""
    model: type[BaseModel] | None = schema.Case
    for step in loc:
        if isinstance(step, int) or model is None:
            continue
        info = model.model_fields.get(step)
        model = schema.nested_model(info.annotation) if info else None
    return model


def translate(error: dict) -> str:
    loc = tuple(error["loc"])
    name = field_path(loc)
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return f"fältet '{name}' saknas men är obligatoriskt: lägg till '{loc[-1]}: …'"
    if kind == "extra_forbidden":
        return _unknown_key(loc)
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"'{name}' har det ogiltiga värdet {value!r}: tillåtna värden är {allowed.replace(' or ', ' eller ')}"
    if kind in _TYPE_NAMES:
        return f"'{name}' ska vara {_TYPE_NAMES[kind]}, inte {value!r}"
    if kind == "string_too_short":
        return f"'{name}' är tomt: fyll i ett värde eller ta bort fältet"
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"'{name}' är för långt (högst {limit} tecken): korta värdet"
    if kind.startswith("datum") or kind in ("webbadress", "sokvag"):
        return f"'{name}': {error['msg']}"
    return f"'{name}' har ett ogiltigt värde {value!r} ({error['msg']})"


def _unknown_key(loc: tuple) -> str:
    key = str(loc[-1])
    model = _model_at(loc[:-1])
    allowed = list(model.model_fields) if model else []
    where = f" i '{field_path(loc[:-1])}'" if loc[:-1] else ""
    if key in ("render_macros", "render_by_default"):
        return (f"okänt fält '{key}'{where}: ärendesidor renderas aldrig som mallar, ta bort fältet")
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f" – menade du '{guess[0]}'?" if guess else f". Tillåtna fält: {', '.join(allowed)}"
    return f"okänt fält '{key}'{where}{hint}"
