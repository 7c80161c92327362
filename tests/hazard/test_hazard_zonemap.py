"""The threat-zone map: its artists, its PNG, its fonts, and no pyplot anywhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.patches import Circle, Polygon

import scoring.zonemap as zonemap
from scoring.zonemap import chinese_font_family, map_language, threat_zone_figure
from scoring.zones import threat_zones
from sim.loader import load_scenario_only
from tests.conftest import POISONING
from tests.hazard import pipeline_scenario, room_scenario

ROOT = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _legend_texts(fig: Figure) -> list[str]:
    assert fig.legends, "the map has no legend"
    return [t.get_text() for t in fig.legends[0].get_texts()]


def _gids(fig: Figure) -> set[str]:
    return {
        gid
        for ax in fig.axes
        for artist in [*ax.patches, *ax.texts, *ax.lines]
        if (gid := artist.get_gid()) is not None
    }


def test_poisoning_map_has_a_legend_entry_per_threshold_and_a_wind_arrow() -> None:
    scenario, _ = load_scenario_only(POISONING)
    zones = threat_zones(scenario)
    fig = threat_zone_figure(scenario, zones, lang="en")
    room = zones.hazards[0]
    assert room.kind == "room_leak" and room.plume is not None
    texts = _legend_texts(fig)
    for zone in room.plume.zones:
        assert sum(t.startswith(zone.label) for t in texts) == 1, zone.label
    gids = _gids(fig)
    assert "wind-arrow" in gids
    footprints = [p for ax in fig.axes for p in ax.patches if isinstance(p, Polygon)]
    assert footprints, "no plume footprint drawn"
    assert f"location-{scenario.site.locations[1].id}" in gids


def test_map_saves_a_non_empty_png(tmp_path: Path) -> None:
    scenario, _ = load_scenario_only(POISONING)
    fig = threat_zone_figure(scenario, threat_zones(scenario), lang="zh")
    path = tmp_path / "zones.png"
    fig.savefig(path, dpi=60)
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 10_000


def test_pipeline_map_draws_the_pir_and_three_heat_circles(tmp_path: Path) -> None:
    scenario = pipeline_scenario()
    zones = threat_zones(scenario)
    fig = threat_zone_figure(scenario, zones, lang="en")
    gids = _gids(fig)
    assert "pir-rupture_fire" in gids
    assert {f"thermal-rupture_fire-{flux}" for flux in ("5000", "12500", "37500")} <= gids
    pir = next(
        p for ax in fig.axes for p in ax.patches
        if isinstance(p, Circle) and p.get_gid() == "pir-rupture_fire"
    )  # fmt: skip
    assert pir.get_radius() == pytest.approx(199.5, rel=1e-3)
    texts = _legend_texts(fig)
    assert any(t.startswith("Potential impact radius 200 m") for t in texts)
    assert sum("kW/m²" in t for t in texts) == 3
    fig.savefig(tmp_path / "pipe.png", dpi=50)
    assert (tmp_path / "pipe.png").read_bytes()[:8] == PNG_MAGIC


def test_the_wind_arrow_points_where_the_wind_blows_to() -> None:
    scenario = room_scenario(wind_from_deg=90.0)  # an east wind blows west
    fig = threat_zone_figure(scenario, threat_zones(scenario), lang="en")
    arrow = next(t for t in fig.axes[0].texts if t.get_gid() == "wind-arrow")
    start_x, start_y = arrow.xyann  # type: ignore[attr-defined]
    assert start_x > 0 and start_y == pytest.approx(0.0, abs=1e-9)  # tail east of the head


def test_without_a_chinese_font_the_map_falls_back_to_english_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(zonemap, "chinese_font_family", lambda: None)
    assert map_language("zh") == "en"
    scenario = room_scenario()
    fig = threat_zone_figure(scenario, threat_zones(scenario), lang="zh")
    title = fig.legends[0].get_title().get_text()
    assert "no CJK font" in title
    labels = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "Guard hut" in labels or "Office" in labels


@pytest.mark.skipif(chinese_font_family() is None, reason="no CJK font installed")
def test_chinese_labels_use_a_font_that_has_the_glyphs() -> None:
    scenario, _ = load_scenario_only(POISONING)
    fig = threat_zone_figure(scenario, threat_zones(scenario), lang="zh")
    family = chinese_font_family()
    assert "硫化氢" in fig.get_suptitle()
    legend_text = fig.legends[0].get_texts()[0]
    assert family in legend_text.get_fontfamily()
    font = FT2Font(findfont(FontProperties(family=family), fallback_to_default=False))
    assert all(font.get_char_index(ord(ch)) != 0 for ch in "尾气发电机房硫化氢泄漏风稳定度")


def test_unknown_language_is_refused() -> None:
    scenario = room_scenario()
    with pytest.raises(ValueError, match="language"):
        threat_zone_figure(scenario, threat_zones(scenario), lang="fr")


def test_zones_and_zonemap_import_no_pyplot_and_zones_no_matplotlib() -> None:
    code = (
        "import sys, scoring.zones\n"
        "zones_mpl = 'matplotlib' in sys.modules\n"
        "import scoring.zonemap\n"
        "print(zones_mpl, 'matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_drawing_a_map_imports_no_pyplot() -> None:
    code = (
        "import sys\n"
        "from scoring.zonemap import threat_zone_figure\n"
        "from scoring.zones import threat_zones\n"
        "from sim.loader import load_scenario_only\n"
        f"s, _ = load_scenario_only({str(POISONING)!r})\n"
        "threat_zone_figure(s, threat_zones(s), 'zh').savefig('/dev/null', format='png', dpi=30)\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
