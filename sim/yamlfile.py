"""Reading YAML a person wrote: safe, bounded, and with a line for every field.

Refused outright: files over ``MAX_BYTES``, bytes that are not UTF-8, anchors and
aliases (the "billion laughs" expansion), explicit tags, duplicate keys. Numbers
follow YAML 1.2 so that ``20:00`` stays a time of day and is not read as 1200.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sim.errors import InputError, Problem

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
"""Deepest nesting of mappings and lists; the bundled files need 8."""

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


if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """The same rules over libyaml's scanner and parser (about ten times faster)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _Parsing: type[Any] = _CLoader
else:  # pragma: no cover - PyYAML without libyaml
    _Parsing = _Loader


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


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _cannot(name: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        return InputError([Problem(name, None, "", "file not found")])
    if isinstance(exc, PermissionError):
        return InputError([Problem(name, None, "", "cannot read: permission denied")])
    return InputError([Problem(name, None, "", f"cannot read: {exc.strerror or exc}")])


def read_bytes(path: Path, limit: int, what: str, display: str | None = None) -> bytes:
    """A regular file's bytes, at most ``limit`` of them, never trusting ``st_size``.

    Devices report a size of 0 and a FIFO blocks on open, so the file kind is
    checked first, the file is opened without blocking, and at most
    ``limit + 1`` bytes are read.
    """
    name = display or str(path)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(
                [Problem(name, None, "", f"expected a regular file, found {_kind_of(mode)}")]
            )
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise InputError(
                    [Problem(name, None, "", f"expected a regular file, found {_kind_of(mode)}")]
                )
            chunks: list[bytes] = []
            remaining = limit + 1
            while remaining > 0:
                chunk = os.read(fd, min(remaining, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _cannot(name, exc) from None
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise InputError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"file is larger than {limit} bytes; expected at most {limit} bytes for {what}",
                )
            ]
        )
    return raw


def decode_utf8(raw: bytes, name: str) -> str:
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


def read_text(path: Path, display: str | None = None) -> str:
    name = display or str(path)
    return decode_utf8(read_bytes(path, MAX_BYTES, "a plan or scenario", name), name)


def parse_yaml(text: str, name: str) -> YamlDocument:
    """Parse one YAML document into plain data plus a field-path -> line map."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_Parsing):
            mark = event.start_mark
            line = mark.line + 1 if mark else None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError(
                        [
                            Problem(
                                name,
                                line,
                                "",
                                f"nested more than {MAX_DEPTH} levels deep; "
                                "expected a plan or scenario layout",
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
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
        loader = _Parsing(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise InputError(
                    [Problem(name, 1, "", "expected a YAML mapping, found an empty file")]
                )
            lines: dict[FieldPath, int] = {}
            _index(node, (), lines, name)
            try:
                data = loader.construct_document(node)
            except (ValueError, OverflowError) as exc:
                raise InputError([_bad_value(node, name, exc)]) from None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or ""
        hint = _input_method_hint(text, line)
        if "nesting depth" in problem:
            problem = (
                f"nested more than {MAX_DEPTH} levels deep; expected a plan or scenario layout"
            )
        else:
            problem = f"YAML syntax error: {problem}{hint}"
        raise InputError([Problem(name, line, "", problem)]) from None
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


def _input_method_hint(text: str, line: int | None) -> str:
    """Explain the full-width punctuation a Chinese input method types in place of YAML's."""
    lines = text.split("\n")
    around = lines[max(0, (line or 1) - 2) : (line or 1)] if line else lines
    near = "\n".join(around)
    if "：" in near:
        return (
            "; the line has a full-width colon '：' (Chinese input method): "
            "YAML needs an ASCII colon and a space, ': '"
        )
    if "，" in near:
        return (
            "; the line has a full-width comma '，' (Chinese input method): "
            "lists in [...] and {...} need an ASCII comma ','"
        )
    return ""


def _bad_value(root: yaml.Node, name: str, exc: Exception) -> Problem:
    """Locate a scalar the constructor refused (a date like 2026-02-30)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            loader = _Loader("")
            try:
                loader.construct_object(node, deep=True)
            except (ValueError, OverflowError) as err:
                return Problem(
                    name, node.start_mark.line + 1, "", f"cannot read {node.value!r}: {err}"
                )
            finally:
                loader.dispose()
        elif isinstance(node, yaml.MappingNode):
            for k, v in reversed(node.value):
                stack.extend((v, k))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return Problem(name, None, "", f"cannot read a value: {exc}")


def _index(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int], name: str) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    [
                        Problem(
                            name,
                            line,
                            format_path(path),
                            "expected a plain name as a key, found a "
                            + ("list" if isinstance(key_node, yaml.SequenceNode) else "mapping"),
                        )
                    ]
                )
            key = key_node.value
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
