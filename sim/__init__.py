"""drillsim's headless core: file models, loader, the SimPy engine and hazards."""

from sim.decisions import Decision, load_decisions, parse_decisions
from sim.engine import Engine, simulate
from sim.errors import InputError, Problem
from sim.events import Event, EventLog
from sim.loader import Loaded, load, load_plan, load_scenario_only
from sim.plan import Plan
from sim.runner import branch, first_difference, fork
from sim.scenario import Scenario
from sim.streams import Streams

__all__ = [
    "Decision",
    "Engine",
    "Event",
    "EventLog",
    "InputError",
    "Loaded",
    "Plan",
    "Problem",
    "Scenario",
    "Streams",
    "branch",
    "first_difference",
    "fork",
    "load",
    "load_decisions",
    "load_plan",
    "load_scenario_only",
    "parse_decisions",
    "simulate",
]
