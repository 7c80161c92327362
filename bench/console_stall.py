"""The longest stall of the facilitator console's event loop while a 500-replication
forecast runs (criterion: under 100 ms, so the drill clock never stutters).

A 20 ms timer records the gaps between its calls, from its first call on (so the
console's start-up is not counted as a stall); the forecast runs on the console's own
worker and process pool, exactly as pressing ``f`` starts it. The same drill with the
forecast dialog open and no forecast is measured first: on a loaded machine the
ratio of the two says what the forecast itself costs the console.

    .venv/bin/python bench/console_stall.py [N]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from tui.console.app import make_app
from tui.console.drill import open_drill

ROOT = Path(__file__).resolve().parents[1]
PERIOD_S = 0.02
LIMIT_MS = 100.0
BASELINE_S = 10.0


async def measure(n: int) -> tuple[float, float, int]:
    """Longest gap (ms) with a forecast of ``n`` replications running (none when n is 0),
    the forecast's seconds and its replications."""
    with tempfile.TemporaryDirectory() as tmp:
        drill = open_drill(ROOT / "scenarios" / "poisoning.yaml", None, 1, folder=Path(tmp) / "d")
        app = make_app(drill, lang="en")
        gaps: list[float] = []
        last: list[float] = []

        def beat() -> None:
            now = time.perf_counter()
            if last:
                gaps.append(now - last[0] - PERIOD_S)
            last[:] = [now]

        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n", "n", "n", "3", "space")  # the drill runs at 60x
            await pilot.press("f")
            await pilot.pause()
            app.set_interval(PERIOD_S, beat)
            started = time.perf_counter()
            if n == 0:
                await asyncio.sleep(BASELINE_S)
                return max(gaps) * 1000.0, 0.0, 0
            app.start_forecast(n)
            while app.forecast_result is None:
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            await pilot.pause()
        assert app.forecast_result is not None
        return max(gaps) * 1000.0, elapsed, app.forecast_result.n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    idle_ms, _, _ = asyncio.run(measure(0))
    stall_ms, elapsed, done = asyncio.run(measure(n))
    verdict = "ok" if stall_ms < LIMIT_MS else "TOO LONG"
    print(f"forecast: {done} replications in {elapsed:.1f} s ({done / elapsed:.1f}/s)")
    print(f"longest UI stall without a forecast: {idle_ms:.1f} ms over {BASELINE_S:.0f} s")
    print(f"longest UI stall: {stall_ms:.1f} ms (limit {LIMIT_MS:.0f} ms): {verdict}")
    print(f"ratio to the stall without a forecast: {stall_ms / max(idle_ms, 1e-3):.2f}")


if __name__ == "__main__":
    main()
