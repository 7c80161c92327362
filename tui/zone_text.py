"""The text of `drillsim hazard zones` in Chinese and English.

``scoring.zones`` computes the zones; this says them: the lines of each hazard,
the places inside each zone, and the zone warnings with the hazard by name.
"""

from __future__ import annotations

import math
import re

from scoring.modelnotes import model_note
from scoring.zones import (
    DISPERSION_ZH,
    GasReleaseZones,
    Note,
    PipelineZones,
    Plume,
    RoomLeakZones,
    SitePoint,
    ThreatZones,
)
from sim.physics.pipeline import FT_PER_M
from sim.scenario import Scenario


def seconds(t_s: float | None, lang: str = "en") -> str:
    """A duration in seconds, with minutes beside it from two minutes on."""
    if t_s is None:
        return "never" if lang == "en" else "达不到"
    if t_s < 120:
        return f"{t_s:.1f} s"
    if lang == "en":
        return f"{t_s:.0f} s ({t_s / 60:.1f} min)"
    return f"{t_s:.0f} s（{t_s / 60:.1f} 分钟）"


WORDS = {
    "zh": {
        "weather": "气象：风速 {speed:g} m/s，风来向 {deg:g}°，稳定度 {cls}，气温 {t:g} °C，"
        "{sigma}；室外 AEGL 按 {exposure:g} 分钟",
        "at": "时刻：第 {t:g} 分钟",
        "room": "室内：{loc}（{v:g} m3，每小时换气 {ach:g} 次），泄漏 {sub} {leak:g} L/s",
        "steady": "  稳态浓度 {ppm} ppm，时间常数 {tau}",
        "now": "  该时刻浓度 {ppm} ppm",
        "reach": "  {label}，{ppm:g} ppm：{when}",
        "never": "达不到",
        "after": "泄漏后 {t}",
        "outdoor": "室外：排风 {rate:.3g} g/s，自（{x:g}, {y:g}）m 处、离地 {h:g} m 排出，"
        "烟羽朝 {to:.0f}° 方向",
        "gas": "室外泄漏：{sub}，孔径 {hole:g} mm，表压 {p:.3g} bar，气体温度 {t:g} °C，"
        "流量系数 {cd:g}，泄漏高度 {h:g} m",
        "gas_rate": "  泄漏速率 {rate:.4g} kg/s（{g:.4g} g/s），{regime}",
        "choked": "临界流（壅塞）：P/Pa = {r:.3g} ≥ {rc:.4g}",
        "not_choked": "亚临界流（未壅塞）：P/Pa = {r:.3g} < {rc:.4g}",
        "liquid_out": "液相流出",
        "gas_plume": "  烟羽自（{x:g}, {y:g}）m 朝 {to:.0f}° 方向",
        "not_started": "  该时刻尚未泄漏（第 {t:g} 分钟开始），无烟羽",
        "liquid": "  液相泄漏：液体 {liq:.4g} kg/s，闪蒸率 {f:.3g}，"
        "进入气团 {a:.3g}（闪蒸气加等量雾滴）",
        "empties": "  容器在泄漏开始后 {t:.3g} 分钟排空",
        "empty": "  该时刻容器已排空，无烟羽",
        "no_plume": "室外：无烟羽",
        "zone": "  {label} ≥ {ppm:g} ppm：下风向 {d}，最大半宽 {w:.0f} m；区内：{inside}",
        "zone_none": "  {label} ≥ {ppm:g} ppm：达不到",
        "none": "无",
        "point": "{name}：（{x:g}, {y:g}）m，{extra}",
        "join": "；",
        "pipe": "管道：外径 {d:g} mm，{p:g} MPa，管段 {l:g} km，{ign}",
        "ignited": "着火",
        "unignited": "未着火",
        "pir": "  潜在影响半径 {r:.1f} m（{ft:.0f} ft），中心（{x:g}, {y:g}）m；区内：{inside}",
        "outflow": "  Wilson 泄放：初始 {m0:.4g} kg/s，时间常数 {tau:.0f} s，管存 {inv:.4g} t",
        "fire": "  喷射火燃烧速率 {m:.4g} kg/s（{basis}）",
        "thermal": "  {flux:g} kW/m2：半径 {r:.0f} m；区内：{inside}",
        "assumptions": "  假设：",
        "ppm_at": "{ppm} ppm",
        "away": "距 {d:.0f} m",
        "collapse within 5 min (OSHA)": "5 分钟内晕倒（OSHA）",
        "knock-down (OSHA)": "一两次呼吸即昏倒（OSHA）",
        "unbounded": "“{name}”{label}：下风向 {km:g} km 处仍超过阈值，影响区无边界。",
        "map": "地图：{plot}",
    },
    "en": {
        "weather": "Weather: wind {speed:g} m/s from {deg:g}°, stability {cls}, {t:g} °C, "
        "{sigma} coefficients; outdoor AEGLs for {exposure:g} min",
        "at": "At minute {t:g}",
        "room": "Indoors: {loc} ({v:g} m3, {ach:g} air changes/h), leak {leak:g} L/s {sub}",
        "steady": "  steady state {ppm} ppm, time constant {tau}",
        "now": "  at that time {ppm} ppm",
        "reach": "  {label}, {ppm:g} ppm: {when}",
        "never": "never reached",
        "after": "{t} after the leak starts",
        "outdoor": "Outdoors: exhaust {rate:.3g} g/s from ({x:g}, {y:g}) m, {h:g} m up, "
        "plume towards {to:.0f}°",
        "gas": "Gas release: {sub} through a {hole:g} mm hole at {p:g} barg, gas at {t:g} °C, "
        "Cd {cd:g}, {h:g} m above the ground",
        "gas_rate": "  mass rate {rate:.4g} kg/s ({g:.4g} g/s), {regime}",
        "choked": "choked: P/Pa = {r:.3g} >= {rc:.4g}",
        "not_choked": "not choked: P/Pa = {r:.3g} < {rc:.4g}",
        "liquid_out": "liquid outflow",
        "gas_plume": "  plume from ({x:g}, {y:g}) m towards {to:.0f}°",
        "not_started": "  not released yet at that time (starts at minute {t:g}): no plume",
        "liquid": "  liquid release: {liq:.4g} kg/s of liquid, flash fraction {f:.3g}, "
        "airborne {a:.3g} (flashed vapour and as much aerosol)",
        "empties": "  the vessel is empty {t:.3g} min after the release starts",
        "empty": "  the vessel is empty by then: no plume",
        "no_plume": "Outdoors: no plume",
        "zone": "  {label} >={ppm:g} ppm: {d} downwind, up to {w:.0f} m each side; "
        "inside: {inside}",
        "zone_none": "  {label} >={ppm:g} ppm: not reached",
        "none": "none",
        "pipe": "Pipeline: {d:g} mm, {p:g} MPa, {l:g} km between valves, {ign}",
        "ignited": "ignited",
        "unignited": "not ignited",
        "pir": "  potential impact radius {r:.1f} m ({ft:.0f} ft) around ({x:g}, {y:g}) m; "
        "inside: {inside}",
        "outflow": "  Wilson outflow: initial {m0:.4g} kg/s, time constant {tau:.0f} s, "
        "line pack {inv:.4g} t",
        "fire": "  jet fire burning {m:.4g} kg/s ({basis})",
        "thermal": "  {flux:g} kW/m2: radius {r:.0f} m; inside: {inside}",
        "assumptions": "  Assumptions:",
        "ppm_at": "{ppm} ppm",
        "away": "{d:.0f} m away",
        "point": "{name} ({x:g}, {y:g}) m, {extra}",
        "join": "; ",
        "map": "Map: {plot}",
    },
}


def zone_warning(warning: str, result: ThreatZones, lang: str) -> str | Note:
    """A zone's warning with its hazard by name in Chinese: "“name” AEGL-2 (60 min)：..."."""
    for hz in result.hazards:
        if not warning.startswith(f"{hz.hazard_id} "):
            continue
        rest = warning[len(hz.hazard_id) + 1 :]
        label, sep, text = rest.partition(": ")
        m = re.fullmatch(r"still exceeded ([\d.]+) km downwind; the zone is unbounded\.", text)
        if m:
            zh = WORDS["zh"]["unbounded"].format(name=hz.name, label=label, km=float(m.group(1)))
        elif sep:
            zh = f"“{hz.name}”{label}：{model_note(text, lang)}"
        else:
            break
        return Note(warning, zh)
    return warning


def _distance(d: float | None) -> str:
    if d is None:
        return "-"
    if math.isinf(d):
        return "> 100 km"
    return f"{d / 1000:.2f} km" if d >= 1000 else f"{d:.0f} m"


def _points(points: tuple[SitePoint, ...], lang: str) -> str:
    words = WORDS[lang]
    if not points:
        return words["none"]
    parts = []
    for p in points:
        extra = (
            words["ppm_at"].format(ppm=_ppm(p.concentration_ppm, 3))
            if p.concentration_ppm is not None
            else words["away"].format(d=p.distance_m)
        )
        parts.append(words["point"].format(name=p.label(lang), x=p.x_m, y=p.y_m, extra=extra))
    return words["join"].join(parts)


def zone_lines(world: Scenario, result: ThreatZones, lang: str) -> list[str]:
    words = WORDS[lang]
    title = world.name_en if lang == "en" and world.name_en else world.name
    lines = [
        title,
        words["weather"].format(
            speed=result.wind_speed_m_s,
            deg=result.wind_from_deg,
            cls=result.stability,
            t=result.temperature_c,
            sigma=DISPERSION_ZH[result.coefficients] if lang == "zh" else result.coefficients,
            exposure=result.exposure_min,
        ),
    ]
    if result.at_min is not None:
        lines.append(words["at"].format(t=result.at_min))
    for hz in result.hazards:
        name = hz.name_en if lang == "en" and hz.name_en else hz.name
        lines += ["", name if lang == "zh" else f"[{hz.hazard_id}] {name}"]
        if isinstance(hz, RoomLeakZones):
            lines += _room_lines(hz, lang)
        elif isinstance(hz, GasReleaseZones):
            lines += _gas_release_lines(hz, lang)
        elif isinstance(hz, PipelineZones):
            lines += _pipeline_lines(hz, lang)
        lines.append(words["assumptions"])
        lines += [f"    - {a.text(lang)}" for a in hz.assumptions]
    return lines


def _ppm(ppm: float, digits: int) -> str:
    """A concentration to ``digits`` significant figures, never in exponent form: 45,800
    ppm, not 4.58e+04."""
    rounded = float(f"{ppm:.{digits}g}")
    return f"{rounded:,.0f}" if rounded >= 1000 else f"{ppm:.{digits}g}"


def _leaking(hz: RoomLeakZones, lang: str) -> str:
    """What leaks into a room: the substance, or a mixture holding it (D15)."""
    if hz.substance_fraction >= 1.0:
        return hz.substance
    en, zh = hz.mixture_names or ("a gas mixture", "混合气体")
    if lang == "zh":
        return f"{zh}（{hz.substance} 体积分数 {hz.substance_fraction:.3g}）"
    return f"of {en} ({hz.substance} {hz.substance_fraction:.3g} by volume)"


def _room_lines(hz: RoomLeakZones, lang: str) -> list[str]:
    words = WORDS[lang]
    loc = hz.location_name_en if lang == "en" and hz.location_name_en else hz.location_name
    lines = [
        words["room"].format(
            loc=loc,
            v=hz.volume_m3,
            ach=hz.air_changes_per_h,
            leak=hz.leak_l_s,
            sub=_leaking(hz, lang),
        ),
        words["steady"].format(
            ppm=_ppm(hz.steady_state_ppm, 4), tau=seconds(hz.time_constant_s, lang)
        ),
    ]
    if hz.concentration_ppm != hz.steady_state_ppm:
        lines.append(words["now"].format(ppm=_ppm(hz.concentration_ppm, 4)))
    for th in hz.thresholds:
        when = (
            words["never"]
            if th.time_s is None
            else words["after"].format(t=seconds(th.time_s, lang))
        )
        label = words.get(th.label, th.label)
        lines.append(words["reach"].format(label=label, ppm=th.threshold_ppm, when=when))
    plume = hz.plume
    if plume is None:
        lines.append(words["no_plume"])
        return lines
    lines.append(
        words["outdoor"].format(
            rate=plume.rate_kg_s * 1000,
            x=plume.source_x_m,
            y=plume.source_y_m,
            h=plume.release_height_m,
            to=(plume.wind_from_deg + 180.0) % 360.0,
        )
    )
    return lines + _plume_zone_lines(plume, lang)


def _gas_release_lines(hz: GasReleaseZones, lang: str) -> list[str]:
    words = WORDS[lang]
    regime = (
        words["liquid_out"]
        if hz.phase == "liquid"
        else words["choked" if hz.choked else "not_choked"].format(
            r=hz.pressure_ratio, rc=hz.critical_pressure_ratio
        )
    )
    lines = [
        words["gas"].format(
            sub=hz.substance,
            hole=hz.hole_mm,
            p=hz.pressure_barg,
            t=hz.temperature_c,
            cd=hz.discharge_coefficient,
            h=hz.release_height_m,
        ),
        words["gas_rate"].format(rate=hz.mass_rate_kg_s, g=hz.mass_rate_kg_s * 1000, regime=regime),
    ]
    if hz.phase == "liquid" and hz.liquid_rate_kg_s is not None:
        lines.append(
            words["liquid"].format(
                liq=hz.liquid_rate_kg_s, f=hz.flash_fraction, a=hz.airborne_fraction
            )
        )
    if hz.empties_after_min is not None:
        lines.append(words["empties"].format(t=hz.empties_after_min))
    plume = hz.plume
    if plume is None:
        if hz.x_m is None or hz.y_m is None:
            lines.append(words["no_plume"])
        elif hz.mass_rate_kg_s <= 0:
            lines.append(words["empty"])
        else:
            lines.append(words["not_started"].format(t=hz.starts_at_min))
        return lines
    lines.append(
        words["gas_plume"].format(
            x=plume.source_x_m, y=plume.source_y_m, to=(plume.wind_from_deg + 180.0) % 360.0
        )
    )
    return lines + _plume_zone_lines(plume, lang)


def _plume_zone_lines(plume: Plume, lang: str) -> list[str]:
    """One line per toxic threshold: how far downwind, how wide, and who is inside."""
    words = WORDS[lang]
    lines: list[str] = []
    for zone in plume.zones:
        if zone.distance_m is None:
            lines.append(words["zone_none"].format(label=zone.label, ppm=zone.threshold_ppm))
            continue
        lines.append(
            words["zone"].format(
                label=zone.label,
                ppm=zone.threshold_ppm,
                d=_distance(zone.distance_m),
                w=zone.max_half_width_m,
                inside=_points(zone.inside, lang),
            )
        )
    return lines


def _pipeline_lines(hz: PipelineZones, lang: str) -> list[str]:
    words = WORDS[lang]
    lines = [
        words["pipe"].format(
            d=hz.diameter_mm,
            p=hz.pressure_mpa,
            l=hz.segment_length_km,
            ign=words["ignited"] if hz.ignited else words["unignited"],
        ),
        words["pir"].format(
            r=hz.potential_impact_radius_m,
            ft=hz.potential_impact_radius_m * FT_PER_M,
            x=hz.x_m if hz.x_m is not None else math.nan,
            y=hz.y_m if hz.y_m is not None else math.nan,
            inside=_points(hz.pir_inside, lang),
        ),
        words["outflow"].format(
            m0=hz.initial_rate_kg_s, tau=hz.time_constant_s, inv=hz.inventory_kg / 1000
        ),
        words["fire"].format(m=hz.burning_rate_kg_s, basis=hz.burning_rate_basis.text(lang)),
    ]
    lines += [
        words["thermal"].format(
            flux=z.flux_w_m2 / 1000, r=z.radius_m, inside=_points(z.inside, lang)
        )
        for z in hz.thermal
    ]
    return lines


__all__ = ["WORDS", "seconds", "zone_lines", "zone_warning"]
