"""The longest stall of the facilitator console's event loop while a 500-replication
forecast runs (criterion: under 100 ms, so the drill clock never stutters).

A 20 ms timer records the gaps between its calls; the forecast runs on the console's
own worker and process pool, exactly as pressing ``f`` starts it.

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


async def measure(n: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        drill = open_drill(ROOT / "scenarios" / "poisoning.yaml", None, 1, folder=Path(tmp) / "d")
        app = make_app(drill, lang="en")
        gaps: list[float] = []
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0] - PERIOD_S)
            last[0] = now

        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("n", "n", "n", "3", "space")  # the drill runs at 60x
            await pilot.press("f")
            await pilot.pause()
            app.set_interval(PERIOD_S, beat)
            started = time.perf_counter()
            app.start_forecast(n)
            while app.forecast_result is None:
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            await pilot.pause()
        assert app.forecast_result is not None
        return max(gaps) * 1000.0, elapsed, app.forecast_result.n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    stall_ms, elapsed, done = asyncio.run(measure(n))
    verdict = "ok" if stall_ms < LIMIT_MS else "TOO LONG"
    print(f"forecast: {done} replications in {elapsed:.1f} s ({done / elapsed:.1f}/s)")
    print(f"longest UI stall: {stall_ms:.1f} ms (limit {LIMIT_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
