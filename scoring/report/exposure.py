"""What each exposed person breathed, over time, against the thresholds.

The air is evaluated again by the engine's own hazard model (``sim.hazards``),
with the releases stopped or reduced, rooms ventilated and winds shifted at the
times the event log records: the report reads the log, never engine internals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from scoring.report.drill import Drill
from scoring.report.figures import chinese_fonts
from sim.events import EventLog
from sim.hazards import HazardField
from sim.physics.probit import cumulative_toxic_load, probit_from_probability, toxic_probit
from sim.physics.thresholds import aegl_ppm, idlh_ppm
from sim.scenario import Scenario

SAMPLES = 400


def replay_field(scenario: Scenario, log: EventLog) -> HazardField:
    """The hazard field as the run left it (see :meth:`HazardField.replay`)."""
    return HazardField.replay(scenario, log)


@dataclass(frozen=True)
class Exposure:
    who: str
    location: str
    substance: str
    start_min: float
    end_min: float
    times_min: np.ndarray
    ppm: np.ndarray
    load: np.ndarray
    logged_load: float | None


def toxic_exposures(drill: Drill) -> list[Exposure]:
    """The unprotected people's toxic exposures in the log, with their concentration history."""
    people = {p.id for p in drill.scenario.people}
    events = [
        e
        for e in drill.log
        if e.kind == "exposure"
        and e.actor in people
        and e.location
        and not e.details.get("protected")
        and "toxic_load" in e.details
        and float(e.details.get("minutes", 0.0)) > 0
    ]
    if not events:
        return []
    hf = replay_field(drill.scenario, drill.log)
    out = []
    for e in events:
        assert e.actor is not None and e.location is not None
        minutes = float(e.details["minutes"])
        start = e.t - minutes
        times = np.linspace(start, e.t, SAMPLES)
        ppm = np.asarray(hf.concentration_series(e.location, times), dtype=float)
        substance = str(e.details.get("substance", ""))
        try:
            n = toxic_probit(substance).n
        except KeyError:
            n = 1.0
        load = cumulative_toxic_load(times, ppm, n)
        out.append(
            Exposure(
                e.actor,
                e.location,
                substance,
                start,
                e.t,
                times,
                ppm,
                np.asarray(load, dtype=float),
                float(e.details["toxic_load"]),
            )
        )
    return out


def exposure_figure(drill: Drill, lang: str) -> Figure | None:
    """Concentration at each exposed person's place against IDLH and AEGL-2/3 (60 min),
    and their toxic load against the loads of 1 % and 50 % probability of death."""
    exposures = toxic_exposures(drill)
    if not exposures:
        return None
    en = lang == "en"
    names = drill.names(lang)
    with chinese_fonts():
        fig = Figure(figsize=(7.6, 5.4), layout="constrained")
        ax_c, ax_l = fig.subplots(2, 1, sharex=True)
        substances = {x.substance for x in exposures}
        floor = min(float(x.load[-1]) for x in exposures) / 1e4 or 1.0
        for x in exposures:
            label = f"{names(x.who)} ({names(x.location)})"
            ax_c.plot(x.times_min, np.maximum(x.ppm, 1e-3), linewidth=1.6, label=label)
            ax_l.plot(x.times_min, np.maximum(x.load, 1e-9), linewidth=1.6, label=label)
        for s in sorted(substances):
            for value, text, style in (
                (idlh_ppm(s), "IDLH", "--"),
                (aegl_ppm(s, 3, 60.0), "AEGL-3 60 min", ":"),
                (aegl_ppm(s, 2, 60.0), "AEGL-2 60 min", "-."),
            ):
                if value:
                    ax_c.axhline(value, color="#7b2d8e", linestyle=style, linewidth=0.9)
                    ax_c.text(
                        ax_c.get_xlim()[0],
                        value,
                        f" {s} {text} {value:g} ppm",
                        fontsize=7,
                        va="bottom",
                        color="#7b2d8e",
                    )
            try:
                probit = toxic_probit(s)
            except KeyError:
                continue
            for p, colour in ((0.01, "#f28c1f"), (0.5, "#d62728")):
                load = math.exp((probit_from_probability(p) - probit.a) / probit.b)
                ax_l.axhline(load, color=colour, linestyle="--", linewidth=0.9)
                ax_l.text(
                    ax_l.get_xlim()[0],
                    load,
                    f" {s} P(death) {p:.0%}",
                    fontsize=7,
                    va="bottom",
                    color=colour,
                )
        ax_c.set_yscale("log")
        ax_l.set_yscale("log")
        ax_c.set_ylim(bottom=1.0)
        ax_l.set_ylim(bottom=max(floor, 1e-6))
        ax_c.set_ylabel("ppm")
        ax_l.set_ylabel("toxic load Σ Cⁿ Δt (ppmⁿ·min)" if en else "毒性负荷 Σ Cⁿ Δt (ppmⁿ·min)")
        ax_l.set_xlabel("minutes from the accident" if en else "事故发生后 (分钟)")
        ax_c.set_title(
            "concentration where each person was" if en else "人员所在位置浓度",
            fontsize=9,
            loc="left",
        )
        ax_c.legend(fontsize=7, loc="lower right")
        for ax in (ax_c, ax_l):
            ax.grid(color="#eeeeee", linewidth=0.6)
    return fig
