"""Split a case file into YAML front matter and Markdown body, keeping line numbers.

YAML is loaded with a safe loader that constructs only plain data: tags such as `!!python/object` are
rejected, never executed. Dates stay text so the schema can report typos with a clear message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .problems import CaseFileError


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: `2020-02-30` must reach the schema as text."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class FrontMatter:
    data: dict
    node: yaml.MappingNode
    first_line: int  # file line of the front matter's first YAML line
    body: str
    body_line: int  # file line where the body starts

    def line_of(self, loc: tuple) -> int:
        """File line of the value at `loc` (keys and list indexes), or of its nearest existing parent."""
        node = self.node
        for step in loc:
            child = _child(node, step)
            if child is None:
                break
            node = child
        return node.start_mark.line + self.first_line

    def key_line(self, loc: tuple) -> int:
        """File line of the key `loc[-1]` itself (for unknown keys, whose value may span lines)."""
        parent = self.node
        for step in loc[:-1]:
            parent = _child(parent, step) or parent
        if isinstance(parent, yaml.MappingNode):
            for key, _ in parent.value:
                if key.value == loc[-1]:
                    return key.start_mark.line + self.first_line
        return self.line_of(loc)


def _child(node: yaml.Node, step) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                return value
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def split(text: str) -> FrontMatter:
    lines = text.splitlines(keepends=True)
    if not text.strip():
        raise CaseFileError(1, "filen är tom: en ärendefil börjar med en framsida mellan två rader '---'")
    if lines[0].strip() != "---":
        raise CaseFileError(1, "framsidan saknas: filen ska börja med en rad '---', sedan fälten i YAML, "
                               "sedan en rad '---' och därefter dokumentets text")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            yaml_text = "".join(lines[1:i])
            body = "".join(lines[i + 1:])
            data, node = _load(yaml_text)
            return FrontMatter(data, node, first_line=2, body=body, body_line=i + 2)
    raise CaseFileError(1, "framsidan avslutas aldrig: lägg till en rad '---' efter sista fältet")


def _load(yaml_text: str) -> tuple[dict, yaml.MappingNode]:
    loader = _PlainLoader(yaml_text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + 2 if node is not None else 2
            raise CaseFileError(line, "framsidan ska bestå av fält på formen 'namn: värde'")
        _reject_duplicate_keys(node)
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark or exc.context_mark
        found = re.search(r"tag '(?:tag:yaml\.org,2002:)?([^']*)'", exc.problem or "")
        tag = f"!!{found.group(1)}" if found else "okänd tagg"
        raise CaseFileError(_line(mark), f"YAML-taggen {tag} är inte tillåten (taggar som skapar objekt körs "
                            "aldrig): ta bort taggen och skriv värdet som vanlig text", col=_col(mark)) from None
    except yaml.MarkedYAMLError as exc:
        # At the end of the text, the line where the unclosed construct began is the useful one.
        at_end = "stream end" in (exc.problem or "") or "end of stream" in (exc.problem or "")
        mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
        raise CaseFileError(_line(mark), f"YAML-fel i framsidan: {_swedish_yaml(exc)}. Kontrollera "
                            "indrag, kolon och citattecken på raden", col=_col(mark)) from None
    finally:
        loader.dispose()
    return data, node


def _reject_duplicate_keys(node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key, value in node.value:
            if key.value in seen:
                raise CaseFileError(key.start_mark.line + 2,
                                    f"fältet '{key.value}' förekommer två gånger: ta bort det ena",
                                    col=key.start_mark.column + 1)
            seen.add(key.value)
            _reject_duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item)


def _line(mark) -> int:
    return mark.line + 2 if mark is not None else 1


def _col(mark) -> int:
    return mark.column + 1 if mark is not None else 1


_YAML_PHRASES = {
    "mapping values are not allowed here": "ett kolon står där inget värde får stå (sätt texten inom citattecken)",
    "could not find expected ':'": "ett kolon saknas efter fältnamnet",
    "found character '\\t' that cannot start any token": "tabbtecken är inte tillåtna: använd mellanslag",
    "found unexpected end of stream": "texten tar slut mitt i ett värde (saknas ett citattecken?)",
    "did not find expected key": "ett fältnamn saknas eller indraget är fel",
    "expected <block end>, but found": "indraget stämmer inte med raderna ovanför",
    "found undefined alias": "okänd YAML-referens (*namn)",
    "expected ',' or ']'": "en lista inom [ ] avslutas aldrig: lägg till ']'",
    "expected ',' or '}'": "en grupp inom { } avslutas aldrig: lägg till '}'",
}


def _swedish_yaml(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    for english, swedish in _YAML_PHRASES.items():
        if problem.startswith(english):
            return swedish
    return f"ogiltig YAML ({problem})"
