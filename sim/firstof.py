"""``FirstOf``: SimPy's ``AnyOf`` for a process that only waits, with less bookkeeping.

It triggers, is scheduled and detaches from its events exactly as ``AnyOf`` does (the
same callbacks in the same order, so the same event order), and nested conditions are
detached alike; but it builds no ``ConditionValue``: what the wait yields is None. The
engine waits on dozens of these per run and never reads what they yield.
"""

from __future__ import annotations

from collections.abc import Callable

import simpy
from simpy.events import PENDING, Condition, Event


class FirstOf(Condition):
    """Triggered by the first of ``events`` to succeed; fails with the first to fail."""

    def __init__(self, env: simpy.Environment, events: list[Event]) -> None:
        if not events:
            super().__init__(env, Condition.any_events, events)
            return
        self.env = env
        self.callbacks: list[Callable[[Event], None]] = []
        self._value = PENDING
        self._evaluate = Condition.any_events
        self._events = tuple(events)
        self._count = 0
        check = self._check
        for event in events:
            if event.env is not env:
                raise ValueError("It is not allowed to mix events from different environments")
            if event.callbacks is None:
                check(event)
            else:
                event.callbacks.append(check)
        self.callbacks.append(self._build_value)

    def _check(self, event: Event) -> None:
        if self._value is not PENDING:
            return
        self._count += 1
        if not event._ok:
            event._defused = True
            self.fail(event._value)
        else:
            self.succeed()

    def _build_value(self, event: Event) -> None:
        self._remove_check_callbacks()
