"""A toxic gas escaping as part of a mixture: the mixture's gas data and the toxic share.

Much toxic gas leaves a hole mixed with other gases: blast-furnace gas (高炉煤气) is about
a quarter carbon monoxide, coke-oven gas (焦炉煤气) a few per cent, sour natural gas at a
well blowout a few to over ten per cent hydrogen sulfide. The hole passes the mixture;
the air downwind holds the toxic component's share of it (docs/REFERENCE.md D15).

An ideal-gas mixture of mole (volume) fractions y_i:

- molar mass M = sum y_i M_i;
- heat-capacity ratio k = sum y_i Cp_i / sum y_i Cv_i, with Cv_i = R / (k_i - 1) and
  Cp_i = k_i R / (k_i - 1): the molar heat capacities of an ideal-gas mixture are the
  mole-fraction averages of its components' (Smith, Van Ness and Abbott, *Introduction to
  Chemical Engineering Thermodynamics*, the ideal-gas mixture model), and Cp - Cv = R;
- the toxic component's mass fraction w = y M_toxic / M, so of a mixture rate m the toxic
  rate is w m.

Typical compositions (:data:`MIXTURES`) are the midpoints of published ranges, normalised
to 100 %. They are foreign figures, labelled as such, and only typical: a works' own
gas analysis, given as molecular weight, heat-capacity ratio and toxic fraction, is the
better figure and takes their place. Converter gas (转炉煤气) is not in the table: no
composition with a source this project can name; give its analysis the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sim.physics.source import R_J_MOL_K, GasProperties, gas_properties

_LANGE = "Lange's Handbook of Chemistry, Cp/Cv of gases at 1 atm, about 15 C"
_EXTRA = {
    "H2": GasProperties("hydrogen", "H2", 2.016, 1.410, _LANGE),
    "O2": GasProperties("oxygen", "O2", 32.00, 1.401, _LANGE),
    "C2H4": GasProperties(
        "ethylene",
        "C2H4",
        28.05,
        42.90 / (42.90 - R_J_MOL_K),
        "ideal-gas Cp 42.90 J/(mol K) at 25 C, NIST Chemistry WebBook (Chase 1998); "
        "k = Cp / (Cp - R)",
    ),
}


def component(formula: str) -> GasProperties:
    """Gas data of a mixture's component by formula: the source-term gases and H2, O2, C2H4."""
    return _EXTRA[formula] if formula in _EXTRA else gas_properties(formula)


@dataclass(frozen=True, slots=True)
class NamedMixture:
    """A fuel gas's typical composition, as volume (mole) fractions summing to 1."""

    name: str
    name_zh: str
    composition: tuple[tuple[str, float], ...]
    source: str


def _normalised(parts: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    total = sum(parts.values())
    return tuple((formula, share / total) for formula, share in parts.items())


_GSE = "Great Soviet Encyclopedia, 3rd ed. (1970-1979)"
_MIXTURE_LIST = (
    NamedMixture(
        "natural_gas",
        "天然气",
        (("CH4", 1.0),),
        "treated as methane, as the pipeline model does (Stephens, GRI-00/0189, 2000)",
    ),
    NamedMixture(
        "blast_furnace_gas",
        "高炉煤气",
        # CO2 12-20 %, CO 20-30 %, CH4 up to 0.5 %, H2 1-4 %, N2 55-58 % (coal coke)
        _normalised({"CO": 25.0, "CO2": 16.0, "CH4": 0.25, "H2": 2.5, "N2": 56.5}),
        f"{_GSE}, 'Blast-Furnace Gas': CO2 12-20 %, CO 20-30 %, CH4 up to 0.5 %, "
        "H2 1-4 %, N2 55-58 %; midpoints normalised to 100 % (a foreign source)",
    ),
    NamedMixture(
        "coke_oven_gas",
        "焦炉煤气",
        # H2 55-60, CH4 20-30, CO 5-7, CO2 2-3, N2 4, unsaturated hydrocarbons 2-3, O2 0.4-0.8
        _normalised(
            {"H2": 57.5, "CH4": 25.0, "CO": 6.0, "CO2": 2.5, "N2": 4.0, "C2H4": 2.5, "O2": 0.6}
        ),
        f"{_GSE}, 'Coke-Oven Gas': H2 55-60 %, CH4 20-30 %, CO 5-7 %, CO2 2-3 %, N2 4 %, "
        "unsaturated hydrocarbons 2-3 % (taken as ethylene), O2 0.4-0.8 %; midpoints "
        "normalised to 100 % (a foreign source)",
    ),
)

MIXTURES: Mapping[str, NamedMixture] = MappingProxyType({m.name: m for m in _MIXTURE_LIST})
"""Named fuel gases by the name a scenario gives (``mixture.gas``)."""


def typical_fraction(mixture: str, formula: str) -> float | None:
    """The volume fraction of ``formula`` in a named mixture's typical composition."""
    return dict(MIXTURES[mixture].composition).get(formula)


@dataclass(frozen=True, slots=True)
class ReleaseGas:
    """What leaves the hole: the mixture's gas data and the toxic component's share."""

    molecular_weight_g_mol: float
    heat_capacity_ratio: float
    volume_fraction: float
    """Toxic component's mole (volume) fraction of the mixture: its ppm at the hole / 1e6."""
    mass_fraction: float
    """Toxic component's mass fraction: toxic rate / mixture rate."""


def mixture_properties(composition: tuple[tuple[str, float], ...]) -> tuple[float, float]:
    """(molar mass g/mol, heat-capacity ratio) of an ideal-gas mixture of volume fractions."""
    total = sum(y for _, y in composition)
    if total <= 0 or any(y < 0 for _, y in composition):
        raise ValueError(
            f"expected non-negative volume fractions with a positive sum: {composition}"
        )
    molar = cp = cv = 0.0
    for formula, y in composition:
        gas = component(formula)
        share = y / total
        molar += share * gas.molecular_weight_g_mol
        cv_i = R_J_MOL_K / (gas.heat_capacity_ratio - 1.0)
        cv += share * cv_i
        cp += share * (cv_i + R_J_MOL_K)
    return molar, cp / cv


def named_release_gas(mixture: str, substance: str, fraction: float | None) -> ReleaseGas:
    """The toxic ``substance`` at volume ``fraction`` in a named mixture, the rest of the
    mixture in its typical proportions; ``fraction`` None: its typical share."""
    composition = MIXTURES[mixture].composition
    typical = dict(composition).get(substance)
    y = typical if fraction is None else fraction
    if y is None:
        raise ValueError(f"{mixture} holds no {substance}: give its volume fraction")
    rest = [(f, share) for f, share in composition if f != substance]
    rest_total = sum(share for _, share in rest)
    parts = [(substance, y)]
    if y < 1.0:
        if rest_total <= 0:
            raise ValueError(f"{mixture} holds nothing but {substance}")
        parts += [(f, share / rest_total * (1.0 - y)) for f, share in rest]
    molar, k = mixture_properties(tuple(parts))
    return release_gas(molar, k, substance, y)


def release_gas(
    molecular_weight_g_mol: float, heat_capacity_ratio: float, substance: str, fraction: float
) -> ReleaseGas:
    """A mixture of given molar mass and k holding ``fraction`` by volume of ``substance``."""
    toxic = component(substance).molecular_weight_g_mol
    return ReleaseGas(
        molecular_weight_g_mol,
        heat_capacity_ratio,
        fraction,
        fraction * toxic / molecular_weight_g_mol,
    )


def pure_release_gas(substance: str) -> ReleaseGas:
    """The substance on its own: fractions 1."""
    gas = gas_properties(substance)
    return ReleaseGas(gas.molecular_weight_g_mol, gas.heat_capacity_ratio, 1.0, 1.0)
