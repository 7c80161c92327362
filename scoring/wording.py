"""Bilingual wording of findings: names in Chinese and English, times, durations."""

from __future__ import annotations

import functools

from scoring.finding import Text
from scoring.names import Names
from scoring.timeline import offset
from sim.plan import Plan
from sim.scenario import Scenario


@functools.lru_cache(maxsize=4096)
def tx(zh: str, en: str) -> Text:
    """A text in both languages; the same texts recur in every replication of a stress
    test, and a Text is immutable, so each is built (and punctuated) once."""
    return Text(zh=zh, en=en)


def at(t: float) -> str:
    """A moment of the run: T+h:mm:ss from the accident."""
    return offset(t)


def dur(minutes: float) -> tuple[str, str]:
    """A duration: minutes to one decimal, or whole seconds under a minute."""
    if abs(minutes) < 1:
        seconds = round(minutes * 60)
        return f"{seconds} 秒", f"{seconds} s"
    return f"{minutes:.1f} 分钟", f"{minutes:.1f} min"


class Wording:
    """Display names of plan and scenario ids in both languages."""

    def __init__(self, plan: Plan, scenario: Scenario | None = None) -> None:
        self.zh = Names.of(scenario, plan, "zh")
        self.en = Names.of(scenario, plan, "en")

    def __call__(self, ident: str | None) -> tuple[str, str]:
        return self.zh(ident), self.en(ident)

    def many(self, idents: list[str]) -> tuple[str, str]:
        return "、".join(self.zh(i) for i in idents), ", ".join(self.en(i) for i in idents)

    def quoted(self, idents: list[str]) -> tuple[str, str]:
        """Names each in its own quotes: “甲”、“乙” and 'A', 'B'."""
        return (
            "、".join(f"“{self.zh(i)}”" for i in idents),
            ", ".join(f"'{self.en(i)}'" for i in idents),
        )
