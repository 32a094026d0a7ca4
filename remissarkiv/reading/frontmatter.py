"""Split a case file into YAML front matter and Markdown body, keeping line numbers.

YAML is loaded with a safe loader that constructs only plain data: tags such as `!!python/object` are
rejected, never executed. Dates stay text so the schema can report typos with a clear message.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import yaml

from remissarkiv.model.problems import CaseFileError

_NO_TIMESTAMPS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Plain scalars starting with anything else are text: skip the resolver's regular expressions for them.
_MAYBE_NOT_TEXT = set("0123456789+-.~nNtTfFyYoO")
_STR = "tag:yaml.org,2002:str"


class _PyLoader(yaml.SafeLoader):
    """Pure-Python parser: used to explain a syntax error, since its messages are the ones translated here."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (10,000 files are read in every build), no timestamps: dates reach the schema as text."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _MAYBE_NOT_TEXT:
            return _STR
        return super().resolve(kind, value, implicit)


@dataclass
class FrontMatter:
    data: dict
    yaml_text: str
    first_line: int  # file line of the front matter's first YAML line
    body: str
    body_line: int  # file line where the body starts

    @functools.cached_property
    def node(self) -> yaml.MappingNode:
        """The YAML node tree, composed again only when a line number is asked for (saves memory at scale)."""
        try:
            return _compose(self.yaml_text, _PlainLoader)
        except yaml.YAMLError:  # what only the pure-Python parser reads (escapes of surrogates)
            return _compose(self.yaml_text, _PyLoader)

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


# Lines end at \n, \r\n or \r only: str.splitlines would also end one at U+2028, U+2029, NEL and other
# characters that may stand inside a quoted value, and a '---' after one would end the front matter early.
_LINES = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def _lines(text: str) -> list[str]:
    if "\r" in text.replace("\r\n", ""):  # a lone carriage return ends a line too (rare: the slower way)
        return [line for line in _LINES.split(text) if line]
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def split(text: str) -> FrontMatter:
    lines = _lines(text)
    if not text.strip():
        raise CaseFileError(1, "filen är tom: en ärendefil börjar med en framsida mellan två rader '---'")
    if lines[0].strip() != "---":
        raise CaseFileError(1, "framsidan saknas: filen ska börja med en rad '---', sedan fälten i YAML, "
                               "sedan en rad '---' och därefter dokumentets text")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            yaml_text, restore = _hide_separators("".join(lines[1:i]))
            body = "".join(lines[i + 1:])
            data = _load(yaml_text)
            return FrontMatter(_restored(data, restore) if restore else data, yaml_text, first_line=2, body=body,
                               body_line=i + 2)
    raise CaseFileError(1, "framsidan avslutas aldrig: lägg till en rad '---' efter sista fältet")


# YAML 1.1 reads these as line breaks, even inside quotes, where a '---' after one ends the document; staff
# paste them with text from Word or the web. They are hidden from the parser as private-use characters the
# text does not hold, and put back in the values.
_SEPARATORS = "\u2028\u2029\x85"


def _hide_separators(yaml_text: str) -> tuple[str, dict[int, str] | None]:
    present = [ch for ch in _SEPARATORS if ch in yaml_text]
    if not present:
        return yaml_text, None
    used = set(yaml_text)  # once: the search for free characters stays linear in the text
    candidates = (chr(c) for c in itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE)))
    free = list(itertools.islice((ch for ch in candidates if ch not in used), len(present)))
    if len(free) < len(present):  # only a file made to fill every private-use character gets here
        line = yaml_text.count("\n", 0, yaml_text.index(present[0])) + 2
        raise CaseFileError(line, f"framsidan innehåller radavgränsaren U+{ord(present[0]):04X}: ta bort den")
    hide = {ord(ch): sub for ch, sub in zip(present, free)}
    return yaml_text.translate(hide), {ord(v): chr(k) for k, v in hide.items()}


def _restored(data, restore: dict[int, str]):
    if isinstance(data, str):
        return data.translate(restore)
    if isinstance(data, list):
        return [_restored(v, restore) for v in data]
    if isinstance(data, dict):
        return {_restored(k, restore): _restored(v, restore) for k, v in data.items()}
    return data


def _compose(yaml_text: str, loader_class) -> yaml.Node | None:
    loader = loader_class(yaml_text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


MAX_DEPTH = 12  # the model nests three levels deep; anything far deeper is a mistake (or an attack)


def _load(yaml_text: str) -> dict:
    try:
        node = _compose(yaml_text, _PlainLoader)
    except yaml.reader.ReaderError as exc:
        line = yaml_text.count("\n", 0, max(exc.position, 0)) + 2
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise CaseFileError(line, f"framsidan innehåller ett tecken som inte får stå i en textfil (U+{code:04X}): "
                                  "ta bort det") from None
    except RecursionError:
        raise CaseFileError(2, "framsidan är för djupt nästlad: ett remissvar har fält i högst tre nivåer") from None
    except yaml.MarkedYAMLError as fast_error:
        # The pure-Python parser's messages are the ones translated; libyaml's position is kept otherwise.
        # Some text only the pure-Python parser reads (an escaped surrogate, "\ud83d"): its tree is used, and
        # the checker then explains the character at its line (content.scan_characters).
        try:
            node = _compose(yaml_text, _PyLoader)
        except yaml.MarkedYAMLError as explained:
            raise _syntax_error(explained) from None
        except (yaml.YAMLError, RecursionError):
            raise _syntax_error(fast_error) from None
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 2 if node is not None else 2
        raise CaseFileError(line, "framsidan ska bestå av fält på formen 'namn: värde'")
    return _construct(node, set(), 0)


_SCALARS = {
    "tag:yaml.org,2002:str": lambda node: node.value,
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": lambda node: node.value.lower() in ("yes", "true", "on"),
    # A number too long to be one (Python refuses to convert over 4,300 digits) stays the text it is.
    "tag:yaml.org,2002:int": lambda node: (yaml.SafeLoader.construct_yaml_int(_SAFE, node)
                                           if len(node.value) <= 100 else node.value),
    "tag:yaml.org,2002:float": lambda node: yaml.SafeLoader.construct_yaml_float(_SAFE, node),
}
_SAFE = yaml.SafeLoader("")


def _construct(node: yaml.Node, seen: set[int], depth: int):
    """Plain data from a node tree. Only text, numbers, booleans, null, lists and mappings are built; any other
    tag is an error and nothing is ever executed. Aliases (&/*) are refused: they can expand exponentially."""
    if depth > MAX_DEPTH:
        raise CaseFileError(node.start_mark.line + 2, "framsidan är för djupt nästlad: ett remissvar har fält i "
                            "högst tre nivåer", col=node.start_mark.column + 1)
    if id(node) in seen:
        raise CaseFileError(node.start_mark.line + 2, "YAML-referenser (&namn och *namn) är inte tillåtna: "
                            "skriv ut värdet", col=node.start_mark.column + 1)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode) and node.tag in _SCALARS:
        return _SCALARS[node.tag](node)
    if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        return [_construct(item, seen, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
        data: dict = {}
        for key, value in node.value:
            name = _construct(key, seen, depth + 1)
            if not isinstance(name, str):
                raise CaseFileError(key.start_mark.line + 2, f"ett fältnamn måste vara text, inte {key.value!r}"
                                    if isinstance(key, yaml.ScalarNode) else "ett fältnamn måste vara text",
                                    col=key.start_mark.column + 1)
            if name in data:
                raise CaseFileError(key.start_mark.line + 2, f"fältet '{name}' förekommer två gånger: ta bort det ena",
                                    col=key.start_mark.column + 1)
            data[name] = _construct(value, seen, depth + 1)
        return data
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise CaseFileError(node.start_mark.line + 2, f"YAML-taggen {tag} är inte tillåten (taggar som skapar objekt "
                        "körs aldrig): ta bort taggen och skriv värdet som vanlig text", col=node.start_mark.column + 1)


def _syntax_error(exc: yaml.MarkedYAMLError) -> CaseFileError:
    # At the end of the text, the line where the unclosed construct began is the useful one.
    at_end = "stream end" in (exc.problem or "") or "end of stream" in (exc.problem or "")
    mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
    return CaseFileError(_line(mark), f"YAML-fel i framsidan: {_swedish_yaml(exc)}. Kontrollera "
                         "indrag, kolon och citattecken på raden", col=_col(mark))


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
