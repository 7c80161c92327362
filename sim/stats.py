"""Statistics of replications, kept as they stream in with memory flat in their number.

- Mean and standard deviation by Welford's updating (exact, one pass).
- Percentiles from a tally of values rounded to 0.01 (minutes or counts), so the
  memory is bounded by the range of the values, never by the number of replications.
- Confidence interval of the mean from Student's t; of a percentile from the binomial
  distribution of order statistics (distribution-free, as in Simio's SMORE plots);
  of a proportion by Wilson's score interval.
- The number of replications by Hoad, Robinson & Davies (2010): the smallest n whose
  relative half-width stays within the precision over a look-ahead.

Sources: Law, *Simulation Modeling and Analysis* 5th ed. (2015) §9.4 (t interval);
Wilson, JASA 22 (1927) 209-212; Conover, *Practical Nonparametric Statistics*
3rd ed. (1999) §3.2 (quantile intervals); Hoad, Robinson & Davies, "Automated
selection of the number of replications for a discrete-event simulation",
J. Oper. Res. Soc. 61 (2010) 1632-1644.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from statistics import NormalDist

RESOLUTION = 100
"""Percentiles are read from values rounded to 1/100 (0.6 s for times in minutes): a
KPI's tally holds at most one entry per 0.6 s of its range, whatever the number of
replications (4,000 entries for a KPI spread over 40 minutes)."""


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x)
    ln += b * math.log1p(-x)
    front = math.exp(ln)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Student's t distribution function."""
    x = df / (df + t * t)
    tail = 0.5 * _incomplete_beta(df / 2.0, 0.5, x)
    return 1.0 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """Quantile of Student's t (bisection on the distribution function, to 1e-12)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError(f"t quantile needs 0 < p < 1 and df > 0, found p={p}, df={df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12:
            break
    return (lo + hi) / 2.0


def t_half_width(sd: float, n: int, confidence: float = 0.95) -> float | None:
    """Half-width of the t confidence interval of a mean of n values (None below 2)."""
    if n < 2:
        return None
    return t_quantile(1.0 - (1.0 - confidence) / 2.0, n - 1) * sd / math.sqrt(n)


def wilson(successes: float, n: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson's score interval of a proportion (Wilson 1927); ``successes`` may be an
    expected count (a sum of probabilities)."""
    if n == 0:
        return None
    z = NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def quantile_ranks(n: int, q: float, confidence: float = 0.95) -> tuple[int, int]:
    """1-based ranks (l, u) of the order statistics that bracket the q-quantile with at
    least ``confidence``, from the normal approximation to the binomial (Conover §3.2)."""
    z = NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)
    spread = z * math.sqrt(n * q * (1.0 - q))
    lower = max(1, math.floor(n * q - spread))
    upper = min(n, math.ceil(n * q + spread) + 1)
    return lower, upper


@dataclass
class Tally:
    """One KPI over replications: moments exactly, the distribution at 1/100 resolution.

    ``missing`` counts replications in which it never happened (not reached by the end).
    """

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0
    missing: int = 0
    low: float = math.inf
    high: float = -math.inf
    counts: Counter[int] = field(default_factory=Counter)

    def add(self, value: float | None) -> None:
        if value is None or math.isnan(value):
            self.missing += 1
            return
        self.n += 1
        delta = value - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (value - self.mean)
        self.low = min(self.low, value)
        self.high = max(self.high, value)
        # half a step rounds up, as the printed means do (round() would take 0.025 to 0.02)
        self.counts[math.floor(value * RESOLUTION + 0.5)] += 1

    def merge(self, other: Tally) -> None:
        """Add another tally (Chan et al.'s parallel update of the moments)."""
        if other.n:
            total = self.n + other.n
            delta = other.mean - self.mean
            self.mean += delta * other.n / total
            self.m2 += other.m2 + delta * delta * self.n * other.n / total
            self.n = total
            self.low = min(self.low, other.low)
            self.high = max(self.high, other.high)
            self.counts.update(other.counts)
        self.missing += other.missing

    @property
    def sd(self) -> float | None:
        return math.sqrt(self.m2 / (self.n - 1)) if self.n >= 2 else None

    def half_width(self, confidence: float = 0.95) -> float | None:
        sd = self.sd
        return None if sd is None else t_half_width(sd, self.n, confidence)

    def order_statistic(self, rank: int) -> float:
        """The rank-th smallest value (1-based), at the tally's resolution."""
        seen = 0
        for key in sorted(self.counts):
            seen += self.counts[key]
            if seen >= rank:
                return key / RESOLUTION
        raise ValueError(f"rank {rank} beyond {self.n} values")

    def percentile(self, q: float) -> float | None:
        """The q-quantile by the nearest-rank rule (rank ceil(q n))."""
        if self.n == 0:
            return None
        return self.order_statistic(max(1, math.ceil(q * self.n)))

    def percentiles(self, qs: list[float]) -> list[float]:
        """The q-quantiles for ascending ``qs``, nearest-rank as ``percentile``, in one
        walk through the values."""
        if self.n == 0:
            return []
        ranks = [max(1, math.ceil(q * self.n)) for q in qs]
        out: list[float] = []
        seen, i = 0, 0
        for key in sorted(self.counts):
            seen += self.counts[key]
            while i < len(ranks) and ranks[i] <= seen:
                out.append(key / RESOLUTION)
                i += 1
        return out

    def percentile_interval(self, q: float, confidence: float = 0.95) -> tuple[float, float] | None:
        if self.n < 2:
            return None
        lower, upper = quantile_ranks(self.n, q, confidence)
        return self.order_statistic(lower), self.order_statistic(upper)


@dataclass
class Proportion:
    """How often something held, with Wilson's interval."""

    hits: int = 0
    n: int = 0

    def add(self, hit: bool) -> None:
        self.n += 1
        self.hits += int(hit)

    def merge(self, other: Proportion) -> None:
        self.hits += other.hits
        self.n += other.n

    @property
    def p(self) -> float | None:
        return self.hits / self.n if self.n else None

    def interval(self, confidence: float = 0.95) -> tuple[float, float] | None:
        return wilson(self.hits, self.n, confidence)


def relative_precision(tally: Tally, confidence: float = 0.95) -> float | None:
    """Half-width of the mean's interval over the mean's magnitude (None if undefined)."""
    hw = tally.half_width(confidence)
    if hw is None:
        return None
    if tally.mean == 0.0:
        return 0.0 if hw == 0.0 else math.inf
    return hw / abs(tally.mean)


def look_ahead(n_sol: int, k_limit: int = 5) -> int:
    """Hoad, Robinson & Davies (2010): f(kLimit, Nsol) = kLimit for Nsol <= 100, else
    kLimit * Nsol / 100, so the look-ahead grows with the solution."""
    return k_limit if n_sol <= 100 else math.floor(k_limit * n_sol / 100)


@dataclass
class ReplicationRule:
    """The replication algorithm of Hoad, Robinson & Davies (2010).

    After each replication, ``update`` with the worst relative precision over the KPIs
    followed. A candidate solution Nsol is the first n whose precision is within the
    target; it stands when the precision stays within the target over the look-ahead
    f(kLimit, Nsol) replications, and is dropped (the search goes on) when it does not.
    ``budget`` stops the search; the result then says that the precision was not reached.
    """

    precision: float = 0.05
    k_limit: int = 5
    budget: int = 10_000
    minimum: int = 3
    n: int = 0
    candidate: int | None = None

    def update(self, worst: float | None) -> None:
        self.n += 1
        ok = worst is not None and worst <= self.precision and self.n >= self.minimum
        if not ok:
            self.candidate = None
        elif self.candidate is None:
            self.candidate = self.n

    @property
    def solved(self) -> bool:
        return self.candidate is not None and self.n >= self.candidate + look_ahead(
            self.candidate, self.k_limit
        )

    @property
    def done(self) -> bool:
        return self.solved or self.n >= self.budget

    @property
    def solution(self) -> int | None:
        return self.candidate if self.solved else None


NO_DIFFERENCE = 1e-6
"""Paired differences this small are rounding, not a difference: the event log keeps times
to a millionth of a minute, and a time measured from another (an arrival from the alarm)
differs between revisions by a few ulps even when both are the same."""


def paired_p_value(tally: Tally) -> float | None:
    """Two-sided p-value of the paired t test that the mean difference is zero; 1 when
    every difference is zero to within :data:`NO_DIFFERENCE`, 0 when they are all the same
    non-zero difference."""
    sd = tally.sd
    if sd is None:
        return None
    if sd <= NO_DIFFERENCE:
        return 1.0 if abs(tally.mean) <= NO_DIFFERENCE else 0.0
    t = tally.mean / (sd / math.sqrt(tally.n))
    return 2.0 * (1.0 - t_cdf(abs(t), tally.n - 1))


def holm(p_values: dict[str, float], alpha: float = 0.05) -> dict[str, bool]:
    """Holm's step-down correction (Holm, Scand. J. Stat. 6 (1979) 65-70): which
    hypotheses are rejected with the family-wise error held at ``alpha``."""
    order = sorted(p_values, key=lambda k: (p_values[k], k))
    rejected: dict[str, bool] = dict.fromkeys(p_values, False)
    m = len(order)
    for i, key in enumerate(order):
        if p_values[key] > alpha / (m - i):
            break
        rejected[key] = True
    return rejected


PROPORTION_PREFIXES = ("met:", "hseep:", "grade:", "finding:", "critical:")


@dataclass
class Summary:
    """Every column of the replications' rows, aggregated in replication order."""

    n: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    shares: dict[str, Proportion] = field(default_factory=dict)
    diffs: dict[str, Tally] = field(default_factory=dict)

    def add(self, row: dict[str, float | None]) -> None:
        self.n += 1
        tallies, shares = self.tallies, self.shares
        for key, value in row.items():
            tally = tallies.get(key)
            if tally is not None:
                tally.add(value)
            elif key in shares or key.split("/", 1)[-1].startswith(PROPORTION_PREFIXES):
                if value is not None:
                    share = shares.get(key)
                    if share is None:
                        share = shares[key] = Proportion()
                    share.add(value >= 0.5)
            else:
                tally = tallies[key] = Tally()
                tally.add(value)

    def add_paired(self, row: dict[str, float | None], revisions: int) -> None:
        """A row of ``revisions`` plans on common random numbers (columns ``i/key``):
        besides each column, the paired difference of each revision against the first."""
        self.add(row)
        for key, value in row.items():
            head, _, rest = key.partition("/")
            if head == "0" or not head.isdigit():
                continue
            base = row.get(f"0/{rest}")
            if value is None or base is None:
                continue
            self.diffs.setdefault(key, Tally()).add(value - base)
