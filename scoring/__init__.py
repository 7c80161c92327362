"""Scoring: KPIs, gaps, ratings and the static plan check, all from the event log,
the scenario and the plan (never from engine internals)."""

from scoring.check import check_plan
from scoring.finding import Finding, PlanRef, Severity, Text
from scoring.gaps import findings
from scoring.keytimes import KeyTime, key_times
from scoring.kpi import Kpi, kpis
from scoring.names import Names
from scoring.ratings import Rating, rate
from scoring.rules import Rules, default_rules, load_rules
from scoring.savedrun import SavedRun, open_run
from scoring.scorecard import CheckReport, Scorecard, check_report, score

__all__ = [
    "CheckReport",
    "Finding",
    "KeyTime",
    "Kpi",
    "Names",
    "PlanRef",
    "Rating",
    "Rules",
    "SavedRun",
    "Scorecard",
    "Severity",
    "Text",
    "check_plan",
    "check_report",
    "default_rules",
    "findings",
    "key_times",
    "kpis",
    "load_rules",
    "open_run",
    "rate",
    "score",
]
