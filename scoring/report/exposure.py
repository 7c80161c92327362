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


THERMAL = "thermal radiation"
ESCAPE_S = 20.0
"""As the engine counts a burn: only the worst 20 s, since people outdoors escape or take
cover (TNO Green Book)."""
EISENBERG_A, EISENBERG_B = -38.48, 2.56
"""Eisenberg et al. (1975) burn lethality probit Y = a + b ln(t q^(4/3)), t in s, q in W/m2."""


@dataclass(frozen=True)
class HeatExposure:
    who: str
    location: str
    start_min: float
    end_min: float
    times_min: np.ndarray
    flux_w_m2: np.ndarray
    dose: np.ndarray
    logged_dose: float | None


def _worst_seconds_dose(dt_s: np.ndarray, flux: np.ndarray) -> float:
    order = np.argsort(-flux, kind="stable")
    spent = np.cumsum(dt_s[order])
    kept = np.clip(ESCAPE_S - (spent - dt_s[order]), 0.0, dt_s[order])
    return float(np.sum(kept * flux[order] ** (4.0 / 3.0)))


def _running_worst_dose(dt_s: np.ndarray, flux: np.ndarray) -> np.ndarray:
    """The worst-20-s dose of each prefix of the stay, at each sample (0 at the start)."""
    out = np.zeros(len(dt_s) + 1)
    step = max(1, len(dt_s) // 400)
    marks = list(range(step, len(dt_s) + 1, step))
    if not marks or marks[-1] != len(dt_s):
        marks.append(len(dt_s))
    last = 0
    for i in marks:
        out[last + 1 : i + 1] = _worst_seconds_dose(dt_s[:i], flux[:i])
        last = i
    return np.maximum.accumulate(out)  # sums in another order differ in the last digit


def heat_exposures(drill: Drill) -> list[HeatExposure]:
    """The unprotected people's and crews' heat exposures in the log, with the heat flux
    where they were over time and their burn dose so far (the worst 20 s, as the engine
    counts it)."""
    events = [
        e
        for e in drill.log
        if e.kind == "exposure"
        and e.actor
        and e.location
        and e.details.get("substance") == THERMAL
        and not e.details.get("protected")
        and float(e.details.get("minutes", 0.0)) > 0
    ]
    if not events:
        return []
    hf = replay_field(drill.scenario, drill.log)
    out = []
    for e in events:
        assert e.actor is not None and e.location is not None
        minutes = float(e.details["minutes"])
        # ``minutes`` is logged to 4 decimals: a stay from the accident must not start
        # before it, where the fire's first (highest) flux would be lost.
        start = max(e.t - minutes, 0.0)
        # Sampled as the engine samples a stay (about every 2 s): the worst 20 s need it.
        times = np.linspace(start, e.t, int(min(4000, max(3, minutes * 30 + 3))))
        dt = np.diff(times) * 60.0
        logged = e.details.get("thermal_dose")
        # Sheltered in a building (exposed once it catches fire) or out in the open: the
        # log gives the dose, not which; the one that gives the logged dose is the one.
        tried = []
        for indoor in (None, False):
            q = np.asarray(hf.flux_series(e.location, times, indoor=indoor), dtype=float)
            total = _worst_seconds_dose(dt, (q[1:] + q[:-1]) / 2)
            tried.append((abs(total - float(logged or 0.0)), indoor is not None, q))
        flux = min(tried, key=lambda c: (c[0], c[1]))[2]
        dose = _running_worst_dose(dt, (flux[1:] + flux[:-1]) / 2)
        out.append(
            HeatExposure(
                e.actor,
                e.location,
                start,
                e.t,
                times,
                flux,
                dose,
                None if logged is None else float(logged),
            )
        )
    return out


def burn_dose_for(probability: float) -> float:
    """Eisenberg dose t q^(4/3) (s·(W/m2)^(4/3)) of this probability of death."""
    return math.exp((probit_from_probability(probability) - EISENBERG_A) / EISENBERG_B)


def heat_figure(drill: Drill, lang: str) -> Figure | None:
    """Heat flux where each exposed person or crew was against the pain and tolerable
    fluxes, and their burn dose against the doses of 1 % and 50 % probability of death."""
    exposures = heat_exposures(drill)
    if not exposures:
        return None
    from sim.hazards import PAIN_FLUX_W_M2, TOLERABLE_FLUX_W_M2

    en = lang == "en"
    names = drill.names(lang)
    with chinese_fonts():
        fig = Figure(figsize=(7.6, 5.4), layout="constrained")
        ax_q, ax_d = fig.subplots(2, 1, sharex=True)
        seen: set[tuple[str, str]] = set()
        for x in exposures:
            key = (x.who, x.location)
            label = f"{names(x.who)} ({names(x.location)})"
            if key in seen:
                label = "_" + label
            seen.add(key)
            ax_q.plot(x.times_min, x.flux_w_m2 / 1000.0, linewidth=1.6, label=label)
            ax_d.plot(x.times_min, np.maximum(x.dose, 1.0), linewidth=1.6, label=label)
        for value, text, style in (
            (PAIN_FLUX_W_M2, "pain in about 13 s" if en else "约 13 秒致痛", "--"),
            (TOLERABLE_FLUX_W_M2, "tolerable (API 521)" if en else "可长时间耐受 (API 521)", ":"),
        ):
            ax_q.axhline(value / 1000.0, color="#7b2d8e", linestyle=style, linewidth=0.9)
            ax_q.text(
                ax_q.get_xlim()[0],
                value / 1000.0,
                f" {value / 1000:g} kW/m² {text}",
                fontsize=7,
                va="bottom",
                color="#7b2d8e",
            )
        for p, colour in ((0.01, "#f28c1f"), (0.5, "#d62728")):
            dose = burn_dose_for(p)
            ax_d.axhline(dose, color=colour, linestyle="--", linewidth=0.9)
            ax_d.text(
                ax_d.get_xlim()[0],
                dose,
                f" P(death) {p:.0%} (Eisenberg)" if en else f" 死亡概率 {p:.0%} (Eisenberg)",
                fontsize=7,
                va="bottom",
                color=colour,
            )
        top = max(float(x.flux_w_m2.max()) for x in exposures)
        ax_q.set_ylim(0, max(top, PAIN_FLUX_W_M2) / 1000.0 * 1.15)
        ax_d.set_yscale("log")
        ax_d.set_ylim(bottom=max(min(float(x.dose[-1]) for x in exposures) / 1e3, 1.0))
        ax_q.set_ylabel("kW/m²")
        ax_d.set_ylabel(
            "burn dose t·q^(4/3) (s·(W/m²)^(4/3))" if en else "热剂量 t·q^(4/3) (s·(W/m²)^(4/3))"
        )
        ax_d.set_xlabel("minutes from the accident" if en else "事故发生后 (分钟)")
        ax_q.set_title(
            "heat flux where each person or crew was (outdoors)"
            if en
            else "人员所在位置热辐射通量 (室外)",
            fontsize=9,
            loc="left",
        )
        ax_d.set_title(
            "burn dose of the worst 20 s so far (people escape or take cover)"
            if en
            else "迄今最不利 20 秒的热剂量 (人员会逃离或寻找掩蔽)",
            fontsize=9,
            loc="left",
        )
        ax_q.legend(fontsize=7, loc="upper right")
        for ax in (ax_q, ax_d):
            ax.grid(color="#eeeeee", linewidth=0.6)
    return fig
