"""Writing a run's files: the event log and its manifest, atomically."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.events import EventLog

PACKAGES = ("drillsim", "simpy", "numpy", "pydantic", "PyYAML")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_atomic(path: Path, text: str) -> None:
    """Write all or nothing: a crash never leaves half a file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest(
    *,
    inputs: dict[str, Path],
    seed: int,
    entropy: int,
    log: EventLog,
    events_text: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "format": "drillsim-run/1",
        "inputs": {role: {"path": str(p), "sha256": sha256_file(p)} for role, p in inputs.items()},
        "seed": seed,
        "seed_entropy": str(entropy),
        "events": {
            "count": len(log),
            "sha256": hashlib.sha256(events_text.encode("utf-8")).hexdigest(),
        },
        "versions": versions(),
        **(extra or {}),
    }


def write_run(out: Path, events_text: str, meta: dict[str, Any]) -> tuple[Path, Path]:
    events_path = out / "events.jsonl"
    manifest_path = out / "manifest.json"
    write_atomic(events_path, events_text)
    write_atomic(manifest_path, json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    return events_path, manifest_path
