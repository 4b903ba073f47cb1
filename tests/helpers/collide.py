"""Two different normalised sentences whose CRC-32 (the version-1 sentence fingerprint) is equal,
found by a birthday search over made-up sentences (~1 collision per 93k strings; a dict of
a few hundred thousand crc32 values, well under a second)."""

from __future__ import annotations

import zlib
from functools import cache


@cache
def crc32_twins() -> tuple[str, str]:
    """(x, y), x != y, crc32(x) == crc32(y): lower-case words joined by single spaces, as
    `shingles.normalise_sentence` gives them, so `x.capitalize() + "."` fingerprints as x."""
    seen: dict[int, str] = {}
    for k in range(2_000_000):
        # Two numbers far apart: CRC-32 detects every change confined to 32 bits, so strings
        # that differ in one short run of digits never collide.
        s = f"ward {k % 1000} council approved spending on the eastern bus depots line {k // 1000}"
        c = zlib.crc32(s.encode("utf-8"))
        if c in seen:
            return seen[c], s
        seen[c] = s
    raise AssertionError("no crc32 collision found")  # pragma: no cover (2M strings: certain)
