"""``drillsim hazard``: a planner's quick calculator over the hazard models.

Each subcommand prints a short result with units, or with ``--json`` one JSON
object on stdout (stable keys, numbers as floats, ``null`` where there is no
number). A model used outside its range is never a silent number: the warnings
go to stderr in text mode and into the ``warnings`` list in JSON.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoring.modelnotes import model_note
from scoring.punctuation import punctuate_zh
from scoring.savedrun import open_run
from scoring.zones import (
    DEFAULT_EXPOSURE_MIN,
    DISPERSION_ZH,
    Note,
    threat_zones,
)
from sim.errors import InputError
from sim.events import EventLog
from sim.hazards import MM_PER_IN, PSI_PER_MPA
from sim.loader import load_scenario_only
from sim.physics.infiltration import classify_oxygen, oxygen_percent
from sim.physics.liquefied import liquefied_gas, liquid_release
from sim.physics.outflow import pipeline_rupture
from sim.physics.pipeline import FT_PER_M, potential_impact_radius_m
from sim.physics.plume import (
    COEFFICIENT_SETS,
    STABILITY_CLASSES,
    CoefficientSet,
    StabilityClass,
    dispersion_coefficients_m,
    kg_m3_to_ppm,
    plume_concentration_kg_m3,
)
from sim.physics.probit import toxic_death_probability, toxic_load, toxic_probit
from sim.physics.room import RoomState, room_time_to_reach
from sim.physics.source import (
    ATM_PA,
    ZERO_C_K,
    GasProperties,
    gas_blowdown,
    gas_properties,
    hole_release,
    mass_to_volumetric_rate_l_s,
)
from sim.physics.validity import check_validity
from sim.scenario import Scenario
from tui.problems import error_line
from tui.zone_text import WORDS, seconds, zone_lines, zone_warning

BAR_PA = 100_000.0
PASQUILL_SIGMA_Z_CAP_M = 5000.0


if TYPE_CHECKING:  # click 8.2 made ParamType generic; older clicks are not subscriptable
    _FloatParam = click.ParamType[float]
else:
    _FloatParam = click.ParamType


class Number(_FloatParam):
    """A finite number within bounds, with the unit in the error message."""

    name = "number"

    def __init__(
        self,
        unit: str,
        *,
        minimum: float | None = None,
        above: float | None = None,
        maximum: float | None = None,
    ) -> None:
        self.unit = unit
        self.minimum = minimum
        self.above = above
        self.maximum = maximum

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        if isinstance(value, float):
            number = value
        else:
            try:
                number = float(value)
            except (TypeError, ValueError):
                self.fail(
                    f"expected a number ({self.unit or 'no unit'}), found {value!r}", param, ctx
                )
        unit = f" {self.unit}" if self.unit else ""
        if not math.isfinite(number):
            self.fail(f"expected a finite number{unit}, found {value!r}", param, ctx)
        if self.above is not None and not number > self.above:
            self.fail(f"expected more than {self.above:g}{unit}, found {number:g}", param, ctx)
        if self.minimum is not None and number < self.minimum:
            self.fail(f"expected at least {self.minimum:g}{unit}, found {number:g}", param, ctx)
        if self.maximum is not None and number > self.maximum:
            self.fail(f"expected at most {self.maximum:g}{unit}, found {number:g}", param, ctx)
        return number


def _positive(unit: str) -> Number:
    return Number(unit, above=0.0)


def _celsius() -> Number:
    return Number("°C", above=-ZERO_C_K, maximum=1000.0)


JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of text."
)
LANG_OPTION = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True
)
STABILITY = click.Choice(STABILITY_CLASSES, case_sensitive=False)
SIGMA = click.Choice(COEFFICIENT_SETS, case_sensitive=False)


def _json_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def _emit(
    as_json: bool,
    data: dict[str, Any],
    lines: list[str],
    warnings: list[str | Note],
    lang: str = "en",
) -> None:
    """JSON with its ``warnings`` (in English), or text on stdout and the warnings on
    stderr in ``lang``."""
    if as_json:
        english = [w.en if isinstance(w, Note) else w for w in warnings]
        payload = _json_value({**data, "warnings": english})
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False))
        return
    for line in lines:
        click.echo(punctuate_zh(line) if lang == "zh" else line)
    for warning in warnings:
        if lang == "en":
            text = warning.en if isinstance(warning, Note) else warning
            click.echo(f"warning: {text}", err=True)
        else:
            text = warning.zh if isinstance(warning, Note) else model_note(warning, lang)
            click.echo(f"警告：{punctuate_zh(text)}", err=True)


_GAS_ZH = {
    "hydrogen sulfide": "硫化氢",
    "chlorine": "氯气",
    "ammonia": "氨",
    "carbon monoxide": "一氧化碳",
    "methane": "甲烷",
    "natural gas": "天然气",
    "propane": "丙烷",
    "carbon dioxide": "二氧化碳",
    "nitrogen": "氮气",
    "air": "空气",
    "H2S": "硫化氢",
    "Cl2": "氯气",
    "NH3": "氨",
    "CO": "一氧化碳",
}
_OXYGEN_ZH = {
    "normal": "正常",
    "oxygen deficient (below 19.5 %)": "缺氧（低于 19.5 %）",
    "impaired judgement and coordination (below 16 %)": "判断力和协调能力受损（低于 16 %）",
    "unconsciousness (below 10 %)": "意识丧失（低于 10 %）",
    "death within minutes (below 6 %)": "数分钟内死亡（低于 6 %）",
}
_PROBIT_SOURCE_ZH = {
    "Withers and Lees (1985)": "Withers 和 Lees，1985",
    "Crowl and Louvar, Chemical Process Safety, Table 2-5": (
        "Crowl 和 Louvar，《化工过程安全》表 2-5"
    ),
}


def _gas_zh(name: str, formula: str | None = None) -> str:
    """A gas by its Chinese name, its formula after it: 硫化氢（H2S）."""
    zh = _GAS_ZH.get(name, name)
    shown = formula or (name if name in _GAS_ZH and name[0].isupper() else None)
    if shown is None or shown == "air" or zh == shown:
        return zh
    return f"{zh}（{shown}）"


def _gas(name: str, option: str = "--gas") -> GasProperties:
    try:
        return gas_properties(name)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint=f"'{option}'") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def hazard() -> None:
    """A planner's quick calculator: gas releases, plumes, rooms, pipelines, probits, zones."""


@hazard.command()
@click.option("--gas", required=True, help="Gas name or formula: propane, H2S, natural gas...")
@click.option("--hole-mm", type=_positive("mm"), required=True, help="Hole diameter, mm.")
@click.option(
    "--pressure-barg", type=_positive("barg"), required=True, help="Pressure upstream, bar gauge."
)
@click.option(
    "--temperature-c", type=_celsius(), default=25.0, show_default=True, help="Gas temperature."
)
@click.option(
    "--cd",
    type=Number("", above=0.0, maximum=1.0),
    default=1.0,
    show_default=True,
    help="Discharge coefficient (1.0 is the conservative choice, 0.61 a sharp-edged orifice).",
)
@JSON_OPTION
@LANG_OPTION
def release(
    gas: str,
    hole_mm: float,
    pressure_barg: float,
    temperature_c: float,
    cd: float,
    as_json: bool,
    lang: str,
) -> None:
    """Gas flow out of a hole: mass rate and whether it is choked.

    CCPS 1999; docs/REFERENCE.md D3."""
    props = _gas(gas)
    pressure_pa = pressure_barg * BAR_PA + ATM_PA
    result = hole_release(
        hole_diameter_m=hole_mm / 1000.0,
        pressure_pa_abs=pressure_pa,
        temperature_k=temperature_c + ZERO_C_K,
        molecular_weight_g_mol=props.molecular_weight_g_mol,
        heat_capacity_ratio=props.heat_capacity_ratio,
        discharge_coefficient=cd,
    )
    ratio = pressure_pa / ATM_PA
    volume_l_s = mass_to_volumetric_rate_l_s(result.mass_rate_kg_s, props.molecular_weight_g_mol)
    warnings: list[str | Note] = []
    data = {
        "gas": props.name,
        "formula": props.formula,
        "molecular_weight_g_mol": props.molecular_weight_g_mol,
        "heat_capacity_ratio": props.heat_capacity_ratio,
        "hole_mm": hole_mm,
        "pressure_barg": pressure_barg,
        "temperature_c": temperature_c,
        "discharge_coefficient": cd,
        "mass_rate_kg_s": result.mass_rate_kg_s,
        "choked": result.choked,
        "pressure_ratio": ratio,
        "critical_pressure_ratio": result.critical_pressure_ratio,
        "volume_rate_l_s": volume_l_s,
    }
    regime = (
        f"choked (P/Pa = {ratio:.3g} >= {result.critical_pressure_ratio:.4g})"
        if result.choked
        else f"not choked (P/Pa = {ratio:.3g} < {result.critical_pressure_ratio:.4g})"
    )
    lines = [
        f"{props.name} ({props.formula}), {hole_mm:g} mm hole at {pressure_barg:g} barg, "
        f"{temperature_c:g} °C, Cd {cd:g}",
        f"mass rate: {result.mass_rate_kg_s:.4g} kg/s ({result.mass_rate_kg_s * 1000:.4g} g/s), "
        f"{regime}",
        f"as gas at 25 °C, 1 atm: {volume_l_s:.4g} L/s",
    ]
    if lang == "zh":
        regime = (
            f"临界流（P/Pa = {ratio:.3g} ≥ {result.critical_pressure_ratio:.4g}）"
            if result.choked
            else f"亚临界流（P/Pa = {ratio:.3g} < {result.critical_pressure_ratio:.4g}）"
        )
        lines = [
            f"{_gas_zh(props.name, props.formula)}，孔径 {hole_mm:g} mm，"
            f"表压 {pressure_barg:g} bar，"
            f"{temperature_c:g} °C，流量系数 {cd:g}",
            f"质量流量：{result.mass_rate_kg_s:.4g} kg/s"
            f"（{result.mass_rate_kg_s * 1000:.4g} g/s），"
            f"{regime}",
            f"折合 25 °C、1 atm 下的气体：{volume_l_s:.4g} L/s",
        ]
    _emit(as_json, data, lines, warnings, lang)


@hazard.command()
@click.option("--gas", required=True, help="Liquefied gas: Cl2, NH3 or LPG (propane).")
@click.option("--hole-mm", type=_positive("mm"), required=True, help="Hole diameter, mm.")
@click.option(
    "--temperature-c", type=_celsius(), default=20.0, show_default=True, help="Liquid temperature."
)
@click.option(
    "--pressure-barg",
    type=_positive("barg"),
    help="Vessel pressure, bar gauge; default: the vapour pressure at the temperature.",
)
@click.option(
    "--cd",
    type=Number("", above=0.0, maximum=1.0),
    default=0.61,
    show_default=True,
    help="Discharge coefficient of the hole for liquid.",
)
@click.option("--inventory-kg", type=_positive("kg"), help="Liquid in the vessel, kg.")
@JSON_OPTION
@LANG_OPTION
def liquefied(
    gas: str,
    hole_mm: float,
    temperature_c: float,
    pressure_barg: float | None,
    cd: float,
    inventory_kg: float | None,
    as_json: bool,
    lang: str,
) -> None:
    """Liquefied gas out of a hole below the liquid level: liquid rate, flash fraction and the
    airborne part (Crowl and Louvar §4-8, §4-9; CCPS 1999; docs/REFERENCE.md D9)."""
    try:
        props = liquefied_gas(gas)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--gas") from None
    result = liquid_release(
        gas=props,
        hole_diameter_m=hole_mm / 1000.0,
        temperature_k=temperature_c + ZERO_C_K,
        pressure_pa_abs=None if pressure_barg is None else pressure_barg * BAR_PA + ATM_PA,
        discharge_coefficient=cd,
        inventory_kg=math.inf if inventory_kg is None else inventory_kg,
    )
    gauge = (result.pressure_pa_abs - ATM_PA) / BAR_PA
    data: dict[str, Any] = {
        "gas": props.name,
        "formula": props.formula,
        "hole_mm": hole_mm,
        "temperature_c": temperature_c,
        "pressure_barg": gauge,
        "discharge_coefficient": cd,
        "liquid_rate_kg_s": result.mass_rate_kg_s,
        "flash_fraction": result.flash_fraction,
        "airborne_fraction": result.airborne_fraction,
        "airborne_rate_kg_s": result.airborne_rate_kg_s,
        "inventory_kg": inventory_kg,
        "duration_s": None if math.isinf(result.duration_s) else result.duration_s,
    }
    source = "vapour pressure" if pressure_barg is None else "given"
    lines = [
        f"{props.name} ({props.formula}) liquid at {temperature_c:g} °C, {gauge:.3g} barg "
        f"({source}), {hole_mm:g} mm hole, Cd {cd:g}",
        f"liquid rate: {result.mass_rate_kg_s:.4g} kg/s",
        f"flash fraction: {result.flash_fraction:.3g}; airborne (vapour + as much aerosol): "
        f"{result.airborne_fraction:.3g} = {result.airborne_rate_kg_s:.4g} kg/s",
    ]
    if inventory_kg is not None:
        lines.append(f"{inventory_kg:g} kg empties in {seconds(result.duration_s)}")
    if lang == "zh":
        source = "饱和蒸气压" if pressure_barg is None else "给定值"
        lines = [
            f"液态{_gas_zh(props.name, props.formula)}，{temperature_c:g} °C，"
            f"表压 {gauge:.3g} bar（{source}），"
            f"孔径 {hole_mm:g} mm，流量系数 {cd:g}",
            f"液体流量：{result.mass_rate_kg_s:.4g} kg/s",
            f"闪蒸率：{result.flash_fraction:.3g}；进入气团（闪蒸气加等量雾滴）："
            f"{result.airborne_fraction:.3g}，即 {result.airborne_rate_kg_s:.4g} kg/s",
        ]
        if inventory_kg is not None:
            lines.append(f"{inventory_kg:g} kg 在 {seconds(result.duration_s, lang)}后泄完")
    _emit(as_json, data, lines, [], lang)


@hazard.command()
@click.option("--gas", required=True, help="Gas name or formula: Cl2, NH3, H2S, propane...")
@click.option("--volume-m3", type=_positive("m3"), required=True, help="Vessel volume, m3.")
@click.option("--hole-mm", type=_positive("mm"), required=True, help="Hole diameter, mm.")
@click.option(
    "--pressure-barg", type=_positive("barg"), required=True, help="Initial pressure, bar gauge."
)
@click.option(
    "--temperature-c", type=_celsius(), default=20.0, show_default=True, help="Gas temperature."
)
@click.option(
    "--cd",
    type=Number("", above=0.0, maximum=1.0),
    default=1.0,
    show_default=True,
    help="Discharge coefficient.",
)
@JSON_OPTION
@LANG_OPTION
def blowdown(
    gas: str,
    volume_m3: float,
    hole_mm: float,
    pressure_barg: float,
    temperature_c: float,
    cd: float,
    as_json: bool,
    lang: str,
) -> None:
    """A vessel of compressed gas emptying through a hole: the rate falls with the pressure
    (isothermal blowdown, CCPS 1999 orifice flow; docs/REFERENCE.md D10)."""
    props = _gas(gas)
    result = gas_blowdown(
        vessel_volume_m3=volume_m3,
        hole_diameter_m=hole_mm / 1000.0,
        pressure_pa_abs=pressure_barg * BAR_PA + ATM_PA,
        temperature_k=temperature_c + ZERO_C_K,
        molecular_weight_g_mol=props.molecular_weight_g_mol,
        heat_capacity_ratio=props.heat_capacity_ratio,
        discharge_coefficient=cd,
    )
    data: dict[str, Any] = {
        "gas": props.name,
        "volume_m3": volume_m3,
        "hole_mm": hole_mm,
        "pressure_barg": pressure_barg,
        "temperature_c": temperature_c,
        "discharge_coefficient": cd,
        "initial_mass_kg": result.initial_mass_kg,
        "initial_rate_kg_s": result.rates_kg_s[0],
        "time_constant_s": result.time_constant_s,
        "duration_s": result.duration_s,
    }
    lines = [
        f"{props.name} ({props.formula}), {volume_m3:g} m3 at {pressure_barg:g} barg, "
        f"{temperature_c:g} °C, {hole_mm:g} mm hole, Cd {cd:g}",
        f"holds {result.initial_mass_kg:.4g} kg; first rate {result.rates_kg_s[0]:.4g} kg/s",
        f"pressure e-folding time (choked): {seconds(result.time_constant_s)}",
        f"empty (atmospheric) after {seconds(result.duration_s)}",
    ]
    if lang == "zh":
        lines = [
            f"{_gas_zh(props.name, props.formula)}，容器 {volume_m3:g} m3，"
            f"表压 {pressure_barg:g} bar，"
            f"{temperature_c:g} °C，孔径 {hole_mm:g} mm，流量系数 {cd:g}",
            f"存量 {result.initial_mass_kg:.4g} kg；初始流量 {result.rates_kg_s[0]:.4g} kg/s",
            f"压力下降到 1/e 的时间（临界流）：{seconds(result.time_constant_s, lang)}",
            f"降至大气压（排空）：{seconds(result.duration_s, lang)}",
        ]
    _emit(as_json, data, lines, [], lang)


@hazard.command()
@click.option("--rate-kg-s", type=_positive("kg/s"), required=True, help="Release rate, kg/s.")
@click.option("--wind-m-s", type=_positive("m/s"), required=True, help="Wind speed at 10 m.")
@click.option("--stability", type=STABILITY, required=True, help="Pasquill stability class.")
@click.option("--distance-m", type=_positive("m"), required=True, help="Downwind distance.")
@click.option("--crosswind-m", type=Number("m"), default=0.0, show_default=True)
@click.option(
    "--height-m",
    type=Number("m", minimum=0.0),
    default=0.0,
    show_default=True,
    help="Effective release height.",
)
@click.option("--receptor-height-m", type=Number("m", minimum=0.0), default=0.0, show_default=True)
@click.option("--sigma", type=SIGMA, default="pasquill-gifford", show_default=True)
@click.option("--gas", help="Gas name or formula, to give the concentration in ppm too.")
@click.option(
    "--temperature-c",
    type=_celsius(),
    default=25.0,
    show_default=True,
    help="Air temperature for the ppm conversion.",
)
@JSON_OPTION
@LANG_OPTION
def plume(
    rate_kg_s: float,
    wind_m_s: float,
    stability: str,
    distance_m: float,
    crosswind_m: float,
    height_m: float,
    receptor_height_m: float,
    sigma: str,
    gas: str | None,
    temperature_c: float,
    as_json: bool,
    lang: str,
) -> None:
    """Gaussian plume concentration at one receptor.

    Turner 1970; docs/REFERENCE.md D1, D4."""
    cls: StabilityClass = _stability(stability)
    coefficients: CoefficientSet = _coefficients(sigma)
    props = _gas(gas) if gas else None
    concentration = plume_concentration_kg_m3(
        rate_kg_s=rate_kg_s,
        wind_speed_m_s=wind_m_s,
        x_m=distance_m,
        y_m=crosswind_m,
        z_m=receptor_height_m,
        release_height_m=height_m,
        stability=cls,
        coefficients=coefficients,
    )
    sy, sz = dispersion_coefficients_m(distance_m, cls, coefficients)
    sigma_y, sigma_z = float(sy), float(sz)
    warnings: list[str | Note] = list(
        check_validity(wind_speed_m_s=wind_m_s, stability=cls, distance_m=distance_m)
    )
    if coefficients == "pasquill-gifford" and sigma_z >= PASQUILL_SIGMA_Z_CAP_M:
        warnings.append(
            Note(
                f"sigma_z is capped at {PASQUILL_SIGMA_Z_CAP_M:g} m (ISC3).",
                f"垂直扩散参数 σz 取上限 {PASQUILL_SIGMA_Z_CAP_M:g} m（ISC3）。",
            )
        )
    data: dict[str, Any] = {
        "rate_kg_s": rate_kg_s,
        "wind_m_s": wind_m_s,
        "stability": cls,
        "distance_m": distance_m,
        "crosswind_m": crosswind_m,
        "height_m": height_m,
        "receptor_height_m": receptor_height_m,
        "sigma": coefficients,
        "concentration_kg_m3": concentration,
        "concentration_mg_m3": concentration * 1e6,
        "sigma_y_m": sigma_y,
        "sigma_z_m": sigma_z,
    }
    lines = [
        f"{rate_kg_s:g} kg/s released at {height_m:g} m, wind {wind_m_s:g} m/s, class {cls}, "
        f"{coefficients}",
        f"at {distance_m:g} m downwind, {crosswind_m:g} m crosswind, {receptor_height_m:g} m up:",
        f"  concentration {concentration:.4g} kg/m3 ({concentration * 1e6:.4g} mg/m3)",
    ]
    if props is not None:
        ppm = kg_m3_to_ppm(concentration, props.molecular_weight_g_mol, temperature_c + ZERO_C_K)
        data["gas"] = props.name
        data["concentration_ppm"] = ppm
        lines.append(f"  {ppm:.4g} ppm of {props.name} at {temperature_c:g} °C")
    lines.append(f"  sigma_y {sigma_y:.1f} m, sigma_z {sigma_z:.1f} m")
    if lang == "zh":
        lines = [
            f"泄漏 {rate_kg_s:g} kg/s，源高 {height_m:g} m，风速 {wind_m_s:g} m/s，"
            f"稳定度 {cls}，{DISPERSION_ZH[coefficients]}",
            f"下风向 {distance_m:g} m、横风向 {crosswind_m:g} m、离地 {receptor_height_m:g} m 处：",
            f"  浓度 {concentration:.4g} kg/m3（{concentration * 1e6:.4g} mg/m3）",
        ]
        if props is not None:
            lines.append(
                f"  {temperature_c:g} °C 下{_gas_zh(props.name, props.formula)}"
                f"{data['concentration_ppm']:.4g} ppm"
            )
        lines.append(f"  σy {sigma_y:.1f} m，σz {sigma_z:.1f} m")
    _emit(as_json, data, lines, warnings, lang)


def _stability(value: str) -> StabilityClass:
    for cls in STABILITY_CLASSES:
        if cls == value.upper():
            return cls
    raise click.BadParameter(f"expected one of A-F, found {value!r}")


def _coefficients(value: str) -> CoefficientSet:
    for name in COEFFICIENT_SETS:
        if name == value.lower():
            return name
    raise click.BadParameter(f"expected one of {', '.join(COEFFICIENT_SETS)}, found {value!r}")


@hazard.command()
@click.option("--volume-m3", type=_positive("m3"), required=True, help="Free air volume.")
@click.option(
    "--ach",
    type=Number("air changes/h", minimum=0.0),
    required=True,
    help="Ventilation, air changes per hour.",
)
@click.option(
    "--leak-l-s",
    type=_positive("L/s"),
    required=True,
    help="Leak, litres per second of the gas that escapes (the pure gas, or its mixture).",
)
@click.option("--threshold-ppm", type=_positive("ppm"), required=True)
@click.option(
    "--substance-fraction",
    type=Number("by volume", above=0.0, maximum=1.0),
    default=1.0,
    show_default=True,
    help="The toxic gas's volume fraction of what leaks: 0.25 for the CO of blast-furnace "
    "gas (D15). The threshold is the toxic gas's; all of the gas displaces oxygen.",
)
@JSON_OPTION
@LANG_OPTION
def room(
    volume_m3: float,
    ach: float,
    leak_l_s: float,
    threshold_ppm: float,
    substance_fraction: float,
    as_json: bool,
    lang: str,
) -> None:
    """Leak into a well-mixed ventilated room: steady state and time to a threshold (D6)."""
    state = RoomState(volume_m3, ach, leak_l_s / 1000.0, substance_fraction=substance_fraction)
    reached = room_time_to_reach(state, threshold_ppm)
    steady = state.steady_state_ppm
    oxygen = oxygen_percent(steady / substance_fraction)
    warnings: list[str | Note] = []
    if ach == 0:
        warnings.append(
            Note(
                "No ventilation: the gas accumulates until the room holds only gas; "
                "leakage through the building envelope is not modelled.",
                "无通风：气体不断积聚，直至室内全是该气体；未计经建筑围护结构的渗漏。",
            )
        )
    data = {
        "volume_m3": volume_m3,
        "ach": ach,
        "leak_l_s": leak_l_s,
        "threshold_ppm": threshold_ppm,
        "steady_state_ppm": steady,
        "time_to_threshold_s": reached,
        "time_constant_s": 1.0 / state.rate_per_s,
        "steady_state_oxygen_percent": oxygen,
        "substance_fraction": substance_fraction,
    }
    share_en = share_zh = ""
    if substance_fraction < 1.0:
        share_en = f" of gas holding {substance_fraction:g} of the substance by volume"
        share_zh = f"（其中有毒气体体积分数 {substance_fraction:g}）"
    lines = [
        f"room {volume_m3:g} m3, {ach:g} air changes/h, leak {leak_l_s:g} L/s{share_en}",
        f"steady state: {steady:.4g} ppm (oxygen {oxygen:.1f} %: {classify_oxygen(oxygen).value})",
        f"time constant V/(Q+G): {seconds(1.0 / state.rate_per_s)}",
        f"{threshold_ppm:g} ppm reached after: {seconds(reached)}",
    ]
    if lang == "zh":
        lines = [
            f"房间 {volume_m3:g} m3，每小时换气 {ach:g} 次，泄漏 {leak_l_s:g} L/s{share_zh}",
            f"稳态浓度：{steady:.4g} ppm"
            f"（氧气 {oxygen:.1f} %：{_OXYGEN_ZH[classify_oxygen(oxygen).value]}）",
            f"时间常数 τ = V/(Q+G) = {seconds(1.0 / state.rate_per_s, lang)}",
            f"达到 {threshold_ppm:g} ppm 的时间：{seconds(reached, lang)}",
        ]
    _emit(as_json, data, lines, warnings, lang)


@hazard.command()
@click.option("--diameter-in", type=_positive("in"), help="Nominal diameter, inches.")
@click.option("--diameter-mm", type=_positive("mm"), help="Outside diameter, mm.")
@click.option("--pressure-psig", type=_positive("psig"), help="Maximum operating pressure, psig.")
@click.option("--pressure-mpa", type=_positive("MPa"), help="Operating pressure, MPa gauge.")
@click.option(
    "--length-km",
    type=_positive("km"),
    help="Length between block valves: adds the line pack and Wilson's initial outflow.",
)
@click.option(
    "--temperature-c",
    type=_celsius(),
    default=15.0,
    show_default=True,
    help="Gas temperature, for the line pack and outflow.",
)
@JSON_OPTION
@LANG_OPTION
def pipeline(
    diameter_in: float | None,
    diameter_mm: float | None,
    pressure_psig: float | None,
    pressure_mpa: float | None,
    length_km: float | None,
    temperature_c: float,
    as_json: bool,
    lang: str,
) -> None:
    """Natural-gas pipeline rupture: potential impact radius.

    49 CFR 192.903; docs/REFERENCE.md P1."""
    if (diameter_in is None) == (diameter_mm is None):
        raise click.UsageError("give the diameter once: --diameter-in or --diameter-mm")
    if (pressure_psig is None) == (pressure_mpa is None):
        raise click.UsageError("give the pressure once: --pressure-psig or --pressure-mpa")
    d_in = diameter_in if diameter_in is not None else (diameter_mm or 0.0) / MM_PER_IN
    p_psig = pressure_psig if pressure_psig is not None else (pressure_mpa or 0.0) * PSI_PER_MPA
    radius = potential_impact_radius_m(d_in, p_psig)
    p_mpa = p_psig / PSI_PER_MPA
    data: dict[str, Any] = {
        "diameter_in": d_in,
        "diameter_mm": d_in * MM_PER_IN,
        "pressure_psig": p_psig,
        "pressure_mpa": p_mpa,
        "radius_m": radius,
        "radius_ft": radius * FT_PER_M,
    }
    lines = [
        f"pipeline {d_in:.4g} in ({d_in * MM_PER_IN:.0f} mm) "
        f"at {p_psig:.4g} psig ({p_mpa:.3g} MPa)",
        f"potential impact radius: {radius:.1f} m ({radius * FT_PER_M:.1f} ft)",
    ]
    if lang == "zh":
        lines = [
            f"管道 {d_in:.4g} in（{d_in * MM_PER_IN:.0f} mm），"
            f"{p_psig:.4g} psig（{p_mpa:.3g} MPa）",
            f"潜在影响半径：{radius:.1f} m（{radius * FT_PER_M:.1f} ft）",
        ]
    warnings: list[str | Note] = []
    if length_km is not None:
        gas = gas_properties("natural gas")
        outflow = pipeline_rupture(
            diameter_m=d_in * MM_PER_IN / 1000.0,
            section_length_m=length_km * 1000.0,
            pressure_pa_abs=p_mpa * 1e6 + ATM_PA,
            temperature_k=temperature_c + ZERO_C_K,
            molecular_weight_g_mol=gas.molecular_weight_g_mol,
            heat_capacity_ratio=gas.heat_capacity_ratio,
        )
        data.update(
            length_km=length_km,
            temperature_c=temperature_c,
            inventory_kg=outflow.inventory_kg,
            initial_rate_kg_s=outflow.initial_rate_kg_s,
            time_constant_s=outflow.time_constant_s,
        )
        lines += (
            [
                f"{length_km:g} km 管段的管存：{outflow.inventory_kg / 1000:.4g} t",
                f"Wilson 泄放（双端断裂）：初始 {outflow.initial_rate_kg_s:.4g} kg/s，"
                f"时间常数 {outflow.time_constant_s:.0f} s",
            ]
            if lang == "zh"
            else [
                f"line pack over {length_km:g} km: {outflow.inventory_kg / 1000:.4g} t",
                f"Wilson outflow (double-ended break): initial "
                f"{outflow.initial_rate_kg_s:.4g} kg/s, "
                f"time constant {outflow.time_constant_s:.0f} s",
            ]
        )
        if p_mpa > 1.0:
            warnings.append(
                Note(
                    f"Line pack as an ideal gas (Z = 1): at {p_mpa:.3g} MPa natural gas is "
                    "compressible and the section holds more (10-15 % more at 7 MPa).",
                    f"管存按理想气体（Z = 1）计算：{p_mpa:.3g} MPa 下天然气可压缩，"
                    "管段实际存量更多（7 MPa 时多 10-15 %）。",
                )
            )
    _emit(as_json, data, lines, warnings, lang)


@hazard.command()
@click.option(
    "--substance",
    type=click.Choice(["H2S", "Cl2", "NH3"], case_sensitive=False),
    required=True,
)
@click.option("--ppm", type=_positive("ppm"), required=True, help="Constant concentration.")
@click.option("--minutes", type=_positive("min"), required=True, help="Exposure duration.")
@JSON_OPTION
@LANG_OPTION
def probit(substance: str, ppm: float, minutes: float, as_json: bool, lang: str) -> None:
    """Probability of death from a constant toxic exposure (probit).

    docs/REFERENCE.md, "Toxic lethality probits"."""
    constants = toxic_probit(substance)
    probability = toxic_death_probability(constants.substance, ppm, minutes)
    load = toxic_load([ppm], [minutes], constants.n)
    y = constants.a + constants.b * math.log(load)
    data = {
        "substance": constants.substance,
        "ppm": ppm,
        "minutes": minutes,
        "probability": probability,
        "probit": y,
        "toxic_load": load,
        "a": constants.a,
        "b": constants.b,
        "n": constants.n,
        "source": constants.source,
    }
    lines = [
        f"{constants.substance} at {ppm:g} ppm for {minutes:g} min",
        f"probability of death: {probability:.3g} ({probability * 100:.1f} %)",
        f"probit Y = {constants.a:g} + {constants.b:g} ln(C^{constants.n:g} t) = {y:.3f}  "
        f"({constants.source})",
    ]
    if lang == "zh":
        lines = [
            f"{_gas_zh(constants.substance)}{ppm:g} ppm，暴露 {minutes:g} 分钟",
            f"死亡概率：{probability:.3g}（{probability * 100:.1f} %）",
            f"概率单位 Y = {constants.a:g} + {constants.b:g} ln(C^{constants.n:g} t) = {y:.3f}"
            f"（{_PROBIT_SOURCE_ZH.get(constants.source, constants.source)}）",
        ]
    _emit(as_json, data, lines, [], lang)


def _run_history(run_dir: Path, world: Scenario, lang: str) -> EventLog:
    try:
        saved = open_run(run_dir)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(error_line(problem, lang), err=True)
        sys.exit(2)
    if saved.loaded.scenario.id != world.id:
        click.echo(
            f"error: {run_dir}: expected a run of scenario '{world.id}', found a run of "
            f"'{saved.loaded.scenario.id}'"
            if lang == "en"
            else f"错误：{run_dir}：应为情景“{world.name}”的推演，实际为情景"
            f"“{saved.loaded.scenario.name}”的推演",
            err=True,
        )
        sys.exit(2)
    return saved.log


def _load(path: Path, lang: str) -> Scenario:
    try:
        scenario, _ = load_scenario_only(path)
    except InputError as exc:
        for problem in exc.problems:
            click.echo(error_line(problem, lang), err=True)
        sys.exit(2)
    except OSError as exc:
        label = "error: " if lang == "en" else "错误："
        click.echo(f"{label}{exc.filename or path}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    return scenario


@hazard.command()
@click.argument("scenario", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--at-min", type=Number("min", minimum=0.0), help="Scenario minute to look at.")
@click.option(
    "--run",
    "run_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="With --at-min: take the wind, valve closures and release changes from this run "
    "(a folder written by drillsim run) instead of the scenario's timed injects.",
)
@click.option(
    "--exposure-min",
    type=_positive("min"),
    default=DEFAULT_EXPOSURE_MIN,
    show_default=True,
    help="Exposure duration for the outdoor AEGLs.",
)
@click.option("--wind-m-s", type=_positive("m/s"), help="Override the scenario's wind speed.")
@click.option(
    "--wind-from-deg",
    type=Number("°", minimum=0.0, maximum=360.0),
    help="Override the direction the wind blows from.",
)
@click.option("--stability", type=STABILITY, help="Override the stability class.")
@click.option(
    "--sigma",
    type=SIGMA,
    help="Override the dispersion coefficients (default: the scenario's weather.dispersion).",
)
@click.option("--plot", type=click.Path(path_type=Path, dir_okay=False), help="Write a PNG map.")
@click.option("--dpi", type=click.IntRange(50, 600), default=150, show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@JSON_OPTION
def zones(
    scenario: Path,
    at_min: float | None,
    run_dir: Path | None,
    exposure_min: float,
    wind_m_s: float | None,
    wind_from_deg: float | None,
    stability: str | None,
    sigma: str | None,
    plot: Path | None,
    dpi: int,
    lang: str,
    as_json: bool,
) -> None:
    """Threat zones of a scenario's hazards, and which site locations they cover."""
    world = _load(scenario, lang)
    history = None
    if run_dir is not None:
        if at_min is None:
            click.echo(
                "error: --run: give --at-min, the minute of the run to look at"
                if lang == "en"
                else "错误：--run 需同时给出 --at-min，即要查看的推演分钟",
                err=True,
            )
            sys.exit(2)
        history = _run_history(run_dir, world, lang)
    result = threat_zones(
        world,
        at_min=at_min,
        history=history,
        wind_speed_m_s=wind_m_s,
        wind_from_deg=wind_from_deg,
        stability=_stability(stability) if stability else None,
        exposure_min=exposure_min,
        coefficients=_coefficients(sigma) if sigma else None,
    )
    warnings: list[str | Note] = [zone_warning(w, result, lang) for w in result.warnings]
    data = result.to_dict()
    if plot is not None:
        from scoring.zonemap import FONT_HINT, map_language, threat_zone_figure

        if map_language(lang) != lang:
            warnings.append(
                Note(
                    f"No CJK font found: the map is labelled in English ({FONT_HINT}).",
                    f"未找到中文字体，地图标注改用英文（{FONT_HINT}）。",
                )
            )
        figure = threat_zone_figure(world, result, lang)
        try:
            figure.savefig(plot, dpi=dpi)
        except OSError as exc:
            click.echo(f"error: {plot}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        data["plot"] = str(plot)
    lines = zone_lines(world, result, lang)
    if plot is not None:
        lines.append(WORDS[lang]["map"].format(plot=plot))
    _emit(as_json, data, lines, warnings, lang)


__all__ = ["hazard"]
