"""The threat-zone map at plant scale: a site's places within 170 m of the source stay
readable; labels never collide, stand off with a leader line, and a crowded near field
gets an inset at a larger scale."""

from __future__ import annotations

import itertools

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from scoring.zonemap import threat_zone_figure
from scoring.zones import threat_zones
from sim.loader import load_scenario_only
from sim.scenario import Location, Scenario
from tests.conftest import POISONING

PLACES = ["一号泵房", "二号泵房", "配电室", "化验室", "循环水站", "空压站", "仓库", "维修间"]
PLACES += ["门卫室", "锅炉房", "消防泵房", "危废暂存间"]


def plant(spacing_m: float) -> Scenario:
    """The poisoning site with a plant's buildings in rows next to the generator room
    (at 120, 80): twelve more places, all within 170 m of the leak."""
    scenario, _ = load_scenario_only(POISONING)
    extra = [
        Location(
            id=f"b{i}",
            name=name,
            kind="building",
            x_m=60.0 + (i % 4) * spacing_m,
            y_m=90.0 + (i // 4) * spacing_m * 0.8,
            infiltration_ach=0.5,
        )
        for i, name in enumerate(PLACES)
    ]
    site = scenario.site.model_copy(update={"locations": [*scenario.site.locations, *extra]})
    return scenario.model_copy(update={"site": site})


def labels(fig: Figure) -> dict[str, list[tuple[object, Annotation]]]:
    out: dict[str, list[tuple[object, Annotation]]] = {}
    for ax in [*fig.axes, *(child for parent in fig.axes for child in parent.child_axes)]:
        for t in ax.texts:
            gid = t.get_gid()
            if isinstance(t, Annotation) and gid and gid.startswith("label-"):
                out.setdefault(gid.removeprefix("label-"), []).append((ax, t))
    return out


@pytest.mark.parametrize("spacing_m", [18.0, 6.0])
def test_places_near_the_source_are_labelled_once_without_collisions(spacing_m: float) -> None:
    scenario = plant(spacing_m)
    fig = threat_zone_figure(scenario, threat_zones(scenario), "zh")
    fig.draw_without_rendering()
    found = labels(fig)
    near = [
        loc for loc in scenario.site.locations if loc.x_m is not None and loc.id.startswith("b")
    ]
    for loc in near:
        assert len(found.get(loc.id, [])) == 1, loc.id
    by_axes: dict[int, list[Annotation]] = {}
    for ax, note in (pair for pairs in found.values() for pair in pairs):
        by_axes.setdefault(id(ax), []).append(note)
        box, frame = note.get_window_extent(), ax.get_window_extent()  # type: ignore[attr-defined]
        assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, note.get_text()
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, note.get_text()
    for notes in by_axes.values():
        for a, b in itertools.combinations(notes, 2):
            assert not a.get_window_extent().overlaps(b.get_window_extent()), (
                a.get_text(),
                b.get_text(),
            )


def test_a_crowded_near_field_gets_an_inset_at_a_larger_scale() -> None:
    scenario = plant(6.0)
    fig = threat_zone_figure(scenario, threat_zones(scenario), "en")
    detail = fig.axes[0]
    (inset,) = detail.child_axes
    span = detail.get_xlim()[1] - detail.get_xlim()[0]
    assert inset.get_xlim()[1] - inset.get_xlim()[0] < span / 2
    inset_labels = {t.get_gid() for t in inset.texts if t.get_gid()}
    assert {f"label-b{i}" for i in range(len(PLACES))} <= inset_labels
    assert any(t.get_text().startswith("Enlarged (") for t in inset.texts)


def test_the_bundled_sites_need_no_leader_far_from_home() -> None:
    """Every label of the bundled poisoning map sits within 60 pt of its marker."""
    scenario, _ = load_scenario_only(POISONING)
    fig = threat_zone_figure(scenario, threat_zones(scenario), "zh")
    fig.draw_without_rendering()
    for pairs in labels(fig).values():
        for ax, note in pairs:
            x, y = ax.transData.transform(note.xy)  # type: ignore[attr-defined]
            box = note.get_window_extent()
            gap = max(box.x0 - x, x - box.x1, box.y0 - y, y - box.y1, 0.0)
            assert gap <= 60 * fig.dpi / 72, note.get_text()
