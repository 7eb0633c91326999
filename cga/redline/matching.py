"""Matching sequences (paragraphs, words): patience anchors, difflib in small gaps, greedy.

Paragraphs unique to both versions anchor, the longest in-order run of anchors is kept, and
the gaps are matched the same way (small ones by difflib).  Every step is linear or
n log n, so a rewritten 50-page section cannot make it quadratic; a gap with nothing to
anchor on beyond ``_CAP`` pairs stays one replacement.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from itertools import compress, count, pairwise
from operator import ne, or_
from typing import TypeAlias

from .tokens import _key, _keys

_DIRECT = 2_500  # gaps up to this many item pairs go straight to difflib
_CAP = 250_000  # gaps without unique anchors above this many pairs are left unmatched

Block: TypeAlias = tuple[int, int, int]  # a[i:i+n] == b[j:j+n]
Opcode: TypeAlias = tuple[str, int, int, int, int]


def _prefix(a: Sequence[Hashable], b: Sequence[Hashable], alo: int, blo: int, n: int) -> int:
    """Length of the common prefix of a[alo:alo+n] and b[blo:blo+n] (galloping, C compares)."""
    if not n or a[alo] != b[blo]:
        return 0
    lo, step = 1, 1
    while lo < n:
        hi = min(lo + step, n)
        if a[alo + lo : alo + hi] != b[blo + lo : blo + hi]:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[alo + lo : alo + mid] == b[blo + lo : blo + mid]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo, step = hi, step * 2
    return n


def _suffix(a: Sequence[Hashable], b: Sequence[Hashable], ahi: int, bhi: int, n: int) -> int:
    if not n or a[ahi - 1] != b[bhi - 1]:
        return 0
    lo, step = 1, 1  # a[ahi-lo:ahi] == b[bhi-lo:bhi]
    while lo < n:
        hi = min(lo + step, n)
        if a[ahi - hi : ahi - lo] != b[bhi - hi : bhi - lo]:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if a[ahi - mid : ahi - lo] == b[bhi - mid : bhi - lo]:
                    lo = mid
                else:
                    hi = mid
            return lo
        lo, step = hi, step * 2
    return n


def _anchor_runs(
    a: Sequence[Hashable], b: Sequence[Hashable], alo: int, ahi: int, blo: int, bhi: int
) -> list[Block]:
    """Items unique on both sides, longest run in the same order (patience diff), as blocks
    of consecutive anchors.  The per-item work is in C where it can be (dict, map)."""
    a_part, b_part = a[alo:ahi], b[blo:bhi]
    bpos = dict(zip(b_part, count(blo)))
    js: list[int | None] = list(map(bpos.get, a_part))
    ca = Counter(a_part)
    if len(ca) < len(a_part) or len(bpos) < len(b_part):  # repeated items cannot anchor
        repeated = set(compress(ca, map((1).__lt__, ca.values())))
        cb = Counter(b_part)
        repeated.update(compress(cb, map((1).__lt__, cb.values())))
        for k in compress(count(), map(repeated.__contains__, a_part)):
            js[k] = None
    tails: list[int] = []  # smallest j ending an increasing run of each length
    tail_at: list[int] = []
    back = [-1] * len(js)
    last_j, last_k = -1, -1  # the end of the longest run so far
    for k, j in enumerate(js):
        if j is None:
            continue
        if j > last_j:  # the common case: in order
            back[k] = last_k
            tails.append(j)
            tail_at.append(k)
            last_j, last_k = j, k
        else:
            p = bisect_left(tails, j)
            tails[p] = j
            tail_at[p] = k
            back[k] = tail_at[p - 1] if p else -1
            if p == len(tails) - 1:
                last_j, last_k = j, k
    chosen: list[int] = []
    k = last_k
    while k >= 0:
        chosen.append(k)
        k = back[k]
    if not chosen:
        return []
    ks = chosen[::-1]
    jv = [j for j in map(js.__getitem__, ks) if j is not None]  # all of them: chosen ones
    # a run breaks where either side skips: k + 1 != next k or j + 1 != next j
    steps = map(or_, map(ne, ks[1:], map((1).__add__, ks)), map(ne, jv[1:], map((1).__add__, jv)))
    breaks = [0, *compress(count(1), steps), len(ks)]
    return [(alo + ks[s], jv[s], e - s) for s, e in pairwise(breaks)]


def _matching_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Block]:
    """Like SequenceMatcher.get_matching_blocks (sentinel included), never quadratic."""
    found: list[Block] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        n = _prefix(a, b, alo, blo, min(ahi - alo, bhi - blo))
        if n:
            found.append((alo, blo, n))
            alo, blo = alo + n, blo + n
        n = _suffix(a, b, ahi, bhi, min(ahi - alo, bhi - blo))
        if n:
            found.append((ahi - n, bhi - n, n))
            ahi, bhi = ahi - n, bhi - n
        pairs = (ahi - alo) * (bhi - blo)
        if pairs <= 1:  # nothing, or one item against one different item
            continue
        runs = _anchor_runs(a, b, alo, ahi, blo, bhi) if pairs > _DIRECT else []
        if not runs:
            # Paragraphs edited side by side share no item: nothing for difflib to find.
            if pairs <= _CAP and not set(a[alo:ahi]).isdisjoint(b[blo:bhi]):
                sm = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
                found.extend((alo + i, blo + j, k) for i, j, k in sm.get_matching_blocks() if k)
            continue
        found += runs
        i0, j0 = alo, blo  # end of the previous run
        for i, j, k in runs:
            if i > i0 and j > j0 and ((i - i0) * (j - j0) > 1 or a[i0] == b[j0]):
                todo.append((i0, i, j0, j))  # a gap worth matching
            i0, j0 = i + k, j + k
        if ahi > i0 and bhi > j0:
            todo.append((i0, ahi, j0, bhi))
    found.sort()
    merged: list[Block] = []
    for i, j, k in found:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            pi, pj, pk = merged[-1]
            merged[-1] = (pi, pj, pk + k)
        else:
            merged.append((i, j, k))
    merged.append((len(a), len(b), 0))
    return merged


def _opcodes(blocks: Sequence[Block]) -> list[Opcode]:
    ops: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        if i < ai and j < bj:
            ops.append(("replace", i, ai, j, bj))
        elif i < ai:
            ops.append(("delete", i, ai, j, bj))
        elif j < bj:
            ops.append(("insert", i, ai, j, bj))
        if size:
            ops.append(("equal", ai, ai + size, bj, bj + size))
        i, j = ai + size, bj + size
    return ops


def _greedy_blocks(
    a: Sequence[Hashable], b: Sequence[Hashable], reach: int
) -> tuple[list[Block], int, int]:
    """Matching blocks of sequences that differ in a few short places, greedily.

    Runs through equal items (C-speed slice compares), then takes the smallest skip on either
    side after which two items agree again (or both sequences end).  Where edits are sparse,
    as in one bill version against the next, this is what a full matcher finds, at a
    fraction of the cost.  Returns the blocks and where it stopped: (len(a), len(b)) when
    done, earlier when no agreement was in reach (a long rewrite, a big moved block).
    """
    n, m = len(a), len(b)
    blocks: list[Block] = []
    i = j = 0
    while True:
        same = _prefix(a, b, i, j, min(n - i, m - j))
        if same:
            blocks.append((i, j, same))
            i, j = i + same, j + same
        if i == n or j == m:
            return blocks, n, m
        ahead: dict[Hashable, list[int]] = {}
        for k in range(min(reach, m - j - 1) + 1):
            if b[j + k] in ahead:
                ahead[b[j + k]].append(k)
            else:
                ahead[b[j + k]] = [k]
        # the cheapest skip wins; at equal cost, one after which the next items agree too
        d1 = d2 = -1
        best = 2 * (2 * reach + 1)
        for k in range(min(reach, n - i - 1) + 1):
            for e in ahead.get(a[i + k], ()):
                cost = 2 * (k + e)
                if cost >= best:
                    break
                ii, jj = i + k + 1, j + e + 1
                if not (ii == n or jj == m or a[ii] == b[jj]):
                    cost += 1
                if cost < best:
                    best, d1, d2 = cost, k, e
                    if not cost & 1:
                        break  # nothing later for this k can do better
        if d1 < 0:
            if n - i > reach or m - j > reach:
                return blocks, i, j
            return blocks, n, m  # near the end: what is left is replaced
        i, j = i + d1, j + d2


def _sparse_opcodes(a_keys: list[str], b_keys: list[str], reach: int = 6) -> list[Opcode] | None:
    """Word opcodes, from the words' keys (see _keys), when words differ in a few short
    places (see _greedy_blocks), or None."""
    blocks, i, j = _greedy_blocks(a_keys, b_keys, reach)
    if (i, j) != (len(a_keys), len(b_keys)):
        return None
    blocks.append((i, j, 0))
    return _opcodes(blocks)


_ABSORB = 3  # words: an unchanged run this short between two longer edits joins them


def _absorb_small_equalities(ops: list[Opcode]) -> list[Opcode]:
    """Edit, short unchanged run, edit: one replacement when the run is no longer than the
    edits on either side.  "The board shall post each contract" against "Each contractor
    shall publish its policy" reads as one change, not three around "shall"."""
    out: list[Opcode] = []
    for op in ops:
        if op[0] != "equal" and len(out) >= 2 and out[-1][0] == "equal" and out[-2][0] != "equal":
            _, e1, e2, _, _ = out[-1]
            _, p1, p2, q1, q2 = out[-2]
            size = e2 - e1
            if (
                size <= _ABSORB
                and size <= max(p2 - p1, q2 - q1)
                and size <= max(op[2] - op[1], op[4] - op[3])
            ):
                out[-2:] = [("replace", p1, op[2], q1, op[4])]
                continue
        out.append(op)
    return out


def _word_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Word opcodes; section/subsection numbers match by kind (see _key)."""
    n = _prefix(a, b, 0, 0, min(len(a), len(b)))
    m = _suffix(a, b, len(a), len(b), min(len(a), len(b)) - n)
    blocks: list[Block] = [(0, 0, n)] if n else []
    if (len(a) - n - m) * (len(b) - n - m) <= 1:  # one word changed, or words only added/cut
        if len(a) - n - m == 1 == len(b) - n - m and _key(a[n]) == _key(b[n]):
            blocks.append((n, n, 1))  # "Sec. 4." against "Sec. 5.": _split_renumbered's
        blocks += [(len(a) - m, len(b) - m, m), (len(a), len(b), 0)] if m else [(len(a), len(b), 0)]
        return _opcodes(blocks)
    ka, kb = _keys(list(a[n : len(a) - m])), _keys(list(b[n : len(b) - m]))
    middle, i, j = _greedy_blocks(ka, kb, reach=6)  # a few short edits, as in the fast path
    if (i, j) != (len(ka), len(kb)):
        middle = _matching_blocks(ka, kb)
    blocks += [(n + i, n + j, k) for i, j, k in middle if k]
    if m:
        blocks.append((len(a) - m, len(b) - m, m))
    merged: list[Block] = []
    for i, j, k in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + k)
        else:
            merged.append((i, j, k))
    merged.append((len(a), len(b), 0))
    return _opcodes(merged)
