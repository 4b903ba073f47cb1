"""Per-article digests: what the `entities` report needs from a record, small enough to keep in
the store's sidecar, and the numpy grouping the report does over them."""

from __future__ import annotations

import sys
from array import array
from base64 import b64decode, b64encode
from collections.abc import Iterator
from typing import Any

from ukpeace_cli.names.records import outlet_label, stored_mentions

_LITTLE = sys.byteorder == "little"


def _le(values: list[int]) -> bytes:
    a = array("i", values)
    a.byteswap()
    return a.tobytes()


def unpack(packed: list[str]) -> tuple[Any, Any, Any]:
    """Digests' packed pairs -> (keys, counts, article number of each) as int64 arrays."""
    import numpy as np

    blobs = [b64decode(p) for p in packed]
    flat = np.frombuffer(b"".join(blobs), "<i4").astype(np.int64).reshape(-1, 2)
    article = np.repeat(np.arange(len(blobs)), [len(b) // 8 for b in blobs])
    return flat[:, 0], flat[:, 1], article


def group_sum(codes: Any, weights: Any, size: int) -> tuple[Any, Any]:
    """The distinct codes (ascending) and the sum of their weights: a dense count when the code
    space is small enough, else a sort."""
    import numpy as np

    if size <= 8 * len(codes) + 1_000_000:
        sums = np.bincount(codes, weights=weights, minlength=size).astype(np.int64)
        present = np.flatnonzero(sums)
        return present, sums[present]
    distinct, inverse = np.unique(codes, return_inverse=True)
    return distinct, np.bincount(inverse, weights=weights).astype(np.int64)


def per_group(
    codes: Any, weights: Any, groups: int, width: int, names: list[str]
) -> Iterator[tuple[int, dict[str, int]]]:
    """For codes `group * width + member`: each group with {names[member]: summed weight}."""
    import numpy as np

    present, sums = group_sum(codes, weights, groups * width)
    group, member = np.divmod(present, width)
    bounds = np.flatnonzero(np.diff(group)) + 1
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(present)]
    member_l, sums_l, group_l = member.tolist(), sums.tolist(), group.tolist()
    for a, b in zip(starts, ends, strict=True):
        if a < b:
            found = map(names.__getitem__, member_l[a:b])
            yield group_l[a], dict(zip(found, sums_l[a:b], strict=True))


DIGEST_VERSION = "entities-4"


class MentionKeys:
    """Distinct mention keys (name, label, text, descriptor, ambiguous), numbered in store order.

    An article's digest names its keys by number, so the `entities` sidecar holds each key's
    strings once: [id, source, outlet, published, annotated, new keys, pairs], where pairs is
    (key number, count) for each key in the article, packed as little-endian int32 in base64
    (decoding a string is far cheaper than decoding a list of integers). A new key comes with
    the start and end of its first mention (the context `--suggest` shows)."""

    def __init__(self) -> None:
        self.keys: list[tuple[str, str, str, str | None, bool]] = []  # number -> key
        self.ids: dict[tuple[str, str, str, str | None, bool], int] = {}

    def encode(self, record: dict[str, Any]) -> list[Any]:
        ids, table = self.ids, self.keys
        new: list[list[Any]] = []
        where: dict[int, int] = {}
        keys: list[int] = []
        counts: list[int] = []
        for e in stored_mentions(record):
            k = (e["name"], e["label"], e["text"], e["descriptor"], bool(e["ambiguous"]))
            n = ids.get(k)
            if n is None:
                n = ids[k] = len(table)
                table.append(k)
                new.append([*k, e["start"], e["end"]])
            i = where.get(n)
            if i is None:
                where[n] = len(keys)
                keys.append(n)
                counts.append(1)
            else:
                counts[i] += 1
        pairs = [0] * (2 * len(keys))
        pairs[::2], pairs[1::2] = keys, counts
        packed = b64encode(array("i", pairs).tobytes() if _LITTLE else _le(pairs)).decode()
        rec = record
        return [
            rec.get("id"), rec.get("source"), outlet_label(rec), rec.get("published"),
            bool(rec.get("nlp")), new, packed,
        ]  # fmt: skip

    def absorb(self, digest: list[Any]) -> None:
        for k in digest[5]:
            t = (k[0], k[1], k[2], k[3], k[4])  # (+ start, end)
            self.ids[t] = len(self.keys)
            self.keys.append(t)
