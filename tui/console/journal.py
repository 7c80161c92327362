"""The drill's files: the decisions journal, the facilitator's private entries and
the session header, each entry on disk (fsynced) before it takes effect.

A drill folder holds:

- ``journal.jsonl``: the decisions, in the format ``drillsim run --decisions`` replays;
- ``facilitator.jsonl``: private notes and the marks of expected actions, which
  never enter the simulation or the shared drill log;
- ``drill.json``: which scenario, plan and seed the journal belongs to, so that
  ``--resume JOURNAL`` needs nothing else.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.decisions import Decision, append_decision, parse_journal
from sim.errors import InputError, Problem
from sim.runfiles import write_atomic

HEADER = "drill.json"
JOURNAL = "journal.jsonl"
PRIVATE = "facilitator.jsonl"
FORMAT = "drillsim-drill/1"


def append_line(path: Path, line: str) -> None:
    """Append one line and return only once it is on disk."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        data = (line + "\n").encode("utf-8")
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_lines(path: Path) -> tuple[list[str], bool]:
    """The complete lines of an append-only file, and whether a torn last line
    (a write cut short by a crash, never fsynced, so never in effect) was dropped."""
    if not path.exists():
        return [], False
    raw = path.read_bytes()
    torn = bool(raw) and not raw.endswith(b"\n")
    if torn:
        raw = raw[: raw.rfind(b"\n") + 1]
        with path.open("r+b") as fh:
            fh.truncate(len(raw))
            fh.flush()
            os.fsync(fh.fileno())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(str(path), line, "", "expected UTF-8 text")]) from None
    return text.splitlines(), torn


@dataclass
class Header:
    scenario: Path
    plan: Path
    seed: int

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "scenario": str(self.scenario),
            "plan": str(self.plan),
            "seed": self.seed,
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def read(cls, path: Path) -> Header:
        name = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(
                [Problem(name, None, "", f"cannot read the drill header: {exc.strerror}")]
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError([Problem(name, None, "", "expected a JSON object")]) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError([Problem(name, None, "format", f"expected {FORMAT!r}")])
        try:
            return cls(Path(data["scenario"]), Path(data["plan"]), int(data["seed"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                [Problem(name, None, str(exc).strip("'"), "expected scenario, plan and seed")]
            ) from None


@dataclass
class Journal:
    """Append-only record of a drill; resuming reads it back whole."""

    folder: Path
    header: Header
    decisions: list[Decision] = field(default_factory=list)
    private: list[dict[str, Any]] = field(default_factory=list)
    torn: bool = False

    @property
    def path(self) -> Path:
        return self.folder / JOURNAL

    @property
    def private_path(self) -> Path:
        return self.folder / PRIVATE

    @classmethod
    def create(cls, folder: Path, header: Header) -> Journal:
        if (folder / JOURNAL).exists():
            raise InputError(
                [
                    Problem(
                        str(folder / JOURNAL),
                        None,
                        "",
                        "a drill journal is already here; resume it with --resume",
                    )
                ]
            )
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / HEADER, header.to_json())
        (folder / JOURNAL).touch()
        _fsync_dir(folder)
        return cls(folder, header)

    @classmethod
    def resume(cls, journal_path: Path) -> Journal:
        folder = journal_path.parent
        header = Header.read(folder / HEADER)
        lines, torn = _read_lines(journal_path)
        decisions = [d for _, d in parse_journal("\n".join(lines), str(journal_path))]
        private_lines, torn_private = _read_lines(folder / PRIVATE)
        private: list[dict[str, Any]] = []
        for number, line in enumerate(private_lines, start=1):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                entry = None
            if not isinstance(entry, dict):
                raise InputError(
                    [Problem(str(folder / PRIVATE), number, "", "expected a JSON object")]
                )
            private.append(entry)
        return cls(folder, header, decisions, private, torn or torn_private)

    def append(self, decision: Decision) -> None:
        append_decision(self.path, decision)
        self.decisions.append(decision)

    def append_private(self, entry: dict[str, Any]) -> None:
        append_line(self.private_path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        self.private.append(entry)
