"""Heat over time in the report of a fire: the flux where each person or crew was and
their burn dose against the thresholds, read again from the hazard model."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.report.drill import open_drill
from scoring.report.evaluation import build_report
from scoring.report.exposure import burn_dose_for, heat_exposures
from sim.physics.probit import burn_death_probability


@pytest.mark.parametrize("p", [0.01, 0.5])
def test_the_threshold_doses_are_eisenbergs(p: float) -> None:
    flux = 10_000.0
    seconds = burn_dose_for(p) / flux ** (4.0 / 3.0)
    assert burn_death_probability(flux, seconds) == pytest.approx(p, rel=1e-9)


def test_the_replayed_burn_dose_is_the_logged_one(run_dirs: dict[str, Path]) -> None:
    drill = open_drill(run_dirs["pipeline"])
    exposures = heat_exposures(drill)
    assert exposures
    for x in exposures:
        assert x.logged_dose is not None
        assert float(x.dose[-1]) == pytest.approx(x.logged_dose, rel=1e-3)
        assert list(x.dose) == sorted(x.dose)


def test_a_fire_report_shows_heat_beside_the_toxic_figure(run_dirs: dict[str, Path]) -> None:
    fire = {
        f.id
        for f in build_report(
            open_drill(run_dirs["pipeline"]), "evaluation", "zh"
        ).document.figures()
    }
    assert "heat" in fire
    toxic = {
        f.id
        for f in build_report(
            open_drill(run_dirs["poisoning"]), "evaluation", "zh"
        ).document.figures()
    }
    assert "heat" not in toxic and "exposure" in toxic
