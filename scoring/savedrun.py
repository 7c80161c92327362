"""A run saved by ``drillsim run``: its event log, manifest and the inputs it names.

The manifest records each input's sha256; scoring a run against an input that
has changed since would give targets and line numbers of another revision, so
it is refused unless the caller allows it (and then reported as a warning).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import InputError, Problem
from sim.events import Event, EventLog
from sim.loader import Loaded, load
from sim.runfiles import sha256_file
from sim.yamlfile import decode_utf8, read_bytes

FORMAT = "drillsim-run/1"
EVENTS_MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class SavedRun:
    folder: Path
    log: EventLog
    manifest: dict[str, Any]
    loaded: Loaded
    seed: int | None
    warnings: list[str] = field(default_factory=list)


def _problem(path: Path, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(str(path), line, "", message)])


def _read_manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise _problem(path, "file not found; expected a run folder written by `drillsim run`")
    try:
        text = decode_utf8(read_bytes(path, 1024 * 1024, "a run manifest"), str(path))
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise _problem(path, f"expected a JSON manifest, found invalid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise _problem(path, f"expected format '{FORMAT}', found {found!r}")
    inputs = data.get("inputs")
    if not isinstance(inputs, dict) or not {"scenario", "plan"} <= set(inputs):
        raise _problem(path, "expected 'inputs' with 'scenario' and 'plan'")
    for role in ("scenario", "plan"):
        entry = inputs[role]
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise _problem(
                path, f'inputs.{role}: expected {{"path": ..., "sha256": ...}}, found {entry!r}'
            )
        if not isinstance(entry.get("sha256", ""), str):
            raise _problem(path, f"inputs.{role}.sha256: expected a text digest")
    events = data.get("events", {})
    if not isinstance(events, dict) or not isinstance(events.get("sha256", ""), str):
        raise _problem(path, f'events: expected {{"count": ..., "sha256": ...}}, found {events!r}')
    seed = data.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise _problem(path, f"seed: expected a whole number, found {seed!r}")
    return data


def _read_events(path: Path) -> tuple[EventLog, str]:
    if not path.is_file():
        raise _problem(path, "file not found; expected a run folder written by `drillsim run`")
    text = decode_utf8(read_bytes(path, EVENTS_MAX_BYTES, "a run's event log"), str(path))
    events: list[Event] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError(f"expected a JSON object, found {type(data).__name__}")
            events.append(Event.from_dict(data))
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise _problem(path, f"expected an event record: {exc}", n) from None
    return EventLog(events), text


def open_run(folder: Path | str, *, allow_changed: bool = False) -> SavedRun:
    """Read a run folder; refuse changed inputs unless ``allow_changed``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _problem(folder, "expected a run folder (with events.jsonl and manifest.json)")
    manifest_path = folder / "manifest.json"
    manifest = _read_manifest(manifest_path)
    log, text = _read_events(folder / "events.jsonl")
    problems: list[Problem] = []
    recorded = manifest.get("events", {}).get("sha256")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if recorded and recorded != actual:
        problems.append(
            Problem(
                str(folder / "events.jsonl"),
                None,
                "",
                f"the event log does not match its manifest (sha256 {recorded[:12]}... "
                f"recorded, {actual[:12]}... now): it was edited or truncated",
            )
        )
    paths: dict[str, Path] = {}
    for role in ("scenario", "plan"):
        entry = manifest["inputs"][role]
        path = Path(str(entry.get("path", "")))
        paths[role] = path
        if not path.is_file():
            raise _problem(
                manifest_path,
                f"inputs.{role}.path: the {role} file '{path}' is not found; run "
                "`drillsim score` from the folder the run was made in",
            )
        want = entry.get("sha256")
        now = sha256_file(path)
        if want and want != now:
            problems.append(
                Problem(
                    str(path),
                    None,
                    "",
                    f"the {role} file has changed since the run (sha256 {want[:12]}... in "
                    f"{manifest_path}, {now[:12]}... now); scores would use the new targets",
                )
            )
    if problems and not allow_changed:
        hint = Problem(
            str(folder), None, "", "re-run the scenario, or pass --allow-changed to score anyway"
        )
        raise InputError([*problems, hint])
    warnings = [f"warning: {p}" for p in problems]
    loaded = load(paths["scenario"], paths["plan"])
    seed = manifest.get("seed")
    return SavedRun(
        folder=folder,
        log=log,
        manifest=manifest,
        loaded=loaded,
        seed=seed if isinstance(seed, int) else None,
        warnings=warnings,
    )
