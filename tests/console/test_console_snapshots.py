"""How the console looks at 100x30 with a fake clock and no cursor blink, in zh and en:
at T+0, mid-drill, and with the forecast dialog (also of a plan that reports to nobody)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.console.conftest import POISONING, FakeTime
from tui.console.app import ConsoleApp, make_app
from tui.console.drill import open_drill

SIZE = (100, 30)


POOL = Path(__file__).parents[1] / "data" / "pool-chlorine.yaml"


def console(tmp_path: Path, lang: str, scenario: Path = POISONING) -> ConsoleApp:
    drill = open_drill(scenario, None, 1, folder=tmp_path / "drill")
    return make_app(
        drill,
        lang=lang,
        monotonic=FakeTime(),
        tick_s=None,
        forecast_pool=lambda: ThreadPoolExecutor(1),
    )


async def no_blink(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_at_t0(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    assert snap_compare(console(tmp_path, lang), terminal_size=SIZE, run_before=no_blink)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_mid_drill(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = console(tmp_path, lang)

    async def mid(pilot: Pilot[Any]) -> None:
        app.clock.jump(12.0)  # rescue done, leak isolated, casualty extracted
        app.refresh_panels(force=True)
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=mid)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_forecast_dialog(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = console(tmp_path, lang)

    async def forecast(pilot: Pilot[Any]) -> None:
        app.clock.jump(5.0)
        app.refresh_panels(force=True)
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#forecast-n", Input).value = "20"
        app.start_forecast(20)
        await app.workers.wait_for_complete()
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=forecast)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_snapshot_forecast_without_a_report(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    """The pool's plan makes no report: its forecast has a row that says so."""
    app = console(tmp_path, lang, POOL)

    async def forecast(pilot: Pilot[Any]) -> None:
        app.clock.jump(3.0)
        app.refresh_panels(force=True)
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#forecast-n", Input).value = "20"
        app.start_forecast(20)
        await app.workers.wait_for_complete()
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=forecast)


def test_every_snapshot_on_disk_belongs_to_a_test_here() -> None:
    # a renamed or dropped snapshot test leaves its old picture behind, and the snapshot
    # plugin only finds such orphans in a single-process run (`-n 0`)
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    wanted = {
        f"{name}[{lang}].svg"
        for name, value in globals().items()
        if name.startswith("test_snapshot_") and callable(value)
        for lang in ("zh", "en")
    }
    on_disk = {p.name for p in folder.glob("*.svg")}
    assert on_disk == wanted
