"""Mitigation of an outdoor toxic release: water curtains (REFERENCE D11).

A water spray curtain between the source and the people downwind dilutes the
gas mainly mechanically (it entrains air into the cloud); a soluble gas is also
partly absorbed. Field tests give the reduction as a factor on the concentration
measured downstream of the curtain:

- chlorine, a gas of low solubility (< 1-3 % absorbed): a downward flat-fan spray
  cut the mean concentration by a factor of 2 to 5 over the whole test series,
  best about 10 m downstream (Dandrieux-Bony, Dimbour, Dusserre, *The use of water
  sprays for mitigating chlorine gaseous releases escaping from a storage shed*,
  J. Loss Prev. Process Ind. 16 (2003) 259-269; factor 3-5 at 10 m in Dandrieux et
  al., J. Hazard. Mater. 96 (2003) 127-141). The default keeps the lower end, 2.
- ammonia, very soluble: the water curtains of French fire brigades cut the
  concentration behind them by a factor of 10 about 13 m downstream and of 3 about
  20 m downstream (*The use of water curtains to protect firemen in case of heavy
  gas dispersion*, J. Loss Prev. Process Ind. 10(3) (1997) 179-183). The default
  keeps the factor at 20 m, 3.

For other gases no field factor is published here: a plan states its own.
The CCPS *Guidelines for Post-Release Mitigation Technology in the Chemical
Process Industry* (1997) describe the same two actions (dilution, absorption)
and treat the factor as a property of the spray design, to be measured.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CurtainFactor:
    remaining_fraction: float
    """Share of the downwind concentration that remains behind the curtain."""
    source: str


WATER_CURTAIN: dict[str, CurtainFactor] = {
    "Cl2": CurtainFactor(
        1.0 / 2.0,
        "Dandrieux-Bony et al., J. Loss Prev. Process Ind. 16 (2003) 259-269: "
        "reduction factor 2-5 (flat-fan downward spray), lower end",
    ),
    "NH3": CurtainFactor(
        1.0 / 3.0,
        "J. Loss Prev. Process Ind. 10(3) (1997) 179-183: factor 10 at 13 m, "
        "3 at 20 m downstream of a fire-brigade water curtain",
    ),
}

CURTAIN_DOWNSTREAM_M = 10.0
"""Receptors nearer the source than this are taken to be upstream of the curtain: the
tests measured the reduction 5-20 m downstream of the spray."""


def water_curtain_factor(substance: str) -> CurtainFactor | None:
    """The published concentration factor of a water curtain for ``substance``, if any."""
    return WATER_CURTAIN.get(substance)
