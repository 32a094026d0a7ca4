"""The form's save written into the file as it was (issue 37, point 5): Decap sends a whole new file, with its own
key order, quoting and wrapping and without the comments. A reviewer's diff of a one-field change must show that
field alone, so the new values are put into the old front matter (ruamel.yaml keeps its comments, order and
style), and the new text replaces the old.

The result is used only when it reads back as exactly what the form sent; otherwise the form's own text is
written (nothing is lost, the diff is only larger).
"""
from __future__ import annotations

import datetime as dt
import io
import json

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from remissarkiv.model.problems import CaseFileError
from remissarkiv.reading import frontmatter


def _plain(value) -> str:
    """A value as JSON text, for comparing ruamel's and PyYAML's readings (dates, numbers, strings alike)."""
    def default(v):
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)
    return json.dumps(value, default=default, sort_keys=True, ensure_ascii=False)


def _empty(value) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _update(old: CommentedMap, new: dict) -> None:
    for key in [k for k in old if k not in new]:
        if not _empty(old[key]):
            del old[key]  # the form removed it (an empty field it may simply not send: kept as it was)
    previous = None
    for key, value in new.items():
        if key not in old:
            position = list(old).index(previous) + 1 if previous in old else len(old)
            old.insert(position, key, value)
        elif _plain(old[key]) != _plain(value):
            current = old[key]
            if isinstance(current, CommentedMap) and isinstance(value, dict):
                _update(current, value)
            elif isinstance(current, CommentedSeq) and isinstance(value, list) and len(current) == len(value):
                for i, item in enumerate(value):
                    if _plain(current[i]) == _plain(item):
                        continue
                    if isinstance(current[i], CommentedMap) and isinstance(item, dict):
                        _update(current[i], item)
                    else:
                        current[i] = item
            elif not (_empty(current) and _empty(value)):
                old[key] = value
        previous = key


def merged(old_text: str, new_text: str) -> str:
    """`new_text` (what the form sends) written into `old_text` (the file as it is); `new_text` unchanged when
    either cannot be read so, or the merge would not read back as `new_text` does."""
    try:
        old_fm, new_fm = frontmatter.split(old_text), frontmatter.split(new_text)
    except CaseFileError:
        return new_text
    if not isinstance(old_fm.data, dict) or not isinstance(new_fm.data, dict):
        return new_text
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never rewrap a line the file had
    rt.indent(mapping=2, sequence=4, offset=2)
    # the case files spell an unknown value "null", as `remissarkiv new` and `import` write it
    rt.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    try:
        data = rt.load(old_fm.yaml_text)
        if not isinstance(data, CommentedMap):
            return new_text
        _update(data, new_fm.data)
        out = io.StringIO()
        rt.dump(data, out)
    except Exception:  # noqa: BLE001 – ruamel's many errors: the form's own text is always a safe answer
        return new_text
    text = "---\n" + out.getvalue() + "---\n" + new_fm.body
    try:
        back = frontmatter.split(text)
    except CaseFileError:
        return new_text
    same = _plain(_strip(back.data)) == _plain(_strip(new_fm.data)) and back.body == new_fm.body
    return text if same else new_text


def _strip(value):
    """Empty values dropped: the form may leave out an empty field the file spells as null, and the reverse."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value

