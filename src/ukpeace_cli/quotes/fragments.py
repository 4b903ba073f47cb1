"""Stage 7b, partial quotes and terms: a fragment in quote marks is someone's words when a
speech cue governs it ("stated that the council would reject any ‘pause’"); otherwise a
term (a name, a title, a scare quote)."""

from __future__ import annotations

from typing import Any

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.clauses import content_of
from ukpeace_cli.quotes.cues import cue_text, is_cue
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.resolve import speaker_of
from ukpeace_cli.quotes.spans import PARTIAL, TERM, Item, is_name
from ukpeace_cli.text import fold

# Which deps on the path from a quoted fragment up to its cue make it not the content:
# "“Harbour Radio” reports" (subject), "told “Harbour Radio.”" (addressee).
_NOT_CONTENT = {"nsubj", "nsubjpass", "csubj", "dative", "agent", "npadvmod", "expl"}
_ADDRESSEE_VERBS = {"tell", "inform", "brief", "ask", "assure", "advise", "warn", "urge", "remind"}


def attribute_fragment(a: Article, it: Item) -> None:
    sp = it.span
    assert sp is not None
    content = a.text[sp.start : sp.end]
    inner = a.toks_in(sp.start, sp.end)
    inner_ids = {t.i for t in inner}
    words = content.split()
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in inner)
    found = governing_cue(a, inner, inner_ids)
    if sp.depth > 0 and found is None and len(words) <= 4 and enabled("fragment-terms"):
        it.kind = TERM  # a name inside someone's quote: “Snowdrop”
        return
    if is_name(content) and enabled("fragment-terms"):
        it.kind = TERM  # “League of Small Ports”, "The Kid Who Would Be King."
        return
    if found is None:
        if len(words) <= 3 or (len(words) <= 5 and not has_verb):
            it.kind = TERM  # a scare quote: RCMP call situation 'unpredictable'
        return
    cue, path_dep, clause = found
    if not_content(cue, path_dep):
        it.kind = TERM
        return
    speaker = speaker_of(a, cue)
    if (speaker is None or speaker.name is None) and len(words) <= 3 and not has_verb:
        it.kind = TERM  # Western media's “peace plan”: a label, nobody's words
        return
    it.cue, it.cue_text, it.speaker, it.via = cue, cue_text(cue), speaker, "cue"
    it.clause = clause


def governing_cue(a: Article, inner: list[Any], inner_ids: set[int]) -> tuple[Any, str, Any] | None:
    """The speech verb the fragment is said under. Walk up from the fragment's head and
    take the outermost cue on the way ("stated that the council would reject any
    ‘pause’" is Orvik's, not the council's); failing that, a cue the parse hung
    beside the fragment in the same sentence."""
    heads = [t for t in inner if t.head.i not in inner_ids or t.head == t]
    if not heads:
        return None
    t, prev = heads[0], heads[0]
    found: tuple[Any, str, Any] | None = None
    for _ in range(12):
        if t.i not in inner_ids and is_cue(t):
            if found is not None and not_content(found[0], found[1]):
                break  # the fragment names the speaker or addressee: stop there
            found = (t, prev.dep_, fragment_clause(a, t, prev))
        if t.head == t:
            break
        prev, t = t, t.head
    if found is not None:
        return found
    sent = a.sent_of(inner[0])
    first = inner[0].i
    best = None
    for c in sent:
        if c.i in inner_ids or a.in_quote(c.idx) or not is_cue(c):
            continue
        if c.lower_ == "according" or c.dep_ == "parataxis":
            return c, "ccomp", fragment_clause(a, c, c)
        if c.i < first:
            sp = speaker_of(a, c)
            if sp is not None and (sp.name or sp.kind):
                best = c  # the nearest cue before the fragment with a speaker
    if best is not None:
        return best, "ccomp", fragment_clause(a, best, best)
    return None


def not_content(cue: Any, path_dep: str) -> bool:
    """“Harbour Radio” reports (subject), told “Harbour Radio.” (addressee)."""
    return path_dep in _NOT_CONTENT or (
        path_dep in ("dobj", "pobj", "dative") and fold(cue.lemma_) in _ADDRESSEE_VERBS
    )


def fragment_clause(a: Article, cue: Any, child: Any) -> tuple[int, int] | None:
    """The reported clause a fragment sits in (GGT and PolNeAR's "mixed" quote)."""
    rng = None
    if child is not cue and child.dep_ in (
        "ccomp",
        "dobj",
        "xcomp",
        "oprd",
        "advcl",
        "attr",
        "prep",
        "acomp",
    ):
        sub = sorted(child.subtree, key=lambda x: x.i)
        rng = (sub[0].i, sub[-1].i + 1)
    else:
        rng = content_of(a, cue)
        if rng is None and child is cue:
            sent = a.sent_of(cue)
            rng = (cue.i + 1, sent.end)
    if rng is None:
        return None
    s, e = a.trim(*rng)
    return s, a.close_after(e)


def uncued_terms(a: Article, items: list[Item]) -> None:
    """After the speakers are carried over: a short fragment (five words or fewer) that still
    has no cue and no speaker is a term even with a verb in it (the "boys will be boys" trope,
    "bring them to justice" on a list of banned phrases): nobody's words as far as the article
    says. A longer one is kept: it is usually a document's wording."""
    for it in items:
        short = len(a.text[it.start : it.end].split()) <= 5
        if it.kind == PARTIAL and it.cue is None and it.speaker is None and short:
            it.kind = TERM
