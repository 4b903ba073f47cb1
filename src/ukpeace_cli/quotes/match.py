"""`--speaker NAME`: which stored speakers a query names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.text import fold


def norm(s: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(s)))


@dataclass
class SpeakerMatch:
    speaker: str  # global canonical name
    form: str  # the name or variant that matched
    score: float


class SpeakerMatcher:
    """`--speaker NAME` against every speaker: canonical names, surnames and given names,
    in-article names, mentions as written and alias-table variants; accent- and
    case-insensitive, with rapidfuzz for spelling variants."""

    THRESHOLD = 86.0

    def __init__(self, rows: Iterable[dict[str, Any]], resolver: Any = None):
        self.forms: dict[str, set[str]] = {}
        by_entry: dict[str, set[str]] = {}
        index = getattr(resolver, "index", None)
        if index is not None:
            for key, entry in index.by_key.items():
                by_entry.setdefault(entry.name, set()).add(key)
        for r in rows:
            sp = r.get("speaker")
            if not sp:
                continue
            forms = self.forms.setdefault(sp, {sp})
            m = r.get("speaker_mention")
            if m and any(c.isupper() for c in m) and m.lower() not in ("he", "she", "they", "it"):
                forms.add(m)
            if resolver is not None and hasattr(resolver, "members"):
                forms.update(resolver.members(sp))
            forms.update(by_entry.get(sp, ()))

    def match(self, query: str) -> list[SpeakerMatch]:
        from rapidfuzz import fuzz

        q = norm(query)
        if not q:
            return []
        best: dict[str, SpeakerMatch] = {}
        for speaker, forms in sorted(self.forms.items()):
            # the canonical name first, then shorter forms: ties report the plainest form
            for form in sorted(forms, key=lambda f: (f != speaker, len(f), f)):
                f = norm(form)
                if not f:
                    continue
                score = float(fuzz.ratio(q, f))
                if " " not in q and len(q) >= 3:
                    # a surname or given name alone: "Orvik", "orvik"
                    for tok in f.split():
                        if len(tok) >= 3:
                            s = float(fuzz.ratio(q, tok)) if len(q) >= 4 else 100.0 * (q == tok)
                            score = max(score, s)
                if (
                    score >= self.THRESHOLD
                    and score > best.get(speaker, SpeakerMatch("", "", -1)).score
                ):
                    best[speaker] = SpeakerMatch(speaker, form, score)
        found = sorted(best.values(), key=lambda m: (-m.score, m.speaker))
        if found and found[0].score == 100.0:
            found = [m for m in found if m.score >= 95.0]
        return found
