"""The drill archive (演练建档留存): one SQLite file of drills, their KPIs, findings and reports.

stdlib ``sqlite3`` in WAL mode with ``synchronous=FULL``; every write is one
``BEGIN IMMEDIATE`` transaction, so concurrent writers queue on the lock and a
crash in the middle of a write leaves the archive as it was before it. The
schema carries its version in ``PRAGMA user_version`` and is migrated forward
step by step when an older archive is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.scorecard import Scorecard
from sim.errors import InputError, Problem

MIGRATIONS: tuple[str, ...] = (
    # 1: drills, their KPIs and findings, and the reports written of them
    """
    CREATE TABLE drills (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('run', 'stress', 'session')),
        recorded_at TEXT NOT NULL,
        drill_start TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        plan_name TEXT NOT NULL,
        plan_revision TEXT,
        scenario_id TEXT NOT NULL,
        scenario_name TEXT NOT NULL,
        seed INTEGER,
        score REAL,
        hseep TEXT,
        grade TEXT,
        source TEXT,
        inputs TEXT NOT NULL
    );
    CREATE INDEX drills_plan ON drills (plan_id, id);
    CREATE TABLE kpis (
        drill_id INTEGER NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        subject TEXT,
        objective TEXT NOT NULL,
        label_zh TEXT NOT NULL,
        label_en TEXT NOT NULL,
        value REAL,
        target REAL,
        score REAL,
        status TEXT NOT NULL
    );
    CREATE INDEX kpis_drill ON kpis (drill_id);
    CREATE TABLE objectives (
        drill_id INTEGER NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
        objective TEXT NOT NULL,
        name_zh TEXT NOT NULL,
        name_en TEXT NOT NULL,
        score REAL,
        hseep TEXT,
        grade TEXT
    );
    CREATE TABLE findings (
        drill_id INTEGER NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
        number TEXT NOT NULL,
        key TEXT NOT NULL,
        rule TEXT NOT NULL,
        severity TEXT NOT NULL,
        title_zh TEXT NOT NULL,
        title_en TEXT NOT NULL,
        clause TEXT NOT NULL
    );
    CREATE INDEX findings_drill ON findings (drill_id);
    CREATE TABLE reports (
        drill_id INTEGER NOT NULL REFERENCES drills (id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        written_at TEXT NOT NULL,
        UNIQUE (drill_id, path)
    );
    """,
)
"""Schema versions: MIGRATIONS[i] takes an archive from version i to i + 1."""

SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class DrillRow:
    id: int
    kind: str
    recorded_at: str
    drill_start: str
    plan_id: str
    plan_name: str
    plan_revision: str | None
    scenario_id: str
    scenario_name: str
    seed: int | None
    score: float | None
    hseep: str | None
    grade: str | None
    source: str | None
    inputs: dict[str, str]


@dataclass(frozen=True)
class FindingRow:
    drill_id: int
    number: str
    key: str
    rule: str
    severity: str
    title_zh: str
    title_en: str
    clause: str


@dataclass(frozen=True)
class KpiRow:
    drill_id: int
    key: str
    subject: str | None
    objective: str
    label_zh: str
    label_en: str
    value: float | None
    target: float | None
    score: float | None
    status: str


def _drill_row(r: tuple[Any, ...]) -> DrillRow:
    return DrillRow(
        id=r[0],
        kind=r[1],
        recorded_at=r[2],
        drill_start=r[3],
        plan_id=r[4],
        plan_name=r[5],
        plan_revision=r[6],
        scenario_id=r[7],
        scenario_name=r[8],
        seed=r[9],
        score=r[10],
        hseep=r[11],
        grade=r[12],
        source=r[13],
        inputs=json.loads(r[14]),
    )


def finding_key(rule: str, ref_id: str | None, path: str) -> str:
    """The same finding in two drills: the same rule about the same plan element."""
    return f"{rule}@{ref_id or path}"


def fingerprint(kind: str, inputs: dict[str, str], seed: int | None) -> str:
    text = json.dumps({"kind": kind, "inputs": inputs, "seed": seed}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Archive:
    """An open archive file; use as a context manager or call ``close``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_file():
            raise InputError(
                [
                    Problem(
                        str(self.path),
                        None,
                        "--archive",
                        "expected an archive file, found a folder",
                    )
                ]
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, timeout=60.0, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 60000")
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.DatabaseError(f"cannot use WAL mode (got {mode})")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(
                [Problem(str(self.path), None, "", f"expected a drillsim archive (SQLite): {exc}")]
            ) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing; writers wait for each other."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.version() == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            current = int(db.execute("PRAGMA user_version").fetchone()[0])
            if current > SCHEMA_VERSION:
                raise sqlite3.DatabaseError(
                    f"archive schema version {current} is newer than this drillsim's "
                    f"{SCHEMA_VERSION}; upgrade drillsim"
                )
            for version in range(current, SCHEMA_VERSION):
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")

    # --- writing ----------------------------------------------------------------------
    def add(
        self,
        card: Scorecard,
        *,
        kind: str,
        drill_start: dt.datetime,
        inputs: dict[str, str],
        source: str | None = None,
        reports: Sequence[Path] = (),
        recorded_at: dt.datetime | None = None,
    ) -> int:
        """Store a scored drill (once: the same inputs and seed give the same drill)."""
        fp = fingerprint(kind, inputs, card.seed)
        now = (recorded_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        with self.transaction() as db:
            row = db.execute("SELECT id FROM drills WHERE fingerprint = ?", (fp,)).fetchone()
            if row is not None:
                drill_id = int(row[0])
            else:
                o = card.overall
                cur = db.execute(
                    "INSERT INTO drills (fingerprint, kind, recorded_at, drill_start, plan_id, "
                    "plan_name, plan_revision, scenario_id, scenario_name, seed, score, hseep, "
                    "grade, source, inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        fp,
                        kind,
                        now,
                        drill_start.isoformat(timespec="minutes"),
                        card.plan.id,
                        card.plan.name,
                        card.plan.revision,
                        card.scenario.id,
                        card.scenario.name,
                        card.seed,
                        o.score,
                        o.hseep,
                        o.grade,
                        source,
                        json.dumps(inputs, sort_keys=True),
                    ),
                )
                drill_id = int(cur.lastrowid or 0)
                db.executemany(
                    "INSERT INTO kpis VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            drill_id,
                            k.key,
                            k.subject,
                            k.objective,
                            k.label.zh,
                            k.label.en,
                            k.value,
                            k.target,
                            k.score,
                            k.status,
                        )
                        for k in card.kpis
                    ],
                )
                db.executemany(
                    "INSERT INTO objectives VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (drill_id, r.objective, r.name.zh, r.name.en, r.score, r.hseep, r.grade)
                        for r in card.objectives
                    ],
                )
                db.executemany(
                    "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            drill_id,
                            f.id,
                            finding_key(f.rule, f.refs[0].id, f.refs[0].path),
                            f.rule,
                            f.severity,
                            f.title.zh,
                            f.title.en,
                            str(f.refs[0]),
                        )
                        for f in card.findings
                    ],
                )
            db.executemany(
                "INSERT OR REPLACE INTO reports VALUES (?, ?, ?)",
                [(drill_id, str(p), now) for p in reports],
            )
        return drill_id

    # --- reading ----------------------------------------------------------------------
    def drills(self, plan_id: str | None = None) -> list[DrillRow]:
        sql = (
            "SELECT id, kind, recorded_at, drill_start, plan_id, plan_name, plan_revision, "
            "scenario_id, scenario_name, seed, score, hseep, grade, source, inputs FROM drills"
        )
        args: tuple[str, ...] = ()
        if plan_id is not None:
            sql += " WHERE plan_id = ?"
            args = (plan_id,)
        rows = self.db.execute(sql + " ORDER BY id", args).fetchall()
        return [_drill_row(r) for r in rows]

    def drill(self, drill_id: int) -> DrillRow:
        for d in self.drills():
            if d.id == drill_id:
                return d
        raise InputError([Problem(str(self.path), None, "", f"no drill {drill_id} in the archive")])

    def findings(self, drill_id: int) -> list[FindingRow]:
        rows = self.db.execute(
            "SELECT drill_id, number, key, rule, severity, title_zh, title_en, clause "
            "FROM findings WHERE drill_id = ? ORDER BY rowid",
            (drill_id,),
        ).fetchall()
        return [FindingRow(*r) for r in rows]

    def kpis(self, drill_id: int) -> list[KpiRow]:
        rows = self.db.execute(
            "SELECT drill_id, key, subject, objective, label_zh, label_en, value, target, score, "
            "status FROM kpis WHERE drill_id = ? ORDER BY rowid",
            (drill_id,),
        ).fetchall()
        return [KpiRow(*r) for r in rows]

    def objectives(self, drill_id: int) -> list[tuple[str, str, str, float | None, str | None]]:
        rows = self.db.execute(
            "SELECT objective, name_zh, name_en, score, hseep FROM objectives WHERE drill_id = ? "
            "ORDER BY rowid",
            (drill_id,),
        ).fetchall()
        return [tuple(r) for r in rows]

    def reports(self, drill_id: int) -> list[str]:
        rows = self.db.execute(
            "SELECT path FROM reports WHERE drill_id = ? ORDER BY path", (drill_id,)
        ).fetchall()
        return [str(r[0]) for r in rows]

    def integrity(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])
