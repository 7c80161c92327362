from __future__ import annotations

import asyncio
import inspect
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


@pytest.fixture
def wall() -> FakeTime:
    return FakeTime()


@pytest.fixture
def drill(tmp_path: Path) -> Drill:
    return open_drill(POISONING, None, 1, folder=tmp_path / "drill")


@pytest.fixture
def console(drill: Drill, wall: FakeTime) -> ConsoleApp:
    return make_app(drill, lang="en", monotonic=wall, tick_s=None)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: Any) -> bool | None:
    """Run the pilot tests' coroutines (Textual's ``run_test`` is async)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
        return True
    return None
