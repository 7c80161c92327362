"""The drill clock: scenario minutes from a monotonic clock with pauses subtracted.

Textual timers skip late ticks and fire at once after a resume, so the clock never
counts ticks: every reading is computed from the monotonic time of the last
change (pause, resume, speed, jump). An inject due at T+10 is shown at T+10 of
drill time however long the drill was paused before it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SPEEDS = (1, 10, 60)


class DrillClock:
    """Drill minutes = base + (monotonic - anchor) x speed / 60 while running."""

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        *,
        start_min: float = 0.0,
        speed: int = 1,
        running: bool = False,
    ) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}, found {speed}")
        self._monotonic = monotonic
        self._base = start_min
        self._anchor = monotonic()
        self.speed = speed
        self.running = running
        self.limit: float | None = None

    def now(self) -> float:
        """Drill time in minutes from the accident, never beyond the limit."""
        t = self._base
        if self.running:
            t += (self._monotonic() - self._anchor) * self.speed / 60.0
        if self.limit is not None:
            t = min(t, self.limit)
        return t

    def _rebase(self, t: float) -> None:
        self._base = t
        self._anchor = self._monotonic()

    def pause(self) -> None:
        if self.running:
            self._rebase(self.now())
            self.running = False

    def resume(self) -> None:
        if not self.running:
            self._rebase(self._base)
            self.running = True

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.resume()

    def set_speed(self, speed: int) -> None:
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {SPEEDS}, found {speed}")
        self._rebase(self.now())
        self.speed = speed

    def jump(self, t_min: float) -> None:
        """Move drill time forward to ``t_min`` (never backward: that is a rewind)."""
        self._rebase(max(self.now(), t_min))
