"""Travel times between site locations: shortest routes over the scenario's links."""

from __future__ import annotations

import heapq
import math
import weakref
from dataclasses import dataclass, field

import numpy as np

from sim.scenario import Site, Variation


@dataclass(frozen=True)
class TravelTable:
    """All-pairs typical travel minutes, with a multiplicative random spread."""

    minutes: dict[str, dict[str, float]]
    variation: Variation
    links: dict[str, dict[str, float]] = field(default_factory=dict)
    """Neighbouring locations and the minutes of each link."""

    @classmethod
    def from_site(cls, site: Site) -> TravelTable:
        """The site's table, built once per site (sites are frozen) and shared by its runs."""
        key = id(site)
        table = _TABLES.get(key)
        if table is None:
            table = _TABLES[key] = cls._build(site)
            weakref.finalize(site, _TABLES.pop, key, None)
        return table

    @classmethod
    def _build(cls, site: Site) -> TravelTable:
        graph: dict[str, list[tuple[str, float]]] = {loc.id: [] for loc in site.locations}
        for link in site.travel.links:
            a, b = link.between
            if a in graph and b in graph:
                graph[a].append((b, link.minutes))
                graph[b].append((a, link.minutes))
        minutes = {source: _dijkstra(graph, source) for source in graph}
        links: dict[str, dict[str, float]] = {loc: {} for loc in graph}
        for a, ends in graph.items():
            for b, w in ends:
                links[a][b] = min(w, links[a].get(b, math.inf))
        return cls(minutes, site.travel.variation, links)

    def route(self, a: str, b: str) -> list[str]:
        """The locations along the shortest route from a to b, both ends included (empty
        when there is no route)."""
        if a == b:
            return [a]
        if math.isinf(self.typical(a, b)):
            return []
        path = [b]
        here = b
        while here != a:
            # the neighbour, nearer to a, through which the shortest route reaches ``here``
            to_here = self.typical(a, here)
            here = min(
                (abs(self.typical(a, n) + w - to_here), n)
                for n, w in self.links[here].items()
                if self.typical(a, n) < to_here
            )[1]
            path.append(here)
        return path[::-1]

    def route_avoiding(self, a: str, b: str, avoid: set[str] | frozenset[str]) -> list[str]:
        """The shortest route from a to b that passes through none of ``avoid`` (its ends
        excepted), both ends included; empty when every route passes through one. Ties go
        to the route through the alphabetically first place, so the choice is the same on
        every run."""
        if a == b:
            return [a]
        best: dict[str, tuple[float, list[str]]] = {a: (0.0, [a])}
        queue: list[tuple[float, list[str]]] = [(0.0, [a])]
        while queue:
            d, path = heapq.heappop(queue)
            here = path[-1]
            if here == b:
                return path
            if d > best[here][0]:
                continue
            for nxt, w in sorted(self.links.get(here, {}).items()):
                if nxt in avoid and nxt != b:
                    continue
                step = (d + w, [*path, nxt])
                if nxt not in best or step < best[nxt]:
                    best[nxt] = step
                    heapq.heappush(queue, step)
        return []

    def typical(self, a: str, b: str) -> float:
        """Typical minutes from a to b; ``inf`` when there is no route."""
        if a == b:
            return 0.0
        return self.minutes.get(a, {}).get(b, math.inf)

    def sample(self, a: str, b: str, rng: np.random.Generator) -> float:
        base = self.typical(a, b)
        if base == 0.0 or math.isinf(base):
            return base
        v = self.variation
        factor = v.low if v.low == v.high else float(rng.triangular(v.low, v.mode, v.high))
        return base * factor

    def unreachable_from(self, source: str) -> list[str]:
        reach = self.minutes.get(source, {})
        return sorted(loc for loc in self.minutes if loc != source and loc not in reach)


_TABLES: dict[int, TravelTable] = {}


def _dijkstra(graph: dict[str, list[tuple[str, float]]], source: str) -> dict[str, float]:
    dist = {source: 0.0}
    queue: list[tuple[float, str]] = [(0.0, source)]
    while queue:
        d, node = heapq.heappop(queue)
        if d > dist.get(node, math.inf):
            continue
        for nxt, w in graph[node]:
            nd = d + w
            if nd < dist.get(nxt, math.inf):
                dist[nxt] = nd
                heapq.heappush(queue, (nd, nxt))
    del dist[source]
    return dist
