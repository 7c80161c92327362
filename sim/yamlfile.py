"""Reading YAML a person wrote: safe, bounded, and with a line for every field.

Refused outright: files over ``MAX_BYTES``, bytes that are not UTF-8, anchors and
aliases (the "billion laughs" expansion), explicit tags, duplicate keys. Numbers
follow YAML 1.2 so that ``20:00`` stays a time of day and is not read as 1200.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.errors import InputError, Problem

MAX_BYTES = 2 * 1024 * 1024

FieldPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 numbers and no sexagesimal surprises."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


@dataclass
class YamlDocument:
    path: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the deepest known prefix of ``path`` (1-based)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: FieldPath, message: str) -> Problem:
        return Problem(self.path, self.line_of(path), format_path(path), message)


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_text(path: Path, display: str | None = None) -> str:
    name = display or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError([Problem(name, None, "", "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    if path.is_dir():
        raise InputError([Problem(name, None, "", "expected a file, found a directory")])
    if size > MAX_BYTES:
        raise InputError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"file is {size} bytes; expected at most {MAX_BYTES} bytes "
                    "for a plan or scenario",
                )
            ]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    name,
                    line,
                    "",
                    f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x} "
                    "(save the file as UTF-8; GBK/GB2312 files must be converted)",
                )
            ]
        ) from None


def parse_yaml(text: str, name: str) -> YamlDocument:
    """Parse one YAML document into plain data plus a field-path -> line map."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            line = mark.line + 1 if mark else None
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputError(
                    [
                        Problem(
                            name,
                            line,
                            "",
                            "YAML anchors and aliases (&, *) are not allowed; "
                            "write the value out in full",
                        )
                    ]
                )
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = tag is not None and not (
                implicit is True or (isinstance(implicit, tuple) and any(implicit))
            )
            if explicit:
                raise InputError(
                    [Problem(name, line, "", f"YAML tags are not allowed, found '{tag}'")]
                )
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise InputError(
                    [Problem(name, 1, "", "expected a YAML mapping, found an empty file")]
                )
            lines: dict[FieldPath, int] = {}
            _index(node, (), lines, name)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(name, line, "", f"YAML syntax error: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, None, "", f"YAML error: {exc}")]) from None
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    name, 1, "", f"expected a YAML mapping at the top, found {type(data).__name__}"
                )
            ]
        )
    return YamlDocument(name, data, lines)


def _index(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], name: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise InputError(
                    [
                        Problem(
                            name,
                            line,
                            format_path((*path, key)),
                            f"duplicate key (first given on line {seen[key]})",
                        )
                    ]
                )
            seen[key] = line
            _index(value_node, (*path, key), lines, name)
            lines[(*path, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines, name)


def load_yaml(path: Path | str, display: str | None = None) -> YamlDocument:
    p = Path(path)
    name = display or str(path)
    return parse_yaml(read_text(p, name), name)
