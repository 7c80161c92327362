"""Survival against minutes without breathing (REFERENCE "Incapacitation, clinical course").

A person knocked down by H2S at the knock-down level, or by oxygen at or below 6 %,
stops breathing (OSHA H2S fact sheet: "breathing stops, death within minutes"; NIOSH
80-106: below 6 % "respiration ceases"). What then decides the outcome is how long the
brain goes without oxygen: until the person is out of the gas and breathing is restored
by oxygen, rescue breathing or CPR.

Two published curves of asphyxia against time are combined by taking the worse at each
minute, as a plan should be tested against:

- NIOSH 80-106, Criteria for a Recommended Standard: Working in Confined Spaces (1979),
  oxygen at 6-8 %: 4-5 min recovery with treatment, 6 min 50 % fatal, 8 min 100 % fatal;
- drowning, the best-documented asphyxial arrest: death or severe neurological
  impairment 10 % after 0-5 min, 56 % after 6-10 min, 88 % after 11-25 min (Szpilman,
  Bierens, Handley and Orlowski, Drowning, N Engl J Med 366 (2012) 2102, Table 2).

This gives 10 % at 5 min, 50 % at 6 min and death from 8 min, linear in between: the
"golden four minutes" of Chinese first-aid teaching (《中国心肺复苏专家共识》2016, 4 min
内开始心肺复苏).

Worked examples: 3 min without breathing gives 0.06, 5 min 0.10, 6 min 0.50,
7 min 0.75, 8 min or more 1.0.
"""

from __future__ import annotations

import numpy as np

MINUTES = (0.0, 5.0, 6.0, 8.0)
DEATH = (0.0, 0.10, 0.50, 1.0)
SOURCE = (
    "NIOSH 80-106 (1979), oxygen 6-8 %: 4-5 min recovery with treatment, 6 min 50 % fatal, "
    "8 min fatal; Szpilman et al., N Engl J Med 366 (2012) 2102, Table 2: 10 % after 0-5 min"
)


def death_probability_without_breathing(minutes: float) -> float:
    """Probability of death after ``minutes`` without breathing before it is restored."""
    if minutes != minutes:  # NaN
        raise ValueError("minutes without breathing is NaN")
    if minutes <= 0:
        return 0.0
    return float(np.interp(minutes, MINUTES, DEATH))
