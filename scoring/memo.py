"""What scoring works out once per scenario, plan and rules object and then shares.

A stress test scores every replication against the same scenario, plan and rules
objects. They are frozen models that nothing changes once loaded, so what is read
from them alone (names, indexes of the plan, the places a scenario makes hot) is the
same for every run and is kept, keyed by the identity of the objects it was made from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """Values keyed by the identity of the objects they were made from (and by an
    optional plain ``detail``, such as a language, compared by value), the last ``size``
    kept. Each entry holds its objects, so their ids cannot be taken by other objects
    while it is kept; the values are shared and must be read only."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[tuple[Hashable, ...], tuple[tuple[object, ...], V]] = {}

    def get(self, objects: tuple[object, ...], make: Callable[[], V], detail: Hashable = None) -> V:
        """The value made from ``objects`` (and ``detail``): kept, else ``make()`` now."""
        key = (*(id(o) for o in objects), detail)
        known = self._entries.get(key)
        if known is not None:
            return known[1]
        value = make()
        if len(self._entries) >= self.size:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key] = (objects, value)
        return value
