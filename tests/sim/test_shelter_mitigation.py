"""Sheltering, evacuation routes, escape hoods and mitigation of an outdoor release.

On the chlorine test scenario (tests/data/chlorine.yaml): a tank leaks 25 mm of
chlorine at 6 barg with a village 800 m downwind, people in the square and at home.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim import EventLog, InputError, Loaded, load, simulate
from sim.hazards import HazardField
from sim.physics.mitigation import CURTAIN_DOWNSTREAM_M, water_curtain_factor
from sim.physics.probit import TOXIC_PROBITS
from sim.scenario import Inject, Location, Person, Respirator
from sim.vocabulary import Effect

DATA = Path(__file__).parent.parent / "data"
SQUARE = "village_square"


@pytest.fixture(scope="module")
def chlorine() -> Loaded:
    return load(DATA / "chlorine.yaml")


def load_of(log: EventLog, who: str) -> float:
    return sum(e.details.get("toxic_load", 0.0) for e in log.of_kind("exposure") if e.actor == who)


def with_injects(loaded: Loaded, *injects: dict[str, Any], **update: Any) -> Any:
    extra = [Inject.model_validate(i) for i in injects]
    return loaded.scenario.model_copy(
        update={"injects": [*loaded.scenario.injects, *extra], **update}
    )


def homes_open(loaded: Loaded, ventilation_ach: float) -> list[Location]:
    return [
        loc.model_copy(update={"ventilation_ach": ventilation_ach})
        if loc.id == "village_houses"
        else loc
        for loc in loaded.scenario.site.locations
    ]


def scenario_with_open_homes(loaded: Loaded, *injects: dict[str, Any]) -> Any:
    site = loaded.scenario.site.model_copy(update={"locations": homes_open(loaded, 3.0)})
    return with_injects(loaded, *injects, site=site)


def test_closing_up_a_house_lowers_the_air_changes_its_occupants_breathe(
    chlorine: Loaded,
) -> None:
    """People already indoors: shutting windows takes the house from 3/h to 0.5/h, and the
    indoor air follows D5 with the lower rate from then on."""
    scenario = scenario_with_open_homes(chlorine)
    open_field = HazardField.from_scenario(scenario)
    open_field.start("cl2_leak", 0.0)
    shut = HazardField.from_scenario(scenario)
    shut.start("cl2_leak", 0.0)
    assert shut.close_up("village_houses", 2.0) == 0.5
    assert shut.indoor_ach("village_houses", 1.0) == 3.0
    assert shut.indoor_ach("village_houses", 2.0) == 0.5
    t = np.array([1.9, 10.0, 30.0])
    before, later_open, later_shut = (
        open_field.concentration_series("village_houses", t),
        open_field.concentration_series("village_houses", t),
        shut.concentration_series("village_houses", t),
    )
    assert later_shut[0] == pytest.approx(before[0])  # nothing changes before the order
    # under a steady plume the shut house holds 1 - exp(-0.5 t) of what the open one does
    assert later_shut[2] < 0.5 * later_open[2]


def pinned_homes(loaded: Loaded) -> list[Person]:
    return [p.model_copy(update={"escapes": False}) for p in loaded.scenario.people]


STOP = {"id": "stop", "at_min": 20, "message": "堵漏", "effects": [{"stop_release": "cl2_leak"}]}


def test_sheltering_protects_people_already_at_home(chlorine: Loaded) -> None:
    """A 20-min release: shut at T+2 and opened at T+60 once the cloud has passed, the
    house lets in a lower, later peak; chlorine's load C^2 t (n = 2) falls with it."""
    order = {
        "id": "order",
        "at_min": 2,
        "message": "关窗",
        "effects": [{"shelter": "village_houses"}],
    }
    clear = {
        "id": "clear",
        "at_min": 60,
        "message": "解除",
        "effects": [{"end_shelter": "village_houses"}],
    }
    people = {"people": pinned_homes(chlorine)}
    base = simulate(
        scenario_with_open_homes(chlorine, STOP).model_copy(update=people), chlorine.plan, 1
    )
    scenario = scenario_with_open_homes(chlorine, STOP, order, clear).model_copy(update=people)
    sheltered = simulate(scenario, chlorine.plan, 1)
    event = sheltered.first("sheltered", location="village_houses")
    assert event is not None and event.details["air_changes_per_h"] == 0.5
    assert event.details["people"] == 50
    ended = sheltered.first("shelter_ended", location="village_houses")
    assert ended is not None and ended.details["air_changes_per_h"] == 3.0
    assert load_of(sheltered, "home_villagers") < 0.5 * load_of(base, "home_villagers")


def test_ending_the_shelter_after_the_cloud_airs_the_house_out(chlorine: Loaded) -> None:
    """After the source stops the shut house keeps its gas longest: opening up then flushes it."""
    field = HazardField.from_scenario(scenario_with_open_homes(chlorine))
    field.start("cl2_leak", 0.0)
    field.close_up("village_houses", 0.0)
    field.stop("cl2_leak", 20.0)
    kept = HazardField.from_scenario(scenario_with_open_homes(chlorine))
    kept.start("cl2_leak", 0.0)
    kept.close_up("village_houses", 0.0)
    kept.stop("cl2_leak", 20.0)
    assert field.open_up("village_houses", 40.0) == 3.0
    t = np.array([39.0, 60.0])
    aired, shut = (
        field.concentration_series("village_houses", t),
        kept.concentration_series("village_houses", t),
    )
    assert aired[0] == pytest.approx(shut[0])
    assert aired[1] < 0.5 * shut[1]


def test_the_end_of_sheltering_is_logged_and_sends_people_from_the_open_back_out(
    chlorine: Loaded,
) -> None:
    scenario = with_injects(
        chlorine,
        {"id": "in", "at_min": 2, "message": "进屋", "effects": [{"shelter": "village_square"}]},
        {
            "id": "out",
            "at_min": 90,
            "message": "解除",
            "effects": [{"end_shelter": "village_square"}],
        },
    )
    log = simulate(scenario, chlorine.plan, 1)
    ended = log.first("shelter_ended", location="village_square")
    assert ended is not None and ended.details["people"] == 10
    exposures = [e for e in log.of_kind("exposure") if e.actor == "square_villagers"]
    assert exposures[-1].t == log.of_kind("end")[0].t  # the last stretch is out in the open


def test_ventilate_works_on_a_building(chlorine: Loaded) -> None:
    field = HazardField.from_scenario(chlorine.scenario)
    assert field.ventilate("village_houses", 6.0, 10.0)
    assert field.indoor_ach("village_houses", 11.0) == 6.0
    assert not field.ventilate("village_square", 6.0, 10.0)


def test_ventilate_on_an_outdoor_place_is_refused_at_validate(tmp_path: Path) -> None:
    text = (DATA / "chlorine.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    expected_action: 通知村民关闭门窗就地避险\n",
        "    expected_action: 通知村民关闭门窗就地避险\n"
        "    effects: [{ventilate: {location: village_square, air_changes_per_h: 6}}]\n",
    )
    (tmp_path / "chlorine.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "chlorine-plan.yaml").write_text(
        (DATA / "chlorine-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        load(tmp_path / "chlorine.yaml")
    assert (
        "ventilate.location: expected a room or building (ventilation changes enclosed air), "
        "found 'village_square' of kind 'outdoor'" in str(err.value)
    )


def test_a_water_curtain_cuts_chlorine_downwind_by_the_published_factor(chlorine: Loaded) -> None:
    """Dandrieux-Bony et al. (2003): a flat-fan water spray cut chlorine by a factor 2-5;
    the default keeps 2. The gas emitted before the curtain still arrives undiluted."""
    factor = water_curtain_factor("Cl2")
    assert factor is not None and factor.remaining_fraction == 0.5
    plain = HazardField.from_scenario(chlorine.scenario)
    plain.start("cl2_leak", 0.0)
    wet = HazardField.from_scenario(chlorine.scenario)
    wet.start("cl2_leak", 0.0)
    assert wet.water_curtain("cl2_leak", factor.remaining_fraction, 10.0)
    travel_min = 800.0 / 3.0 / 60.0
    t = np.array([10.0 + travel_min - 0.2, 10.0 + travel_min + 0.2, 60.0])
    a, b = (
        plain.concentration_series("village_square", t),
        wet.concentration_series("village_square", t),
    )
    assert b[0] == pytest.approx(a[0])
    assert b[1:] == pytest.approx(0.5 * a[1:])
    near = chlorine.scenario.location("tank_farm")
    assert near.x_m == 0.0 and CURTAIN_DOWNSTREAM_M > 0


def test_a_water_curtain_in_a_run_lowers_the_villagers_dose(chlorine: Loaded) -> None:
    scenario = with_injects(
        chlorine,
        {
            "id": "curtain",
            "at_min": 3,
            "message": "水幕",
            "effects": [{"water_curtain": {"hazard": "cl2_leak"}}],
        },
    )
    base = simulate(chlorine.scenario, chlorine.plan, 1)
    wet = simulate(scenario, chlorine.plan, 1)
    event = wet.first("water_curtain")
    assert event is not None and event.details["factor"] == 0.5
    assert "Dandrieux" in event.details["source"]
    assert load_of(wet, "square_villagers") < 0.5 * load_of(base, "square_villagers")


def test_a_water_curtain_needs_a_factor_for_a_gas_without_field_data() -> None:
    assert water_curtain_factor("CO") is None
    assert water_curtain_factor("NH3") is not None


def test_reduce_release_is_accepted_for_an_outdoor_release(chlorine: Loaded) -> None:
    scenario = with_injects(
        chlorine,
        {
            "id": "clamp",
            "at_min": 5,
            "message": "堵漏",
            "effects": [{"reduce_release": {"hazard": "cl2_leak", "factor": 0.25}}],
        },
    )
    assert Effect.model_validate({"reduce_release": {"hazard": "cl2_leak", "factor": 0.25}})
    log = simulate(scenario, chlorine.plan, 1)
    assert log.first("release_changed") is not None


def evacuated_square(loaded: Loaded, people: list[Person] | None = None) -> Any:
    update: dict[str, Any] = {}
    if people is not None:
        update["people"] = people
    return with_injects(
        loaded,
        {
            "id": "go",
            "at_min": 2,
            "message": "疏散",
            "effects": [{"evacuate": {"location": "village_square", "to": "control_room"}}],
        },
        **update,
    )


def test_evacuees_walk_their_route_and_breathe_on_the_way(chlorine: Loaded) -> None:
    """From the square to the control room runs back through the fence and the tank farm:
    1.19 m/s over 500 m, 300 m and 200 m of straight line, or the links' minutes if longer."""
    walkers = [p.model_copy(update={"escapes": True}) for p in chlorine.scenario.people]
    log = simulate(evacuated_square(chlorine, walkers), chlorine.plan, 1)
    started = log.first("evacuation_started", location="village_square")
    assert started is not None
    assert started.details["route"] == ["village_square", "east_fence", "tank_farm", "control_room"]
    walk = [max(5.0, 500 / 1.19 / 60), max(3.0, 300 / 1.19 / 60), max(2.0, 200 / 1.19 / 60)]
    assert started.details["minutes"] == pytest.approx(sum(walk), abs=1e-3)
    arrived = log.first("evacuated", location="village_square")
    assert arrived is not None
    assert arrived.t == pytest.approx(started.t + sum(walk), abs=1e-6)
    on_the_way = {e.location for e in log.of_kind("exposure") if e.actor == "square_villagers"}
    assert {"east_fence", "tank_farm"} <= on_the_way


def hooded(loaded: Loaded, respirator: dict[str, Any]) -> list[Person]:
    return [
        p.model_copy(update={"respirator": Respirator.model_validate(respirator)})
        if p.id == "fence_workers"
        else p
        for p in loaded.scenario.people
    ]


def test_an_escape_hood_protects_for_its_rated_time_only(chlorine: Loaded) -> None:
    """GB 21976.7: a filter self-rescue hood is rated 15 min at least. Donned at the alarm
    (T+1), it keeps the chlorine out until T+16, then the worker breathes the plume."""
    people = hooded(chlorine, {"kind": "filter_hood", "gases": ["Cl2"]})
    scenario = chlorine.scenario.model_copy(update={"people": people})
    base = simulate(chlorine.scenario, chlorine.plan, 1)
    log = simulate(scenario, chlorine.plan, 1)
    donned = log.first("respirator_donned", actor="fence_workers")
    assert donned is not None and donned.t == 1.0 and donned.details["rated_min"] == 15.0
    exposures = [e for e in log.of_kind("exposure") if e.actor == "fence_workers"]
    worn = sum(e.details.get("respirator_min", 0.0) for e in exposures)
    # the gas reaches the fence 300 m / 3 m/s = 1.67 min after the leak: kept out until T+16
    assert worn == pytest.approx(16.0 - 300.0 / 3.0 / 60.0, abs=0.05)
    assert 0 < load_of(log, "fence_workers") < load_of(base, "fence_workers")


def test_a_hood_rated_for_other_gases_does_not_protect(chlorine: Loaded) -> None:
    people = hooded(chlorine, {"kind": "filter_mask", "gases": ["NH3"], "rated_min": 30})
    scenario = chlorine.scenario.model_copy(update={"people": people})
    base = simulate(chlorine.scenario, chlorine.plan, 1)
    log = simulate(scenario, chlorine.plan, 1)
    assert load_of(log, "fence_workers") == pytest.approx(load_of(base, "fence_workers"))


def worn_load(loaded: Loaded, respirator: dict[str, Any]) -> tuple[float, float]:
    """The fence workers' toxic load and the minutes their respirator kept gas out."""
    scenario = loaded.scenario.model_copy(update={"people": hooded(loaded, respirator)})
    log = simulate(scenario, loaded.plan, 1)
    exposures = [e for e in log.of_kind("exposure") if e.actor == "fence_workers"]
    return load_of(log, "fence_workers"), sum(
        e.details.get("respirator_min", 0.0) for e in exposures
    )


def test_a_filter_mask_lets_through_one_over_its_protection_factor(chlorine: Loaded) -> None:
    """GB/T 18664-2002 assigns a negative-pressure half mask a protection factor of 10 and a
    full facepiece 100: behind the mask the worker breathes 1/10 or 1/100 of the ~100 ppm
    chlorine at the fence. With the load sum(C^n dt), the load taken while the mask is on
    is 10^-n (half) and 100^-n (full) of the air's, against a self-contained set's none."""
    n = TOXIC_PROBITS["Cl2"].n
    mask = {"kind": "filter_mask", "gases": ["Cl2"], "rated_min": 30}
    sealed, sealed_min = worn_load(chlorine, {**mask, "kind": "self_contained"})
    half, half_min = worn_load(chlorine, {**mask, "facepiece": "half"})
    full, full_min = worn_load(chlorine, mask)  # full facepiece by default
    base = load_of(simulate(chlorine.scenario, chlorine.plan, 1), "fence_workers")
    kept_out = base - sealed  # the air's load over the minutes the mask is on
    assert sealed_min == half_min == full_min == pytest.approx(30.0 - 0.67, abs=0.05)
    assert half - sealed == pytest.approx(kept_out * 10.0**-n, rel=0.02)
    assert full - sealed == pytest.approx(kept_out * 100.0**-n, rel=0.02)


def test_a_filter_breaks_through_when_its_capacity_is_spent(chlorine: Loaded) -> None:
    """A canister rated for 30 min at 50 ppm takes up 1500 ppm·min: in the fence's ~101
    ppm it breaks through after about 1500 / 101 = 14.9 min, not at its rated 30 min.
    The default class (1000 ppm, 30 000 ppm·min) outlasts the rated time there."""
    mask = {"kind": "filter_mask", "gases": ["Cl2"], "rated_min": 30}
    small, small_min = worn_load(chlorine, {**mask, "rated_ppm": 50})
    default, default_min = worn_load(chlorine, mask)
    assert small_min == pytest.approx(1500.0 / 101.0, abs=0.3)
    assert default_min == pytest.approx(30.0 - 0.67, abs=0.05)
    assert small > default


def test_respirator_fields_belong_to_their_kind() -> None:
    with pytest.raises(ValueError, match="'facepiece' is for a filter_mask"):
        Respirator.model_validate({"kind": "filter_hood", "gases": ["Cl2"], "facepiece": "half"})
    with pytest.raises(ValueError, match="'rated_ppm' is for a filter"):
        Respirator.model_validate(
            {"kind": "self_contained", "gases": ["Cl2"], "rated_min": 30, "rated_ppm": 500}
        )
    hood = Respirator.model_validate({"kind": "filter_hood", "gases": ["Cl2"]})
    assert (hood.leak_share, hood.capacity_ppm_min) == (0.0, None)


def test_a_respirator_other_than_a_hood_needs_its_rated_time() -> None:
    with pytest.raises(ValueError, match="needs 'rated_min'"):
        Respirator.model_validate({"kind": "self_contained", "gases": ["Cl2"]})


def test_a_building_must_not_ventilate_less_in_use_than_shut() -> None:
    with pytest.raises(ValueError, match="ventilation_ach"):
        Location.model_validate(
            {
                "id": "h",
                "name": "h",
                "kind": "building",
                "infiltration_ach": 0.5,
                "ventilation_ach": 0.2,
            }
        )
    assert math.isfinite(0.5)


def test_filters_need_the_oxygen_their_standards_name() -> None:
    """GB 21976.7: a filter hood where the air holds 17 % oxygen or more; GB/T 18664: no
    filter mask in oxygen-deficient air (below 18 %); a self-rescuer brings its own."""
    hood = Respirator.model_validate({"kind": "filter_hood", "gases": ["Cl2"]})
    mask = Respirator.model_validate({"kind": "filter_mask", "gases": ["Cl2"], "rated_min": 30})
    own = Respirator.model_validate({"kind": "self_contained", "gases": ["Cl2"], "rated_min": 30})
    assert (hood.min_oxygen_percent, mask.min_oxygen_percent, own.min_oxygen_percent) == (
        17.0,
        18.0,
        0.0,
    )
    assert hood.protection_min == 15.0


def test_the_rate_steps_give_the_rate_series(chlorine: Loaded) -> None:
    """The jet is worked out once per rate the source takes: the steps must reproduce the
    rate at every time, before the start, through a cut and after the stop."""
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 2.0)
    field.reduce("cl2_leak", 0.5, 10.0)
    field.stop("cl2_leak", 30.0)
    src = field.outdoors["cl2_leak"]
    t = np.linspace(0.0, 60.0, 721)
    steps, which = src.rate_steps(t)
    assert steps[which] == pytest.approx(src.rate_series(t))
