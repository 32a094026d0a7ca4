"""Every wrong value staff can write in a case file or a referral record gets a Swedish `path:line` message from
`remissarkiv check`, never `oväntat fel` (the CLI's last wall, which names a Python exception).

The fields come from the models themselves, so a field added later is covered without a change here: each is
given a value of the wrong kind, an empty value, an unknown id and a malformed date in turn.
"""
from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Union, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel

from remissarkiv.model import case as case_model, referral as referral_model
from remissarkiv.tools import cli

from .conftest import make_project

CASE = "cases/2019/bromma-ks-2019-1899.md"
RECORD = "cases/remisser/ks-2019-1899.md"
WRONG = {"tal": 12345, "sant": True, "lista": [1, "två"], "objekt": {"okänd": 1}, "tomt": "", "null": None,
         "okänt id": "finns-inte", "fel datum": "2019-13-45", "lista av objekt": [{"x": [1]}], "blanksteg": "   "}


def _inner(annotation):
    """The model inside Optional[...] or list[...], or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if get_origin(annotation) in (Union, types.UnionType):
        for arg in get_args(annotation):
            found = _inner(arg)
            if found[0] is not None:
                return found
    if get_origin(annotation) is list:
        model, _ = _inner(get_args(annotation)[0])
        return model, True
    return None, False


def field_paths(model: type[BaseModel], prefix: tuple = ()) -> list[tuple]:
    """Every field of the model and of its nested models (a list's first item), as key paths."""
    out = []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        out.append(path)
        inner, is_list = _inner(info.annotation)
        if inner is not None:
            out += field_paths(inner, (*path, 0) if is_list else path)
    return out


def _set(front: dict, path: tuple, value) -> None:
    node = front
    for key, following in zip(path, path[1:]):
        wanted = [] if isinstance(following, int) else {}
        if isinstance(key, int):
            while len(node) <= key:
                node.append({} if not isinstance(following, int) else [])
            if not isinstance(node[key], type(wanted)):
                node[key] = wanted
        elif not isinstance(node.get(key), type(wanted)):
            node[key] = wanted
        node = node[key]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("meddelanden"), with_fixtures=False)


def _variants(model, rel):
    return [pytest.param(rel, path, name, id=f"{rel.split('/')[1]}:{'.'.join(map(str, path))}={name}")
            for path in field_paths(model) for name in WRONG]


@pytest.mark.parametrize("rel,path,name", _variants(case_model.Case, CASE) + _variants(referral_model.ReferralRecord,
                                                                                      RECORD))
def test_a_wrong_value_in_any_field_gets_a_swedish_message_at_its_line(project, rel, path, name, capsys):
    file = project.root / rel
    original = file.read_text(encoding="utf-8")
    _, front_text, body = original.split("---\n", 2)
    front = yaml.safe_load(front_text)
    _set(front, path, WRONG[name])
    try:
        file.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")
        code = cli.main(["--root", str(project.root), "check"])
    finally:
        file.write_text(original, encoding="utf-8")
    out = capsys.readouterr()
    said = out.out + out.err
    assert "oväntat fel" not in said and "Traceback" not in said, said
    assert code in (0, 1), said
    if code == 1:  # refused: at a line of a file, in Swedish
        assert re.search(r"^cases/[^\s:]+\.md:\d+:\d+: fel: \S", said, re.M), said


def test_the_fields_cover_the_nested_models():
    paths = {".".join(map(str, p)) for p in field_paths(case_model.Case)}
    assert {"board", "referral.case_number", "decision.position", "signatories.0.name", "withdrawal.full",
            "review.date", "corrections.0.date", "attachments.0.file"} <= paths


@pytest.mark.parametrize("typed,meant", [("bromm", "bromma"), ("Bromma", "bromma"), ("bromma-sdn", "bromma"),
                                         ("brommа", "bromma"), ("Farsta", "farsta"), ("hagersten", "hagersten-alvsjo"),
                                         ("Hägersten-Älvsjö", "hagersten-alvsjo")])
def test_an_unknown_board_is_named_at_its_line_with_the_boards_it_might_have_meant(project, typed, meant, capsys):
    file = project.root / CASE
    original = file.read_text(encoding="utf-8")
    try:
        file.write_text(original.replace("board: bromma", f"board: {typed}"), encoding="utf-8")
        code = cli.main(["--root", str(project.root), "check"])
    finally:
        file.write_text(original, encoding="utf-8")
    said = capsys.readouterr().out
    assert code == 1
    assert f"{CASE}:5:1: fel: okänd nämnd '{typed}': menade du '{meant}'" in said, said


def test_an_unknown_board_far_from_every_board_gets_no_guess(project, capsys):
    file = project.root / CASE
    original = file.read_text(encoding="utf-8")
    try:
        file.write_text(original.replace("board: bromma", "board: qwxz"), encoding="utf-8")
        assert cli.main(["--root", str(project.root), "check"]) == 1
    finally:
        file.write_text(original, encoding="utf-8")
    said = capsys.readouterr().out
    assert f"{CASE}:5:1: fel: okänd nämnd 'qwxz': använd ett id ur data/boards.yml" in said, said


@pytest.mark.parametrize("target", ["to_folder", "to_nothing", "to_file"])
def test_export_sip_into_a_symbolic_link_is_refused_in_swedish(project, tmp_path, target, capsys):
    link = tmp_path / "paket"
    where = {"to_folder": tmp_path / "mapp", "to_nothing": tmp_path / "saknas", "to_file": tmp_path / "fil"}[target]
    if target == "to_folder":
        where.mkdir()
    elif target == "to_file":
        where.write_text("x")
    link.symlink_to(where)
    assert cli.main(["--root", str(project.root), "export-sip", str(link)]) == 1
    said = capsys.readouterr().err
    assert "oväntat fel" not in said and "är en symbolisk länk" in said, said
    assert not (where.is_dir() and any(where.iterdir()))
