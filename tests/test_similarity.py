"""Band keys computed all chunks at once (numpy) are the keys of the word-by-word rule with
datasketch's MinHash, chunk by chunk: an index built before stays valid."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash

from pipelines.similarity import (
    _MIX,
    BANDS,
    CHUNK_WORDS,
    MAX_CHUNK,
    MIN_CHUNK,
    NUM_PERM,
    SHINGLE,
    Words,
    _word_hash,
    band_keys,
    chunks,
    comparable_words,
)


def reference_chunks(keys: tuple[str | None, ...]) -> list[list[int]]:
    """The content-defined chunks, word by word."""
    segments: list[list[str]] = [[]]
    for k in keys:
        if k is None:
            if segments[-1]:
                segments.append([])
        else:
            segments[-1].append(k)
    out = []
    for segment in (s for s in segments if len(s) >= MIN_CHUNK):
        hashes = [_word_hash(w) for w in segment]
        pieces: list[list[int]] = []
        start = 0
        for i in range(2, len(hashes)):
            length = i + 1 - start
            mixed = hashes[i] ^ (hashes[i - 1] >> 1) ^ (hashes[i - 2] >> 2)
            if (mixed % CHUNK_WORDS == 0 and length >= MIN_CHUNK) or length >= MAX_CHUNK:
                pieces.append(hashes[start : i + 1])
                start = i + 1
        tail = hashes[start:]
        if len(tail) >= MIN_CHUNK or not pieces:
            pieces.append(tail)
        elif tail:
            pieces[-1] = pieces[-1] + tail
        out += pieces
    return out


def reference_keys(words: Words) -> tuple[list[int], int]:
    """One datasketch MinHash per chunk, banded."""
    template = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=int)
    rows = NUM_PERM // BANDS
    keys: set[int] = set()
    pieces = reference_chunks(words.keys)
    for chunk in pieces:
        m = MinHash(
            num_perm=NUM_PERM,
            scheme="affine32",
            hashfunc=int,
            permutations=template.permutations,
        )
        shingles = []
        for i in range(len(chunk) - SHINGLE + 1):
            acc = 0
            for h in chunk[i : i + SHINGLE]:
                acc = (acc * 1_000_003 + h) % (1 << 64)
            shingles.append((acc ^ (acc >> 32)) & 0xFFFFFFFF)
        m.update_batch(shingles)
        values = np.asarray(m.hashvalues, dtype=np.uint64).reshape(BANDS, rows)
        mixed = (values * _MIX[:rows]).sum(axis=1) + np.arange(BANDS, dtype=np.uint64) * np.uint64(
            0x9E3779B97F4A7C15
        )
        for v in mixed.tolist():
            keys.add(v - (1 << 64) if v >= 1 << 63 else v)
    return sorted(keys), len(pieces)


def texts() -> list[str]:
    rng = random.Random(18)
    vocabulary = [f"w{i}" for i in range(300)]
    # Empty, too short, one chunk, and one segment cut at MAX_CHUNK (its triples never mix
    # to a boundary), then texts of a few sections.
    out = ["", "Sec. 1. Too short.", " ".join(["same"] * 40), " ".join(["same"] * 1000)]
    for n in (30, 200, 700, 3000):
        sections = []
        for s in range(1, 1 + n // 100 + 1):
            head = "Section 1." if s == 1 else f"Sec. {s}."
            body = " ".join(rng.choices(vocabulary, k=rng.randint(5, 150)))
            sections.append(f"{head} (NEW) (Effective October 1, 2019) {body}.")
        out.append("\n".join(sections))
    return out


def test_band_keys_are_datasketchs_chunk_by_chunk():
    for text in texts():
        words = comparable_words(text)
        assert chunks(words.keys) == reference_chunks(words.keys)
        assert band_keys(words) == reference_keys(words)
