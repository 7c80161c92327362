"""Writing a run's files: a folder that is whole or absent.

A run's folder (events.jsonl, manifest.json, scorecard.json) is written into a
hidden temporary folder beside the target and renamed into place, so a kill at
any moment leaves either the previous run's folder, the new one, or no folder;
never a new event log beside an old manifest. Hidden leftovers of a killed run
are removed by the next run into the same place. Files and folders follow the
umask. Any ``OSError`` (a full disk) names the file it was writing.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import secrets
import shutil
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.errors import InputError, Problem
from sim.events import EventLog

RUN_FORMAT = "drillsim-run/1"
RUN_FILES = ("events.jsonl", "manifest.json", "scorecard.json")

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


def umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def _named(exc: OSError, path: Path) -> OSError:
    """The same error, naming the file (``write`` errors name none: "No space left")."""
    if exc.filename:
        return exc
    return type(exc)(exc.errno, exc.strerror or str(exc), str(path))


def _write_new(path: Path, data: bytes, shown: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        raise _named(exc, shown) from None
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_name(target: Path, what: str) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(4)}.{what}.tmp"


def clean_leftovers(target: Path) -> None:
    """Remove the hidden temporaries a killed write into ``target`` left behind."""
    if not target.parent.is_dir():
        return
    for left in target.parent.glob(f".{target.name}.*.tmp"):
        if left.is_dir() and not left.is_symlink():
            shutil.rmtree(left, ignore_errors=True)
        else:
            left.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write all or nothing: a crash never leaves half a file behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _named(exc, path.parent) from None
    clean_leftovers(path)
    tmp = _temp_name(path, "new")
    try:
        _write_new(tmp, text.encode("utf-8"), path)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _named(exc, path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _is_run_folder(folder: Path) -> bool:
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise _named(exc, folder) from None
    if not entries:
        return True
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("format", "")).startswith("drillsim-run/")


def check_run_folder(folder: Path) -> None:
    """Refuse, before a run, a target that is a file or a folder of someone else's files."""
    if folder.exists() and not folder.is_dir():
        raise InputError(
            [
                Problem(
                    str(folder),
                    None,
                    "--out",
                    "expected a folder for the run's files, found a file",
                )
            ]
        )
    if folder.is_dir() and not _is_run_folder(folder):
        raise InputError(
            [
                Problem(
                    str(folder),
                    None,
                    "--out",
                    "expected an empty folder or the folder of an earlier run "
                    "(with its manifest.json), found other files; choose another --out",
                )
            ]
        )


def write_folder(folder: Path, files: Mapping[str, str]) -> None:
    """Make ``folder`` hold ``files`` (name -> text), whole or not at all.

    An existing folder must be empty or a previous run's; its other files (a
    report, notes) are kept, linked into the new folder before the swap.
    """
    check_run_folder(folder)
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _named(exc, parent) from None
    clean_leftovers(folder)
    tmp = _temp_name(folder, "new")
    old: Path | None = None
    try:
        os.mkdir(tmp, 0o777)
        for name, text in files.items():
            _write_new(tmp / name, text.encode("utf-8"), folder / name)
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.name not in files and entry.name not in RUN_FILES:
                    _keep(entry, tmp / entry.name)
        _fsync_dir(tmp)
        if folder.is_dir():
            old = _temp_name(folder, "old")
            os.rename(folder, old)
        os.rename(tmp, folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not folder.exists():
            os.rename(old, folder)
        raise _named(exc, folder) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep(entry: Path, into: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.copytree(entry, into, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(entry), str(into))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


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


def write_run(
    out: Path, events_text: str, meta: dict[str, Any], scorecard_text: str | None = None
) -> tuple[Path, Path]:
    """The run folder, whole or absent: the event log, its manifest and the scorecard."""
    files = {
        "events.jsonl": events_text,
        "manifest.json": json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
    }
    if scorecard_text is not None:
        files["scorecard.json"] = scorecard_text
    write_folder(out, files)
    return out / "events.jsonl", out / "manifest.json"
