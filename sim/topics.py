"""What a change of the world concerns, and what a plan's condition reads.

A run wakes the processes waiting on a condition at each change of the world (``_touch``).
Most changes cannot make a given condition true: a crew setting off cannot declare a
level. Each change names the parts of the world it concerns (its topics) and each
condition the parts it reads, so a waiter looks at its condition again only when one of
those has changed, or when the time it was waiting for has come. A change that names no
topic concerns all of them.
"""

from __future__ import annotations

from sim.vocabulary import Condition

STEP = "step"  # a step started, completed, abandoned; a task done
LEVEL = "level"  # a response level declared
NOTIFIED = "notified"  # an organisation notified
ARRIVED = "arrived"  # an outside team arrived at its muster point
AIR = "air"  # a release, the wind, ventilation: the air anywhere
MEASURED = "measured"  # a gas test's reading
PERSON = "person"  # a person's state or whereabouts
CREW = "crew"  # crews and equipment taken, moved or given back
TOLD = "told"  # a team heard of the alarm
REPORT = "report"  # a report sent
ALARM = "alarm"  # the alarm raised

EVERYTHING: tuple[str, ...] = (
    STEP,
    LEVEL,
    NOTIFIED,
    ARRIVED,
    AIR,
    MEASURED,
    PERSON,
    CREW,
    TOLD,
    REPORT,
    ALARM,
)
ANY_TOUCH = "any"
"""Counts every change: what a condition reads when it may turn true at a change of any
kind (a place coming into a hazard's zone, which no look-ahead time foretells)."""


def new_counts() -> dict[str, int]:
    """How many changes each topic has seen in a run (all zero at its start)."""
    return dict.fromkeys((*EVERYTHING, ANY_TOUCH), 0)


def condition_reads(c: Condition) -> frozenset[str]:
    """The topics whose changes can make ``c`` hold or stop holding, other than the
    passing of time (which the waiter's look-ahead covers: ``Engine.next_time``)."""
    if c.not_ is not None:
        return condition_reads(c.not_)
    parts = c.all_of if c.all_of is not None else c.any_of
    if parts is not None:
        return frozenset().union(*(condition_reads(x) for x in parts))
    if c.after_min is not None:
        return frozenset()
    if c.alarm_raised:
        return frozenset({ALARM})
    if c.step_started is not None or c.step_completed is not None or c.task_completed is not None:
        return frozenset({STEP})
    if c.level_declared is not None:
        return frozenset({LEVEL})
    if c.notified is not None:
        return frozenset({NOTIFIED})
    if c.team_arrived is not None:
        return frozenset({ARRIVED})
    if (
        c.concentration_above is not None
        or c.concentration_below is not None
        or c.oxygen_below is not None
    ):
        return frozenset({AIR})
    if c.measured_below is not None:
        return frozenset({MEASURED})
    if c.person_state is not None:
        return frozenset({PERSON})
    return frozenset({ANY_TOUCH})
