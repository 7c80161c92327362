"""The drill archive (演练建档留存): drills of a plan kept in one SQLite file, their
findings tracked from drill to drill, and the trends of their KPIs."""

from scoring.archive.store import SCHEMA_VERSION, Archive, DrillRow, FindingRow, KpiRow
from scoring.archive.tracking import Change, TrackedFinding, change_since_previous, track_findings

__all__ = [
    "SCHEMA_VERSION",
    "Archive",
    "Change",
    "DrillRow",
    "FindingRow",
    "KpiRow",
    "TrackedFinding",
    "change_since_previous",
    "track_findings",
]
