"""Reading and writing extension documents as TOML, JSON and YAML, safely.

Reading never executes code from the document: ``tomllib``, ``json`` and ``yaml.safe_load``
only, after a size check; YAML aliases are refused (they let a small file expand into a huge
document). ``find_line`` maps a path into the document to a line number where it can.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import ExtensionError, InputLimitError, MissingExtraError
from .limits import decode, read_limited

__all__ = ["dump_toml", "dump_yaml", "find_line", "import_yaml", "read_document"]


def import_yaml() -> ModuleType:
    """PyYAML, or a ``MissingExtraError`` naming the extra that installs it."""
    try:
        import yaml
    except ImportError:
        raise MissingExtraError("yaml", "PyYAML", "reading and writing YAML extension files") from None
    return yaml


def read_document(file: Path, fmt: str, max_bytes: int) -> tuple[Any, str]:
    """Parse ``file`` as ``fmt`` after reading at most ``max_bytes`` of it (counted while
    reading, so pipes, FIFOs and devices are bounded too); returns the document and its text."""
    where = str(file)
    try:
        text = decode(read_limited(file, max_bytes, where), where)
    except InputLimitError as err:
        raise ExtensionError(where, err.problems) from None
    try:
        if fmt == "toml":
            return tomllib.loads(text), text
        if fmt == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates), text
        return _load_yaml(text, where), text
    except tomllib.TOMLDecodeError as err:
        raise ExtensionError(where, [f"not valid TOML: {err}"]) from None
    except json.JSONDecodeError as err:
        raise ExtensionError(where, [f"not valid JSON (line {err.lineno}, column {err.colno}): {err.msg}"]) from None
    except RecursionError:
        raise ExtensionError(where, ["the document is nested too deeply"]) from None
    except ExtensionError:
        raise
    except ValueError as err:  # e.g. JSON numbers too long to convert
        raise ExtensionError(where, [f"not a valid document: {err}"]) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


def _load_yaml(text: str, where: str) -> Any:
    yaml = import_yaml()
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise ExtensionError(where, [f"line {line}: YAML aliases are not allowed in extension files"])
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise ExtensionError(where, [f"not valid YAML{at}: {problem}"]) from None


def find_line(text: str | None, loc: Sequence[int | str], fmt: str | None = None) -> int | None:
    """The line (1-based) of the value at ``loc`` in a TOML or YAML document, if found."""
    if not text or not loc:
        return None
    if fmt == "yaml" or (fmt is None and not text.lstrip().startswith(("{", "[", "#")) and ":" in text):
        line = _yaml_line(text, loc)
        if line is not None:
            return line
    return _toml_line(text, loc)


def _toml_line(text: str, loc: Sequence[int | str]) -> int | None:
    # Arrays of tables: the loc ("term", 3, "broader") is the 4th [[term]] header and its key.
    if len(loc) < 2 or not isinstance(loc[0], str) or not isinstance(loc[1], int):
        if isinstance(loc[0], str):
            pattern = re.compile(rf"^\s*{re.escape(loc[0])}\s*=")
            for n, line in enumerate(text.splitlines(), 1):
                if pattern.match(line):
                    return n
        return None
    header = re.compile(rf"^\s*\[\[\s*{re.escape(loc[0])}\s*\]\]")
    any_header = re.compile(r"^\s*\[")
    lines = text.splitlines()
    count = -1
    for n, line in enumerate(lines):
        if header.match(line):
            count += 1
            if count == loc[1]:
                if len(loc) > 2 and isinstance(loc[2], str):
                    key = re.compile(rf"^\s*{re.escape(loc[2])}\s*=")
                    for m in range(n + 1, len(lines)):
                        if any_header.match(lines[m]):
                            break
                        if key.match(lines[m]):
                            return m + 1
                return n + 1
    return None


def _yaml_line(text: str, loc: Sequence[int | str]) -> int | None:
    try:
        yaml = import_yaml()
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except Exception:
        return None
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


# ---------------------------------------------------------------------- writing

_YAML_BREAKS = re.compile("[\x85\u2028\u2029]")


def dump_yaml(document: Mapping[str, Any]) -> str:
    """Write a document as YAML that ``yaml.safe_load`` reads back unchanged.

    Strings holding characters YAML reads as line breaks (NEL, U+2028, U+2029) or anything
    unprintable are written double-quoted, where they are escaped; PyYAML's default single
    quotes would let a reader fold them into spaces.
    """
    yaml = import_yaml()

    class _Dumper(yaml.SafeDumper):  # type: ignore[name-defined,misc]
        pass

    def represent_str(dumper: Any, value: str) -> Any:
        style = '"' if _YAML_BREAKS.search(value) or not value.isprintable() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, represent_str)
    text: str = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    return text


_CONTROL = re.compile(r'[\x00-\x1f\x7f"\\]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _string(value: str) -> str:
    return '"' + _CONTROL.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), value) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def dump_toml(document: Mapping[str, Any], header: str = "") -> str:
    """Write a document of scalars and arrays of tables (the extension format) as TOML."""
    out = [f"# {header}", ""] if header else []
    tables = {k: v for k, v in document.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)}
    for key, value in document.items():
        if key not in tables:
            out.append(f"{key} = {_value(value)}")
    for key, rows in tables.items():
        for row in rows:
            out += ["", f"[[{key}]]"]
            out += [f"{k} = {_value(v)}" for k, v in row.items()]
    return "\n".join(out) + "\n"
