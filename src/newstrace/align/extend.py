"""Extension: cluster seeds into passages, validate them, resolve overlaps."""
from __future__ import annotations

from typing import Callable

Seed = tuple[int, int]          # (target unit, source unit)


def split_by_gap(seeds: list[Seed], side: int, gap: int) -> list[list[Seed]]:
    """Split seeds into runs whose unit indices on one side are at most gap apart."""
    ordered = sorted(seeds, key=lambda p: (p[side], p[1 - side]))
    groups: list[list[Seed]] = []
    for p in ordered:
        if groups and p[side] - groups[-1][-1][side] <= gap:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def monotone_chains(seeds: list[Seed], t_gap: int, s_gap: int, back: int = 1) -> list[list[Seed]]:
    """Split seeds into chains that advance on both sides (a passage keeps its order).

    A seed may step back at most ``back`` units on the source side (two swapped
    sentences stay one passage); a larger jump back starts another chain, so a
    reordered paragraph becomes its own passage.
    """
    chains: list[list[Seed]] = []
    for t, s in sorted(seeds):
        best = None
        for c in chains:
            lt, ls = c[-1]
            if t - lt <= t_gap and ls - back <= s <= ls + s_gap + 1:
                if best is None or abs(s - ls) < abs(s - best[-1][1]):
                    best = c
        if best is None:
            chains.append([(t, s)])
        else:
            best.append((t, s))
    return chains


def cluster(seeds: list[Seed], t_gap: int, s_gap: int) -> list[list[Seed]]:
    """Split seeds into monotone chains, then alternately on target and source gaps."""
    pending = monotone_chains(seeds, t_gap, s_gap)
    done: list[list[Seed]] = []
    side = 0
    stable = 0
    while pending and stable < 2:
        nxt: list[list[Seed]] = []
        changed = False
        for g in pending:
            parts = split_by_gap(g, side, t_gap if side == 0 else s_gap)
            changed |= len(parts) > 1
            nxt.extend(parts)
        pending = nxt
        stable = 0 if changed else stable + 1
        side = 1 - side
    done.extend(pending)
    return done


def bounds(group: list[Seed]) -> tuple[int, int, int, int]:
    """Return (t0, t1, s0, s1), inclusive unit ranges covered by a group."""
    ts = [p[0] for p in group]
    ss = [p[1] for p in group]
    return min(ts), max(ts), min(ss), max(ss)


def extend(
    seeds: set[Seed],
    t_gap: int,
    s_gap: int,
    sim: Callable[[int, int, int, int], float],
    min_sim: float,
) -> list[tuple[tuple[int, int, int, int], float]]:
    """Cluster seeds and keep clusters whose whole-range similarity passes min_sim.

    A cluster that fails is re-clustered with smaller gaps (down to 0) before
    it is given up, so one stray seed does not sink a good passage.
    """
    out = []
    work = [(g, t_gap, s_gap) for g in cluster(list(seeds), t_gap, s_gap)]
    while work:
        group, tg, sg = work.pop()
        b = bounds(group)
        score = sim(*b)
        if score > min_sim:
            out.append((b, score))
        elif tg > 0 and sg > 0 and len(group) > 1:
            work.extend((g, tg - 1, sg - 1) for g in cluster(group, tg - 1, sg - 1))
    return out


def resolve_overlaps(items: list, key_len: Callable, t_range: Callable) -> list:
    """Greedily keep the best items whose target ranges do not overlap."""
    kept: list = []
    for it in sorted(items, key=key_len, reverse=True):
        a0, a1 = t_range(it)
        if all(a1 <= t_range(k)[0] or a0 >= t_range(k)[1] for k in kept):
            kept.append(it)
    return sorted(kept, key=lambda k: t_range(k)[0])
