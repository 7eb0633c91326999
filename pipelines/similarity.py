"""Text reuse between bills: comparable words, MinHash band keys, and exact shared passages.

Pure functions over text (no database); ``pipelines/lineage.py`` stores and queries.

1. :func:`comparable_words`: the text as the redline compares it (``normalize_for_diff``:
   furniture gone), with the bill's formulas (``cga.statutes.formula_free``: enacting clause,
   effective dates, amending formulas…) blanked into breaks no passage may cross, then each
   word lower-cased without punctuation or markup.
2. :func:`band_keys`: content-defined chunks of about ``CHUNK_WORDS`` words (a boundary
   falls where a word triple hashes to 0 mod ``CHUNK_WORDS``, so a passage reused at any
   offset of another bill is cut the same way), each chunk's 5-word shingles MinHashed
   (datasketch) and banded into ``BANDS`` keys.  Two bills sharing a key are candidates;
   the keys live in SQLite, so a new text is looked up, never compared with every bill.
3. :func:`shared_passages`: the exact confirmation — maximal runs of at least
   ``MIN_PASSAGE`` identical words found by seed-and-extend, each word of the smaller text
   counted once.  Bills that share only formulas share no passage at all.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import numpy as np
from datasketch import MinHash

from cga.redline import normalize_for_diff
from cga.statutes import formula_free

__all__ = [
    "BANDS",
    "CHUNK_WORDS",
    "MIN_PASSAGE",
    "Passage",
    "Shared",
    "Words",
    "band_keys",
    "comparable_words",
    "shared_passages",
]

SHINGLE = 5  # words per shingle
CHUNK_WORDS = 120  # mean chunk length (content-defined)
MIN_CHUNK = 24  # shorter chunks (and segments) are not indexed: too little to be evidence
MAX_CHUNK = 480
NUM_PERM = 32
BANDS = 8  # of NUM_PERM // BANDS rows each: a chunk pair with Jaccard 0.6 collides ~67%
SEED = 6  # words of an alignment seed
MIN_PASSAGE = 12  # shortest run of identical words that counts as shared text
MAX_SEED_POSITIONS = 32  # a seed repeated more often than this is a refrain, not evidence

_PUNCT = str.maketrans(
    "",
    "",
    "[]{}()\"'“”‘’,;:!?*_\u2014\u2013",  # markup, quotes and punctuation
)
_TRAILING_DOT = re.compile(r"\.(?= |$)")


@dataclass(frozen=True)
class Words:
    """A text's comparable words: ``keys`` to match (None at a formula break, never
    matching), ``shown`` the same words as printed, for quoting a passage; ``count``
    the words (breaks not counted)."""

    keys: tuple[str | None, ...]
    shown: tuple[str, ...]
    count: int = 0


def comparable_words(text: str) -> Words:
    keys: list[str | None] = []
    shown: list[str] = []
    joined = " ".join(normalize_for_diff(text))
    for segment in formula_free(joined).split("\n"):
        printed = segment.split()
        if not printed:
            continue
        lowered = _TRAILING_DOT.sub("", " ".join(printed).lower().translate(_PUNCT))
        plain = lowered.split(" ")
        if len(plain) != len(printed):  # a word made only of punctuation: realign by word
            plain = [_TRAILING_DOT.sub("", w.lower().translate(_PUNCT)) for w in printed]
        if keys and keys[-1] is not None:
            keys.append(None)
            shown.append("")
        for key, word in zip(plain, printed, strict=True):
            if key:
                keys.append(key)
                shown.append(word.replace("{{", "").replace("}}", ""))
    while keys and keys[-1] is None:
        keys.pop()
        shown.pop()
    return Words(tuple(keys), tuple(shown), len(keys) - keys.count(None))


# --------------------------------------------------------------------------- MinHash bands


_HASHES: dict[str, int] = {}  # bills repeat their words: each is hashed once (bounded)


def _word_hash(word: str) -> int:
    h = _HASHES.get(word)
    if h is None:
        if len(_HASHES) > 1_000_000:
            _HASHES.clear()
        h = _HASHES[word] = zlib.crc32(word.encode("utf-8"))
    return h


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=int)


def _chunk_bounds(hashes: np.ndarray) -> list[tuple[int, int]]:
    """Where one segment's word hashes are cut into content-defined chunks: a boundary after
    word ``i`` (``i >= 2``) when its triple mixes to 0 mod ``CHUNK_WORDS`` and the chunk has
    ``MIN_CHUNK`` words, or when it reaches ``MAX_CHUNK``; a short tail joins the chunk before
    it.  The word-by-word rule, with the candidate boundaries found by numpy."""
    n = len(hashes)
    mixed = hashes[2:] ^ (hashes[1:-1] >> np.uint64(1)) ^ (hashes[:-2] >> np.uint64(2))
    cuts = np.flatnonzero(mixed % np.uint64(CHUNK_WORDS) == 0) + 2
    bounds: list[tuple[int, int]] = []
    start = 0
    while True:
        k = int(np.searchsorted(cuts, max(2, start + MIN_CHUNK - 1)))
        i = min(int(cuts[k]) if k < len(cuts) else n, start + MAX_CHUNK - 1)
        if i >= n:
            break
        bounds.append((start, i + 1))
        start = i + 1
    if n - start >= MIN_CHUNK or not bounds:
        bounds.append((start, n))
    elif n > start:
        bounds[-1] = (bounds[-1][0], n)  # a short tail joins the chunk before it
    return bounds


def _segment_hashes(keys: tuple[str | None, ...]) -> list[np.ndarray]:
    """The word hashes of each segment (the words between two formula breaks) of
    ``MIN_CHUNK`` words or more: shorter ones are not indexed."""
    known = cast("dict[str | None, int]", _HASHES)  # a break (None) is never a key
    hashes: list[int | None] = list(map(known.get, keys))  # words hashed before: one pass
    breaks = []
    for i in [i for i, h in enumerate(hashes) if h is None]:
        word = keys[i]
        if word is None:
            breaks.append(i)
        else:
            hashes[i] = _word_hash(word)
    out, start = [], 0
    for end in [*breaks, len(keys)]:
        if end - start >= MIN_CHUNK:
            out.append(np.array(hashes[start:end], dtype=np.uint64))
        start = end + 1
    return out


def chunks(keys: tuple[str | None, ...]) -> list[list[int]]:
    """Content-defined chunks of each segment (between formula breaks), as word hashes."""
    return [
        hashes[a:b].tolist() for hashes in _segment_hashes(keys) for a, b in _chunk_bounds(hashes)
    ]


def _shingle_hashes(hashes: np.ndarray) -> np.ndarray:
    """The hash of every ``SHINGLE``-word shingle of a run of word hashes (32 bits)."""
    n = len(hashes) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        acc = acc * np.uint64(1_000_003) + hashes[k : k + n]
    return (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)


def _shingles(chunk: list[int]) -> list[int]:
    return _shingle_hashes(np.array(chunk, dtype=np.uint64)).tolist()


_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F], dtype=np.uint64)
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
_EMPTY = np.uint32(0xFFFFFFFF)  # a MinHash of nothing


def _minhashes(shingles: list[np.ndarray]) -> np.ndarray:
    """The ``NUM_PERM`` MinHash values of each chunk's shingles, all chunks at once: what
    datasketch's ``MinHash(scheme="affine32", hashfunc=int)`` gives after ``update_batch``
    (its MurmurHash3 finaliser, then ``a * h + b`` mod 2**32 with its seed-1 permutations,
    then the minimum; tests/test_similarity.py holds the two equal)."""
    a, b = _template().permutations
    out = np.full((len(shingles), NUM_PERM), _EMPTY, dtype=np.uint32)
    filled = [i for i, s in enumerate(shingles) if len(s)]
    if not filled:
        return out
    hv = np.concatenate([shingles[i] for i in filled]).astype(np.uint32)
    s1, m1, s2, m2 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s1)
    phv = hv[:, None] * a[None, :] + b[None, :]
    offsets = np.cumsum([0] + [len(shingles[i]) for i in filled[:-1]])
    out[filled] = np.minimum.reduceat(phv, offsets, axis=0)
    return out


def band_keys(words: Words) -> tuple[list[int], int]:
    """The MinHash band keys of a text's chunks, distinct, as signed 64-bit integers, and
    how many chunks there were."""
    rows = NUM_PERM // BANDS
    shingles = [
        _shingle_hashes(hashes[a:b])
        for hashes in _segment_hashes(words.keys)
        for a, b in _chunk_bounds(hashes)
    ]
    if not shingles:
        return [], 0
    values = _minhashes(shingles).astype(np.uint64).reshape(len(shingles), BANDS, rows)
    mixed = (values * _MIX[:rows]).sum(axis=2) + np.arange(BANDS, dtype=np.uint64) * np.uint64(
        0x9E3779B97F4A7C15
    )
    keys = {v - (1 << 64) if v >= 1 << 63 else v for v in mixed.ravel().tolist()}
    return sorted(keys), len(shingles)


# --------------------------------------------------------------------------- exact alignment


@dataclass(frozen=True)
class Passage:
    a_start: int
    b_start: int
    words: int


@dataclass(frozen=True)
class Shared:
    """What two texts share: passages, and the share of each text they cover."""

    passages: tuple[Passage, ...]
    a_words: int
    b_words: int
    shared_words: int

    @property
    def score(self) -> float:
        """The share of the smaller text that is shared (0..1)."""
        smaller = min(self.a_words, self.b_words)
        return round(min(1.0, self.shared_words / smaller), 3) if smaller else 0.0

    @property
    def both(self) -> float:
        """The share of the larger text that is shared (near-identical: both high)."""
        larger = max(self.a_words, self.b_words)
        return round(min(1.0, self.shared_words / larger), 3) if larger else 0.0


def shared_passages(a: Words, b: Words, min_words: int = MIN_PASSAGE) -> Shared:
    """Maximal runs of identical words in both texts, longest found first at each place;
    each word of either text belongs to one passage at most."""
    ak, bk = a.keys, b.keys
    index: dict[tuple[str | None, ...], list[int]] = {}
    for i in range(len(ak) - SEED + 1):
        gram = ak[i : i + SEED]
        if None in gram:
            continue
        positions = index.setdefault(gram, [])
        if len(positions) <= MAX_SEED_POSITIONS:
            positions.append(i)
    used_a = bytearray(len(ak))
    passages: list[Passage] = []
    j = 0
    while j <= len(bk) - SEED:
        best: Passage | None = None
        positions = index.get(bk[j : j + SEED], [])
        if len(positions) <= MAX_SEED_POSITIONS:
            for i in positions:
                if used_a[i]:
                    continue
                n = SEED
                while (
                    i + n < len(ak)
                    and j + n < len(bk)
                    and ak[i + n] is not None
                    and ak[i + n] == bk[j + n]
                    and not used_a[i + n]
                ):
                    n += 1
                if best is None or n > best.words:
                    best = Passage(i, j, n)
        if best is not None and best.words >= min_words:
            passages.append(best)
            used_a[best.a_start : best.a_start + best.words] = b"\x01" * best.words
            j += best.words
        else:
            j += 1
    shared = sum(p.words for p in passages)
    return Shared(tuple(passages), a.count, b.count, shared)


def quote(words: Words, passage: Passage, limit: int = 40) -> str:
    """The passage as printed in ``words`` (the first text), cut at ``limit`` words."""
    shown = words.shown[passage.a_start : passage.a_start + min(passage.words, limit)]
    text = " ".join(shown)
    return text + (" …" if passage.words > limit else "")
