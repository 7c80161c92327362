"""Mutants of the bundled files for fuzzing: what careless and hostile users write.

``mutant(rng)`` returns a scenario, its plan and a decisions journal (any of
them mutated) as text, and the name of the mutation. ``outcome`` runs
``validate`` and ``run`` on one mutant through the command line and classes
the result; both the suite's fuzz test and ``bench/fuzz_inputs.py`` use it.
"""

from __future__ import annotations

import copy
import json
import math
import os
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from click.testing import CliRunner

import scenarios
from sim.yamlfile import parse_yaml

BUNDLED = Path(scenarios.__file__).parent
PAIRS = (
    ("poisoning.yaml", "poisoning-plan.yaml"),
    ("poisoning.yaml", "poisoning-plan-flawed.yaml"),
    ("pipeline.yaml", "pipeline-plan.yaml"),
)
NUMBERS: tuple[Any, ...] = (
    0,
    -1,
    1e300,
    -1e300,
    1e-300,
    math.nan,
    math.inf,
    -math.inf,
    2**70,
    10**9,
    True,
    "5",
    "08:00",
    800,
    None,
    "5分钟",
)
STRINGS: tuple[Any, ...] = (
    "nonexistent",
    "",
    " ",
    "\u2028",
    "a\u0085b",
    "\ufeffid",
    "名称：值",
    "５",
    "\U0001f525",
    "x" * 5000,
    "\x7f",
    "\t",
    0,
    [],
    {},
)
JOURNAL_LINES = (
    '{{"t":{t},"command":"note","args":{{"text":"{text}"}}}}',
    '{{"t":{t},"command":"declare_level","args":{{"level":"{level}"}}}}',
    '{{"t":{t},"command":"dispatch","args":{{"team":"{team}","to":"{loc}"}}}}',
    '{{"t":{t},"command":"notify","args":{{"organisation":"{org}"}}}}',
)


def _number_class(value: Any) -> str:
    """The fuzzing campaign's class of a replacement number: what it tests."""
    if isinstance(value, bool | str) or value is None:
        return "type"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    if value == 0:
        return "zero"
    if value < 0:
        return "negative"
    if abs(value) < 1e-100:
        return "tiny"
    return "huge"


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def _pick(rng: np.random.Generator, items: list[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _mutate_data(data: Any, rng: np.random.Generator) -> tuple[Any, str]:
    nodes = list(_paths(data))
    leaves = [(p, v) for p, v in nodes if p and not isinstance(v, dict | list)]
    numbers = [(p, v) for p, v in leaves if isinstance(v, int | float) and not isinstance(v, bool)]
    strings = [(p, v) for p, v in leaves if isinstance(v, str)]
    kind = _pick(rng, ["number", "type", "delete", "reference", "deep", "unicode", "duplicate"])
    if kind == "number" and numbers:
        path, _ = _pick(rng, numbers)
        value = _pick(rng, list(NUMBERS))
        return _set(data, path, value), f"number:{_number_class(value)}"
    if kind == "reference" and strings:
        path, _ = _pick(rng, strings)
        _, other = _pick(rng, strings)
        return _set(data, path, _pick(rng, [other, "nonexistent", other + "_"])), kind
    if kind == "unicode" and strings:
        path, _ = _pick(rng, strings)
        return _set(data, path, _pick(rng, list(STRINGS))), kind
    if kind == "delete":
        dicts = [(p, v) for p, v in nodes if isinstance(v, dict) and v]
        path, node = _pick(rng, dicts)
        del node[_pick(rng, list(node))]
        return data, kind
    if kind == "duplicate":
        lists = [(p, v) for p, v in nodes if isinstance(v, list) and v]
        if lists:
            _, node = _pick(rng, lists)
            node.append(copy.deepcopy(_pick(rng, node)))
            return data, kind
    if kind == "deep":
        path, _ = _pick(rng, [(p, v) for p, v in nodes if p])
        deep: Any = 1
        for _ in range(int(rng.integers(20, 60))):
            deep = [deep]
        return _set(data, path, deep), kind
    path, _ = _pick(rng, [(p, v) for p, v in nodes if p])
    return _set(data, path, _pick(rng, [[], {}, "x", 3, None, True, [1, 2]])), "type"


def _mutate_text(text: str, rng: np.random.Generator) -> tuple[str, str]:
    kind = _pick(
        rng, ["truncate", "flip", "colon", "comma", "indent", "tab", "bytes", "nest", "tag"]
    )
    at = int(rng.integers(len(text)))
    if kind in ("nest", "tag"):
        # a value of a `key: value` line: flow nesting (the YAML scanner recurses
        # and is slow on it) or a tag asking for a Python object or an alias
        lines = text.split("\n")
        keyed = [
            i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")
        ]
        i = _pick(rng, keyed)
        head = lines[i].split(": ", 1)[0]
        if kind == "nest":
            depth = _pick(rng, [33, 1000, 20_000])
            value = "[" * depth + "1" + "]" * depth
        else:
            value = _pick(
                rng,
                ["!!python/object/apply:os.system ['true']", "*nowhere", "&a 1", "!!binary AAAA"],
            )
        lines[i] = f"{head}: {value}"
        return "\n".join(lines), kind
    if kind == "truncate":
        return text[:at], kind
    if kind == "flip":
        return text[:at] + chr(int(rng.integers(1, 0x3000))) + text[at + 1 :], kind
    if kind == "colon":
        return text.replace(": ", "：", 1 + int(rng.integers(3))), kind
    if kind == "comma":
        return text.replace(", ", "，", 1 + int(rng.integers(3))), kind
    if kind == "indent":
        lines = text.split("\n")
        i = int(rng.integers(len(lines)))
        lines[i] = " " + lines[i]
        return "\n".join(lines), kind
    if kind == "tab":
        return text[:at] + "\t" + text[at:], kind
    return text[:at] + "\x00\x1b" + text[at:], kind


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


SPECIALS = (
    "fifo",
    "device",
    "directory",
    "missing",
    "not_a_folder",
    "symlink_loop",
    "dangling_symlink",
    "empty",
    "oversize",
    "latin1",
)
"""What stands where a file is expected: ``_place`` makes each one."""


@dataclass(frozen=True)
class Mutant:
    scenario: str
    plan: str
    journal: str | None
    what: str
    special: tuple[str, str] | None = None
    """(which file, what stands in its place), one of ``SPECIALS``."""


def _journal(scenario: Any, plan: Any, rng: np.random.Generator) -> list[str]:
    def ids(items: Any) -> list[str]:
        out = [str(x.get("id")) for x in items or [] if isinstance(x, dict)]
        return out or ["x"]

    teams = ids(plan.get("teams")) if isinstance(plan, dict) else ["x"]
    levels = ids(plan.get("levels")) if isinstance(plan, dict) else ["x"]
    orgs = ids(plan.get("organisations")) if isinstance(plan, dict) else ["x"]
    site = scenario.get("site") if isinstance(scenario, dict) else None
    locs = ids(site.get("locations")) if isinstance(site, dict) else ["x"]
    lines = []
    for _ in range(int(rng.integers(1, 8))):
        template = _pick(rng, list(JOURNAL_LINES))
        lines.append(
            template.format(
                t=round(float(rng.uniform(0, 300)), 2),
                text=_pick(rng, ["ok", "\u2028", "a\u0085b", "注意：风向", "\\n"]),
                level=_pick(rng, levels),
                team=_pick(rng, teams),
                loc=_pick(rng, locs),
                org=_pick(rng, orgs),
            )
        )
    return lines


def _mutate_journal(lines: list[str], rng: np.random.Generator) -> tuple[list[str], str]:
    i = int(rng.integers(len(lines)))
    kind = _pick(rng, ["t", "duplicate", "unicode", "truncate", "nan", "type"])
    line = lines[i]
    if kind == "t":
        line = line.replace('"t":', f'"t":{_pick(rng, ["1e300", "-1", "1e-300", "9999"])},"x":', 1)
        line = line.replace(',"x":', ',"_t":', 1)
    elif kind == "duplicate":
        line = line.replace("{", '{"t":1,', 1)
    elif kind == "unicode":
        line = line.replace('"args"', '"args"\u2028', 1)
    elif kind == "truncate":
        line = line[: int(rng.integers(len(line)))]
    elif kind == "nan":
        line = line.replace('"t":', '"t":NaN,"y":', 1)
    else:
        line = line.replace(
            '"t":', f'"t":{_pick(rng, ["true", json.dumps("5"), "null", "[1]"])},"z":', 1
        )
    lines[i] = line
    return lines, kind


def mutant(rng: np.random.Generator) -> Mutant:
    """One mutant: the scenario, the plan or the journal mutated, as data or as text,
    or a special file (a FIFO, a device, a folder...) in place of one of them."""
    sname, pname = _pick(rng, list(PAIRS))
    stext = (BUNDLED / sname).read_text(encoding="utf-8")
    ptext = (BUNDLED / pname).read_text(encoding="utf-8")
    sdata = parse_yaml(stext, sname).data
    pdata = parse_yaml(ptext, pname).data
    journal = _journal(sdata, pdata, rng) if rng.random() < 0.4 else None
    if rng.random() < 0.05:
        which = _pick(rng, ["scenario", "plan", "journal"])
        kind = _pick(rng, list(SPECIALS))
        lines = journal or _journal(sdata, pdata, rng)
        j = "\n".join(lines) + "\n" if which == "journal" or journal else None
        return Mutant(stext, ptext, j, f"{which}:special:{kind}", (which, kind))
    target = _pick(rng, ["scenario", "plan"] + (["journal"] * 2 if journal else []))
    if target == "journal" and journal is not None:
        journal, kind = _mutate_journal(journal, rng)
        return Mutant(stext, ptext, "\n".join(journal) + "\n", f"journal:{kind}")
    as_text = rng.random() < 0.3
    if target == "scenario":
        if as_text:
            stext, kind = _mutate_text(stext, rng)
        else:
            data, kind = _mutate_data(copy.deepcopy(sdata), rng)
            stext = _dump(data)
    else:
        if as_text:
            ptext, kind = _mutate_text(ptext, rng)
        else:
            data, kind = _mutate_data(copy.deepcopy(pdata), rng)
            ptext = _dump(data)
    j = "\n".join(journal) + "\n" if journal else None
    return Mutant(stext, ptext, j, f"{target}:{'text' if as_text else 'data'}:{kind}")


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def _cli(args: list[str], seconds: int) -> tuple[int, str, str, BaseException | None]:
    from tui.cli import main

    old: Callable[..., Any] | int | None = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    if exc is not None and result.exc_info is not None:
        exc.__traceback__ = result.exc_info[2]
    return result.exit_code, result.stdout, result.stderr, exc


def _place(path: Path, text: str, kind: str | None) -> None:
    """Write ``text`` at ``path``, or put the special file ``kind`` there instead."""
    if kind is None:
        path.write_text(text, encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    elif kind == "missing":
        pass
    elif kind == "not_a_folder":
        path.write_text(text, encoding="utf-8")
    elif kind == "symlink_loop":
        path.symlink_to(path.name)
    elif kind == "dangling_symlink":
        path.symlink_to(path.name + ".gone")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "oversize":
        # a valid file padded past its limit (2 MiB for YAML, 16 MiB for a journal)
        pad = 17 * 1024 * 1024 if path.suffix == ".jsonl" else 3 * 1024 * 1024
        with path.open("w", encoding="utf-8") as f:
            f.write(text)
            if path.suffix == ".jsonl":
                line = '{"t":1,"command":"note","args":{"text":"' + "x" * 1000 + '"}}\n'
                f.write(line * (pad // len(line)))
            else:
                f.write(("# " + "x" * 1000 + "\n") * (pad // 1003))
    elif kind == "latin1":
        # a file saved in a legacy code page: a Latin-1 é, which is not UTF-8
        path.write_bytes(b"# caf\xe9\n" + text.encode("utf-8"))
    else:
        raise ValueError(kind)


def _given(path: Path, kind: str | None) -> str:
    """The path to hand to the command line for the file at ``path``."""
    return str(path / "child") if kind == "not_a_folder" else str(path)


def outcome(m: Mutant, seconds: int = 30) -> tuple[str, str]:
    """Class of a mutant's fate ('ok', 'refused', 'traceback', 'hang', 'disagree') and detail.

    'disagree' is a file that validates but does not run, or the reverse.
    """
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        which, kind = m.special or (None, None)
        scenario, plan = base / "scenario.yaml", base / "plan.yaml"
        _place(scenario, m.scenario, kind if which == "scenario" else None)
        _place(plan, m.plan, kind if which == "plan" else None)
        s = _given(scenario, kind if which == "scenario" else None)
        p = _given(plan, kind if which == "plan" else None)
        files = ["validate", s, "--plan", p]
        run = ["run", s, "--plan", p, "--out", str(base / "out")]
        if m.journal is not None:
            journal = base / "decisions.jsonl"
            _place(journal, m.journal, kind if which == "journal" else None)
            j = _given(journal, kind if which == "journal" else None)
            files = ["validate", j, "--scenario", s, "--plan", p]
            run += ["--decisions", j]
        try:
            vcode, _, verr, vexc = _cli(files, seconds)
            if vexc is not None:
                return "traceback", "validate: " + "".join(traceback.format_exception(vexc))
            rcode, _, rerr, rexc = _cli(run, seconds)
        except Hang:
            return "hang", m.what
        if rexc is not None:
            return "traceback", "run: " + "".join(traceback.format_exception(rexc))
        if (vcode == 0) != (rcode == 0):
            return "disagree", f"validate {vcode}: {verr[:300]} / run {rcode}: {rerr[:300]}"
        if rcode == 0:
            names = sorted(p.name for p in (base / "out").iterdir())
            if names != ["events.jsonl", "manifest.json", "scorecard.json"]:
                return "traceback", f"run folder holds {names}"
            return "ok", ""
        if "Traceback" in rerr or not rerr.startswith(("error: ", "错误：")):
            return "traceback", rerr[:500]
        return "refused", rerr.split("\n")[0]
