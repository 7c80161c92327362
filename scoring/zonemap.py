"""Threat-zone map: site locations, toxic plume footprints, fire circles and the wind.

Built on ``matplotlib.figure.Figure`` alone (no pyplot state, no GUI backend);
save it with ``fig.savefig(path, dpi=...)``. Chinese labels need a CJK font:
:func:`chinese_font_family` looks for one installed on the system or shipped by
a Python package (``noto-cjk-sans-otc`` on PyPI). Without one the map falls back
to English labels and says so on the figure, rather than drawing empty boxes.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, Polygon, Rectangle
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from scoring.zones import GasReleaseZones, PipelineZones, PlumeZone, RoomLeakZones, ThreatZones
from sim.scenario import Location, Scenario

CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "Droid Sans Fallback",
    "Noto Sans CJK JP",
)
"""Fonts with Simplified Chinese glyphs, preferred first."""

CJK_FONT_PACKAGES: dict[str, tuple[str, ...]] = {
    "noto_cjk_sans_otc": ("NotoSansCJK-Regular.ttc",),
    "pylopdf_fonts_zh_cn": ("NotoSansSC-Regular.otf",),
    "mplfonts": ("fonts/NotoSansCJKsc-Regular.otf",),
}
"""Python packages that ship a CJK font file, and where it lies inside them."""

FONT_HINT = "pip install noto-cjk-sans-otc (or apt-get install fonts-noto-cjk)"

AEGL_COLOURS = {1: "#f5d327", 2: "#f28c1f", 3: "#d62728"}
"""ALOHA's threat-zone colours: yellow, orange, red."""
ERPG_COLOURS = {1: "#4c9be8", 2: "#1f5fa8", 3: "#0b2e63"}
IDLH_COLOUR = "#7b2d8e"
THERMAL_COLOURS = ("#f5d327", "#f28c1f", "#d62728")
PIR_COLOUR = "#5a1010"

_TEXT = {
    "zh": {
        "east": "东 (m)",
        "north": "北 (m)",
        "detail": "近场",
        "inset": "局部放大 (边长 {side})",
        "overview": "全貌",
        "wind": "{dir}风 {speed:g} m/s, 稳定度 {cls}",
        "pir": "潜在影响半径 {r:.0f} m",
        "thermal": "热辐射 {flux:g} kW/m² ({r:.0f} m)",
        "not_reached": "{label} {ppm:g} ppm: 未达到",
        "reach": "{label} ≥{ppm:g} ppm: {d}",
        "source": "泄漏源",
        "rupture": "断裂点",
        "unbounded": ">100 km",
        "basis_room": (
            "高斯烟羽, 点源 (机房排风, 高 {h} m), {exposure:g} min AEGL; 仅供应急演练规划"
        ),
        "basis_gas": (
            "高斯烟羽, {sub} 孔口泄漏 {rate:.3g} kg/s, 源高 {h:g} m, 非重气模型, "
            "{exposure:g} min AEGL; 仅供应急演练规划"
        ),
        "basis_pipe": (
            "点源热辐射, 燃烧速率 {rate:.4g} kg/s (Wilson 泄放率); 潜在影响半径按 49 CFR 192.903"
        ),
        "weather": "风速 {speed:g} m/s, 风向 {deg:g}°, 稳定度 {cls}, 气温 {t:g} °C",
        "time": "T+{t:g} min",
    },
    "en": {
        "east": "East (m)",
        "north": "North (m)",
        "detail": "Near field",
        "inset": "Enlarged ({side} across)",
        "overview": "Overview",
        "wind": "Wind from {dir} {speed:g} m/s, class {cls}",
        "pir": "Potential impact radius {r:.0f} m",
        "thermal": "Heat flux {flux:g} kW/m² ({r:.0f} m)",
        "not_reached": "{label} {ppm:g} ppm: not reached",
        "reach": "{label} ≥{ppm:g} ppm: {d}",
        "source": "source",
        "rupture": "rupture",
        "unbounded": ">100 km",
        "basis_room": (
            "Gaussian plume, point source (room exhaust, {h} m up), {exposure:g}-min AEGL; "
            "for exercise planning only"
        ),
        "basis_gas": (
            "Gaussian plume, {sub} from a hole at {rate:.3g} kg/s, {h:g} m up, passive "
            "(no dense-gas model), {exposure:g}-min AEGL; for exercise planning only"
        ),
        "basis_pipe": (
            "Point-source heat radiation burning {rate:.4g} kg/s (Wilson outflow); "
            "PIR per 49 CFR 192.903"
        ),
        "weather": "Wind {speed:g} m/s from {deg:g}°, stability {cls}, {t:g} °C",
        "time": "T+{t:g} min",
    },
}

_COMPASS = {
    "zh": ("北", "东北", "东", "东南", "南", "西南", "西", "西北"),
    "en": ("N", "NE", "E", "SE", "S", "SW", "W", "NW"),
}

# Label offsets (points) tried in turn: right, left, above, below, then the diagonals.
_OFFSETS: tuple[tuple[float, float, str, str], ...] = (
    (6, 0, "left", "center"),
    (-6, 0, "right", "center"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
    (6, 6, "left", "bottom"),
    (-6, 6, "right", "bottom"),
    (6, -6, "left", "top"),
    (-6, -6, "right", "top"),
    (14, 12, "left", "bottom"),
    (-14, -12, "right", "top"),
    (-14, 12, "right", "bottom"),
    (14, -12, "left", "top"),
    # Farther away, joined to the marker by a leader line.
    (30, 22, "left", "bottom"),
    (-30, 22, "right", "bottom"),
    (30, -22, "left", "top"),
    (-30, -22, "right", "top"),
    (0, 30, "center", "bottom"),
    (0, -30, "center", "top"),
    (44, 0, "left", "center"),
    (-44, 0, "right", "center"),
    (46, 40, "left", "bottom"),
    (-46, 40, "right", "bottom"),
    (46, -40, "left", "top"),
    (-46, -40, "right", "top"),
)
LABEL_GAP_PT = 1.5
"""Space kept free on each side of a label, points."""
SITE_FIT = 3.0
"""The near field fits the site's locations when the serious zones span more than this
many times the site."""
LEADER_FROM_PT = 20.0
"""Labels placed this far (points) from their marker get a leader line."""
CLUSTER_PT = 36.0
"""Markers closer than this on the page (points) leave no room for their labels: the near
field gets an inset that draws them at a larger scale."""


@functools.cache
def chinese_font_family() -> str | None:
    """Name of a font with Chinese glyphs that matplotlib can use, or ``None``.

    Registers the fonts shipped by any of :data:`CJK_FONT_PACKAGES` that is
    installed, then picks the first of :data:`CJK_FAMILIES` matplotlib knows.
    """
    from matplotlib import font_manager

    for package, files in CJK_FONT_PACKAGES.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for name in files:
                path = Path(folder) / name
                if path.is_file():
                    try:
                        font_manager.fontManager.addfont(str(path))
                    except (OSError, RuntimeError, ValueError):
                        continue
    available = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in available), None)


def map_language(lang: str) -> str:
    """The language the map will actually use: English when Chinese cannot be drawn."""
    if lang == "zh" and chinese_font_family() is None:
        return "en"
    return lang


@dataclass(frozen=True, slots=True)
class _Layer:
    """Something drawn on both panels, with its extent for choosing the view."""

    bbox: tuple[float, float, float, float]
    near: bool
    """Part of the near field the detail panel must show."""
    reach: float
    """How far it extends from its source along either axis, m."""


def threat_zone_figure(scenario: Scenario, zones: ThreatZones, lang: str = "zh") -> Figure:
    """A map of ``zones`` over ``scenario``'s site, oriented north-up, metres from the origin."""
    if lang not in _TEXT:
        raise ValueError(f"language must be 'zh' or 'en', got {lang!r}")
    family = chinese_font_family()
    shown = map_language(lang)
    families = ["DejaVu Sans"] + ([family] if family else [])
    with rc_context({"font.family": families, "font.size": 9.0}):
        return _figure(scenario, zones, shown, fell_back=shown != lang)


def _figure(scenario: Scenario, zones: ThreatZones, lang: str, *, fell_back: bool) -> Figure:
    text = _TEXT[lang]
    near, full = _extents(scenario, zones)
    two_panels = _span(full) > 1.6 * _span(near)
    fig = Figure(figsize=(14.0, 8.0) if two_panels else (9.5, 8.5), layout="constrained")
    if two_panels:
        ax_detail, ax_all = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.0]})
        panels: list[tuple[Axes, tuple[float, float, float, float], bool]] = [
            (ax_detail, near, True),
            (ax_all, full, False),
        ]
        ax_detail.set_title(text["detail"], fontsize=10)
        ax_all.set_title(text["overview"], fontsize=10)
    else:
        ax = fig.subplots()
        panels = [(ax, full, True)]

    handles: list[Patch | Line2D] = []
    for index, (ax, view, detailed) in enumerate(panels):
        panel_handles = _draw_hazards(ax, zones, lang)
        if index == 0:
            handles = panel_handles
        _set_view(ax, view)
        ax.set_xlabel(text["east"])
        ax.set_ylabel(text["north"])
        ax.grid(True, color="#dddddd", linewidth=0.5, zorder=0)
        _wind_arrow(ax, zones, lang)
        if not detailed and two_panels:
            x0, x1, y0, y1 = near
            ax.add_patch(
                Rectangle(
                    (x0, y0),
                    x1 - x0,
                    y1 - y0,
                    fill=False,
                    linestyle="--",
                    linewidth=0.8,
                    edgecolor="#555555",
                    zorder=6,
                )
            )

    title = scenario.name_en if lang == "en" and scenario.name_en else scenario.name
    weather = text["weather"].format(
        speed=zones.wind_speed_m_s,
        deg=zones.wind_from_deg,
        cls=zones.stability,
        t=zones.temperature_c,
    )
    when = f"  {text['time'].format(t=zones.at_min)}" if zones.at_min is not None else ""
    fig.suptitle(f"{title}\n{weather}{when}", fontsize=11)
    notes = _basis_notes(zones, lang)
    if fell_back:
        notes.append(f"Chinese labels unavailable: no CJK font found ({FONT_HINT}).")
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncol=3 if len(handles) > 4 else max(1, len(handles)),
        fontsize=8,
        frameon=False,
        title=" | ".join(notes) if notes else None,
        title_fontsize=7.5,
    )

    # Labels go last, once the layout has settled, so that they can avoid each other.
    fig.draw_without_rendering()
    for ax, view, detailed in panels:
        skip = None if detailed else near
        lines, texts = len(ax.lines), len(ax.texts)
        crowded = _draw_locations(ax, scenario, zones, lang, view, unlabelled=skip)
        if crowded and detailed:
            # Draw the crowded places again at a larger scale, with their neighbours, and
            # label every place the inset shows there, not here.
            for artist in [*ax.lines[lines:], *ax.texts[texts:]]:
                artist.remove()
            near_them = _neighbours(ax, scenario, view, crowded)
            skip = _draw_inset(ax, scenario, zones, lang, near_them)
            _draw_locations(ax, scenario, zones, lang, view, unlabelled=skip)
    return fig


def _neighbours(
    ax: Axes,
    scenario: Scenario,
    view: tuple[float, float, float, float],
    crowded: Sequence[Location],
) -> list[Location]:
    """The crowded places and the places whose markers lie within ``CLUSTER_PT`` of one."""
    scale = float(ax.figure.dpi) / 72.0
    ids = {c.id for c in crowded}
    placed = [
        (loc, ax.transData.transform((loc.x_m, loc.y_m)))
        for loc in scenario.site.locations
        if loc.x_m is not None and loc.y_m is not None and _within(view, loc.x_m, loc.y_m)
    ]
    centres = [p for loc, p in placed if loc.id in ids]
    return [
        loc
        for loc, p in placed
        if loc.id in ids or any(math.hypot(*(p - c)) < CLUSTER_PT * scale for c in centres)
    ]


INSET_SIZES = (0.46, 0.38, 0.30)
"""Sides of the near-field inset tried, as a share of its panel: the largest that hides
no place."""


def _corners(size: float) -> tuple[tuple[float, float], ...]:
    """Where an inset may go (axes fraction), bottom right first; top left keeps the wind."""
    far = 1.0 - size - 0.02
    return ((far, 0.02), (0.02, 0.02), (far, far), (0.02, far - 0.1))


def _draw_inset(
    ax: Axes, scenario: Scenario, zones: ThreatZones, lang: str, crowded: Sequence[Location]
) -> tuple[float, float, float, float]:
    """The crowded places drawn again at a larger scale in an inset of ``ax``, in the
    corner that hides the fewest places, and linked to where they are."""
    xs = [float(c.x_m or 0.0) for c in crowded]
    ys = [float(c.y_m or 0.0) for c in crowded]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    parent = ax.get_xlim()
    side = max(1.5 * max(x1 - x0, y1 - y0), 0.15 * abs(parent[1] - parent[0]), 40.0)
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    view = (cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2)
    points = [
        ax.transAxes.inverted().transform(ax.transData.transform((loc.x_m, loc.y_m)))
        for loc in scenario.site.locations
        if loc.x_m is not None and loc.y_m is not None
    ]

    def hidden(corner: tuple[float, float], size: float) -> int:
        left, bottom = corner
        region = (left - 0.03, left + size + 0.03, bottom - 0.03, bottom + size + 0.03)
        covers_view = _within(
            region, *ax.transAxes.inverted().transform(ax.transData.transform((cx, cy)))
        )
        return sum(_within(region, float(p[0]), float(p[1])) for p in points) + (
            100 if covers_view else 0
        )

    options = [(hidden(c, size), -size, c) for size in INSET_SIZES for c in _corners(size)]
    free = [o for o in options if o[0] == 0]
    _, minus, corner = free[0] if free else min(options)
    size = -minus
    inset = ax.inset_axes((corner[0], corner[1], size, size), zorder=15)
    _draw_hazards(inset, zones, lang)
    _set_view(inset, view)
    inset.apply_aspect()
    inset.set_xticks([])
    inset.set_yticks([])
    on_top = corner[1] > 0.5
    inset.text(
        0.0,
        -0.015 if on_top else 1.015,
        _TEXT[lang]["inset"].format(side=_distance_text(view[1] - view[0], lang)),
        transform=inset.transAxes,
        ha="left",
        va="top" if on_top else "bottom",
        fontsize=7.5,
        zorder=20,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#888888", "alpha": 0.9},
        gid="inset-label",
    )
    inset.grid(True, color="#dddddd", linewidth=0.5, zorder=0)
    inset.set_facecolor("white")
    ax.indicate_inset_zoom(inset, edgecolor="#555555", linewidth=0.8)
    _draw_locations(inset, scenario, zones, lang, view, unlabelled=None)
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    return (x0, x1, y0, y1)


def _span(view: tuple[float, float, float, float]) -> float:
    x0, x1, y0, y1 = view
    return max(x1 - x0, y1 - y0)


def _located_points(scenario: Scenario) -> list[tuple[float, float]]:
    return [
        (loc.x_m, loc.y_m)
        for loc in scenario.site.locations
        if loc.x_m is not None and loc.y_m is not None
    ]


def _extents(
    scenario: Scenario, zones: ThreatZones
) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """(near view, full view) as (x0, x1, y0, y1): what must show, padded."""
    layers: list[_Layer] = []
    sources: list[tuple[float, float]] = []
    for hazard in zones.hazards:
        if hazard.x_m is None or hazard.y_m is None:
            continue
        x, y = hazard.x_m, hazard.y_m
        sources.append((x, y))
        layers.append(_Layer((x, x, y, y), near=True, reach=0.0))
        if isinstance(hazard, PipelineZones):
            radii = [hazard.potential_impact_radius_m, *(z.radius_m for z in hazard.thermal)]
            for r in radii:
                layers.append(_Layer((x - r, x + r, y - r, y + r), near=True, reach=r))
        elif hazard.plume is not None:
            for zone in hazard.plume.zones:
                outline = hazard.plume.footprint(zone, points=60)
                if outline.size == 0:
                    continue
                box = (
                    float(outline[:, 0].min()),
                    float(outline[:, 0].max()),
                    float(outline[:, 1].min()),
                    float(outline[:, 1].max()),
                )
                serious = zone.level is None or zone.level >= 2
                far = max(abs(box[0] - x), abs(box[1] - x), abs(box[2] - y), abs(box[3] - y))
                layers.append(_Layer(box, near=serious, reach=far))
    near_boxes = [layer.bbox for layer in layers if layer.near]
    reach = max((layer.reach for layer in layers if layer.near), default=0.0)
    radius = max(500.0, 1.5 * reach)
    points = _located_points(scenario)
    close = [
        p for p in points if any(math.hypot(p[0] - s[0], p[1] - s[1]) <= radius for s in sources)
    ]
    site_points = [(x, x, y, y) for x, y in (close or points)]
    near = _bbox(near_boxes + site_points)
    site = _bbox(site_points + [(x, x, y, y) for x, y in sources])
    if len(site_points) >= 2 and _span(_pad(near)) > SITE_FIT * _span(_pad(site)):
        # Serious zones dwarf the plant: the near field fits the site, the zones run
        # off its edge and show whole in the overview.
        near = site
    full = _bbox([layer.bbox for layer in layers] + [(x, x, y, y) for x, y in points])
    return _pad(near), _pad(full)


def _bbox(boxes: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    if not boxes:
        return (-100.0, 100.0, -100.0, 100.0)
    return (
        min(b[0] for b in boxes),
        max(b[1] for b in boxes),
        min(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _pad(view: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, x1, y0, y1 = view
    size = max(x1 - x0, y1 - y0, 60.0) * 1.15
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    return (cx - size / 2, cx + size / 2, cy - size / 2, cy + size / 2)


def _set_view(ax: Axes, view: tuple[float, float, float, float]) -> None:
    x0, x1, y0, y1 = view
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")


def _distance_text(distance_m: float | None, lang: str) -> str:
    if distance_m is None:
        return "-"
    if math.isinf(distance_m):
        return _TEXT[lang]["unbounded"]
    if distance_m >= 1000:
        return f"{distance_m / 1000:.2f} km"
    return f"{distance_m:.0f} m"


LineStyle = Literal["-", "--", ":"]


def _zone_style(zone: PlumeZone) -> tuple[str, bool, LineStyle]:
    """(colour, filled, line style) of a toxic zone."""
    if zone.family == "AEGL":
        return AEGL_COLOURS[zone.level or 1], True, "-"
    if zone.family == "ERPG":
        return ERPG_COLOURS[zone.level or 1], False, "--"
    return IDLH_COLOUR, False, ":"


def _draw_hazards(ax: Axes, zones: ThreatZones, lang: str) -> list[Patch | Line2D]:
    """Draw every hazard's zones on ``ax``; the legend handles, one per zone."""
    text = _TEXT[lang]
    handles: list[Patch | Line2D] = []
    for hazard in zones.hazards:
        if hazard.x_m is None or hazard.y_m is None:
            continue
        if isinstance(hazard, RoomLeakZones | GasReleaseZones):
            handles += _draw_plume(ax, hazard, lang)
            marker_label = text["source"]
        else:
            handles += _draw_fire(ax, hazard, lang)
            marker_label = text["rupture"]
        ax.plot(
            [hazard.x_m],
            [hazard.y_m],
            marker="*",
            markersize=15,
            color="#b00000",
            markeredgecolor="black",
            linestyle="none",
            zorder=9,
            gid=f"source-{hazard.hazard_id}",
        )
        if not handles or handles[-1].get_label() != marker_label:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="*",
                    markersize=12,
                    color="#b00000",
                    markeredgecolor="black",
                    linestyle="none",
                    label=marker_label,
                )
            )
    return handles


def _draw_plume(
    ax: Axes, hazard: RoomLeakZones | GasReleaseZones, lang: str
) -> list[Patch | Line2D]:
    text = _TEXT[lang]
    handles: list[Patch | Line2D] = []
    plume = hazard.plume
    if plume is None:
        return handles
    # Largest first so that the smaller, more severe zones stay visible on top.
    ranks = {
        zone.label: rank
        for rank, zone in enumerate(sorted(plume.zones, key=lambda z: -(z.distance_m or 0.0)))
    }
    for zone in plume.zones:
        rank = ranks[zone.label]
        colour, filled, style = _zone_style(zone)
        if zone.distance_m is None:
            label = text["not_reached"].format(label=zone.label, ppm=zone.threshold_ppm)
        else:
            label = text["reach"].format(
                label=zone.label,
                ppm=zone.threshold_ppm,
                d=_distance_text(zone.distance_m, lang),
            )
        outline = plume.footprint(zone)
        gid = f"zone-{hazard.hazard_id}-{zone.label}"
        if outline.size:
            ax.add_patch(
                Polygon(
                    outline,
                    closed=True,
                    facecolor=colour if filled else "none",
                    alpha=0.55 if filled else 1.0,
                    edgecolor=colour,
                    linewidth=1.0 if filled else 1.6,
                    linestyle=style,
                    zorder=2 + rank * 0.01 if filled else 4 + rank * 0.01,
                    gid=gid,
                )
            )
        if filled:
            handles.append(Patch(facecolor=colour, alpha=0.55, edgecolor=colour, label=label))
        else:
            handles.append(
                Line2D([], [], color=colour, linestyle=style, linewidth=1.6, label=label)
            )
    return handles


def _draw_fire(ax: Axes, hazard: PipelineZones, lang: str) -> list[Patch | Line2D]:
    text = _TEXT[lang]
    assert hazard.x_m is not None and hazard.y_m is not None
    centre = (hazard.x_m, hazard.y_m)
    handles: list[Patch | Line2D] = []
    for zone, colour in zip(hazard.thermal, THERMAL_COLOURS, strict=False):
        label = text["thermal"].format(flux=zone.flux_w_m2 / 1000.0, r=zone.radius_m)
        if zone.radius_m > 0:
            ax.add_patch(
                Circle(
                    centre,
                    zone.radius_m,
                    facecolor=colour,
                    alpha=0.4,
                    edgecolor=colour,
                    zorder=2,
                    gid=f"thermal-{hazard.hazard_id}-{zone.flux_w_m2:g}",
                )
            )
        handles.append(Patch(facecolor=colour, alpha=0.4, edgecolor=colour, label=label))
    label = text["pir"].format(r=hazard.potential_impact_radius_m)
    ax.add_patch(
        Circle(
            centre,
            hazard.potential_impact_radius_m,
            fill=False,
            edgecolor=PIR_COLOUR,
            linewidth=2.0,
            zorder=5,
            gid=f"pir-{hazard.hazard_id}",
        )
    )
    handles.append(Line2D([], [], color=PIR_COLOUR, linewidth=2.0, label=label))
    return handles


def _compass(deg: float, lang: str) -> str:
    return _COMPASS[lang][round((deg % 360.0) / 45.0) % 8]


def _wind_arrow(ax: Axes, zones: ThreatZones, lang: str) -> None:
    """An arrow pointing where the wind blows to, in the top-left corner."""
    theta = math.radians(zones.wind_from_deg)
    towards = (-math.sin(theta), -math.cos(theta))
    length = 34.0
    head = (0.13, 0.86)
    ax.annotate(
        "",
        xy=head,
        xycoords="axes fraction",
        xytext=(-towards[0] * length, -towards[1] * length),
        textcoords="offset points",
        arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=0.9", "lw": 2.5, "color": "k"},
        zorder=20,
        gid="wind-arrow",
    )
    label = _TEXT[lang]["wind"].format(
        dir=_compass(zones.wind_from_deg, lang), speed=zones.wind_speed_m_s, cls=zones.stability
    )
    ax.annotate(
        label,
        xy=(0.04, 0.97),
        xycoords="axes fraction",
        ha="left",
        va="top",
        fontsize=8.5,
        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#888888", "alpha": 0.9},
        zorder=20,
        gid="wind-label",
    )


def _draw_locations(
    ax: Axes,
    scenario: Scenario,
    zones: ThreatZones,
    lang: str,
    view: tuple[float, float, float, float],
    *,
    unlabelled: tuple[float, float, float, float] | None,
) -> list[Location]:
    """Markers for the locations in ``view``; labels for those outside ``unlabelled``.
    Returns the places whose label found no free spot."""
    crowded: list[Location] = []
    sources = {h.location_id for h in zones.hazards}
    frame = ax.get_window_extent()
    taken: list[Bbox] = [
        artist.get_window_extent()
        for artist in ax.texts
        if artist.get_gid() in ("wind-label", "wind-arrow", "inset-label")
    ]
    taken += [child.get_tightbbox() or child.get_window_extent() for child in ax.child_axes]
    located = [
        loc
        for loc in scenario.site.locations
        if loc.x_m is not None and loc.y_m is not None and _within(view, loc.x_m, loc.y_m)
    ]
    for loc in located:
        assert loc.x_m is not None and loc.y_m is not None
        marker = "s" if loc.kind in ("room", "building") else "o"
        ax.plot(
            [loc.x_m],
            [loc.y_m],
            marker=marker,
            markersize=5.5,
            markerfacecolor="white" if loc.id not in sources else "#b00000",
            markeredgecolor="black",
            linestyle="none",
            zorder=10,
            gid=f"location-{loc.id}",
        )
        taken.append(_marker_box(ax, loc.x_m, loc.y_m))
    for loc in located:
        assert loc.x_m is not None and loc.y_m is not None
        if unlabelled is not None and _within(unlabelled, loc.x_m, loc.y_m):
            continue
        if not _place_label(ax, loc.x_m, loc.y_m, loc.label(lang), frame, taken, f"label-{loc.id}"):
            crowded.append(loc)
    return crowded


def _within(view: tuple[float, float, float, float], x: float, y: float) -> bool:
    return view[0] <= x <= view[1] and view[2] <= y <= view[3]


def _marker_box(ax: Axes, x: float, y: float) -> Bbox:
    px, py = ax.transData.transform((x, y))
    half = 4.0 * float(ax.figure.dpi) / 72.0
    return Bbox.from_extents(px - half, py - half, px + half, py + half)


def _place_label(
    ax: Axes,
    x: float,
    y: float,
    label: str,
    frame: Bbox,
    taken: list[Bbox],
    gid: str | None = None,
) -> bool:
    """Put ``label`` next to (x, y) where it overlaps no other label, marker or the frame;
    a label that has to stand off is joined to its marker by a leader line. False when
    every place overlapped something."""
    best: tuple[float, Annotation, Bbox] | None = None
    for dx, dy, ha, va in _OFFSETS:
        far = math.hypot(dx, dy) >= LEADER_FROM_PT
        note = ax.annotate(
            label,
            xy=(x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=7.5,
            zorder=11,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            annotation_clip=True,
            arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkB": 3}
            if far
            else None,
            gid=gid,
        )
        tight = note.get_window_extent()
        # A little air around each label, so that two side by side do not read as one.
        gap = LABEL_GAP_PT * float(ax.figure.dpi) / 72.0
        box = Bbox.from_extents(tight.x0 - gap, tight.y0, tight.x1 + gap, tight.y1)
        overlap = sum(_overlap(box, other) for other in taken)
        outside = box.width * box.height - _overlap(box, frame)
        # Prefer the nearest free place: a small cost per point of distance breaks ties.
        cost = overlap + 4.0 * outside + (0.5 if far else 0.0) * math.hypot(dx, dy)
        if overlap == 0 and outside == 0:
            cost = math.hypot(dx, dy) * 1e-6
        if best is None or cost < best[0]:
            if best is not None:
                best[1].remove()
            best = (cost, note, box)
        else:
            note.remove()
        if overlap == 0 and outside == 0:
            break
    if best is None:
        return False
    taken.append(best[2])
    box = best[2]
    return sum(_overlap(box, other) for other in taken[:-1]) == 0


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(w * h) if w > 0 and h > 0 else 0.0


def _basis_notes(zones: ThreatZones, lang: str) -> list[str]:
    text = _TEXT[lang]
    notes: list[str] = []
    heights = sorted(
        {
            h.plume.release_height_m
            for h in zones.hazards
            if isinstance(h, RoomLeakZones) and h.plume is not None
        }
    )
    if heights:
        shown = "/".join(f"{h:g}" for h in heights)
        notes.append(text["basis_room"].format(h=shown, exposure=zones.exposure_min))
    for hazard in zones.hazards:
        if isinstance(hazard, GasReleaseZones) and hazard.plume is not None:
            notes.append(
                text["basis_gas"].format(
                    sub=hazard.substance,
                    rate=hazard.mass_rate_kg_s,
                    h=hazard.release_height_m,
                    exposure=zones.exposure_min,
                )
            )
        if isinstance(hazard, PipelineZones):
            notes.append(text["basis_pipe"].format(rate=hazard.burning_rate_kg_s))
    return notes


__all__ = [
    "CJK_FAMILIES",
    "CJK_FONT_PACKAGES",
    "FONT_HINT",
    "chinese_font_family",
    "map_language",
    "threat_zone_figure",
]
