"""Which article `--article QUERY` names: one set of rules for every command.

The first rule that matches any article decides:

1. the article's full id;
2. its source as stored (a path), its file name, or its file name without the suffix;
3. the start of its file name (a prefix);
4. the start of its id.

File names come before ids because people type names, while ids are hashes that depend on the
path an article was ingested from: "002" must name `002_x.txt` whether or not some other
article's id happens to start with "002" in this store.

If that rule matches more than one article the query is ambiguous: a UsageError listing the
candidates (give more of the id or name, or the path). If no rule matches: NoMatchError.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from ukpeace_cli.errors import NoMatchError, UsageError

SHOWN = 8  # candidates listed in an ambiguity error


def resolve(query: str, known: Iterable[tuple[str, str | None]]) -> str:
    """The id of the one article (id, source) in `known` that `query` names."""
    articles = list(known)
    q = query.strip()
    if not q:
        raise UsageError("--article needs an id or a file name")
    norm = os.path.normpath(q)

    def by_name(src: str | None) -> bool:
        if not src:
            return False
        name = PurePath(src).name
        return q in (name, PurePath(name).stem) or os.path.normpath(src) == norm

    for rule in (
        lambda aid, src: aid == q,
        lambda aid, src: by_name(src),
        lambda aid, src: bool(src and PurePath(src).name.startswith(q)),
        lambda aid, src: aid.startswith(q),
    ):
        hits = {aid: src for aid, src in articles if rule(aid, src)}
        if len(hits) == 1:
            return next(iter(hits))
        if hits:
            raise _ambiguous(query, hits)
    raise NoMatchError(
        f"no article matches {query!r}", hint="give its id, file name or a prefix of either"
    )


def resolve_all(queries: Sequence[str], known: Iterable[tuple[str, str | None]]) -> list[str]:
    """`resolve` for each query: the ids in query order, each once."""
    articles = list(known)
    out: list[str] = []
    for q in queries:
        aid = resolve(q, articles)
        if aid not in out:
            out.append(aid)
    return out


def store_articles(store: Any) -> list[tuple[str, str | None]]:
    """(id, source) of every article in the store, from its entities sidecar: no article is
    parsed (the sidecar is brought up to date if it is behind). Corrupt lines are left to the
    command's own pass over the store to report."""
    from ukpeace_cli.names.report import entities_sidecar

    return [(str(d[0]), d[1]) for _, d in entities_sidecar(store).digests()]


def _ambiguous(query: str, hits: dict[str, str | None]) -> UsageError:
    """Each candidate as `id (file name)`, or its path where two share a file name."""
    names = Counter(PurePath(src).name for src in hits.values() if src)
    listed = [
        f"{aid} ({src if names[PurePath(src).name] > 1 else PurePath(src).name})" if src else aid
        for aid, src in sorted(hits.items())
    ]
    more = len(listed) - SHOWN
    shown = listed[:SHOWN] + ([f"+{more} more"] if more > 0 else [])
    return UsageError(
        f"--article {query!r} matches {len(hits)} articles: {', '.join(shown)}",
        hint="give more of the id or file name, or the path",
    )
