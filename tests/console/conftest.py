from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tui.console.app import ConsoleApp, make_app
from tui.console.drill import Drill, open_drill

ROOT = Path(__file__).resolve().parents[2]
POISONING = ROOT / "scenarios" / "poisoning.yaml"


class FakeTime:
    """A monotonic clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.s = 1000.0

    def __call__(self) -> float:
        return self.s


async def until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Wait until the console has handled what the test pressed. ``Pilot.press`` returns
    once the process looks idle, judged by its CPU time against wall time; on a loaded
    machine a starved process looks idle before the key is handled, and a test that then
    moves the fake clock moves it under the wrong state. This waits on the state."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("the console did not reach the expected state")
        await asyncio.sleep(0.01)


@pytest.fixture
def wall() -> FakeTime:
    return FakeTime()


@pytest.fixture
def drill(tmp_path: Path) -> Drill:
    return open_drill(POISONING, None, 1, folder=tmp_path / "drill")


@pytest.fixture
def console(drill: Drill, wall: FakeTime) -> ConsoleApp:
    # forecasts on a thread: a test that opens the dialog starts no worker processes
    return make_app(
        drill, lang="en", monotonic=wall, tick_s=None, forecast_pool=lambda: ThreadPoolExecutor(1)
    )


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: Any) -> bool | None:
    """Run the pilot tests' coroutines (Textual's ``run_test`` is async)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None
