"""Stage 6, reported speech: "X said (that) ...", "... , X warned", "according to X, ...",
"..., as stated by X" as `Clause`s, merged with the quoted fragments they contain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.cues import (
    BELIEF,
    COGNITION,
    COMMUNICATION,
    DIRECT_ONLY,
    FINDING,
    INTENT,
    NAMING_VERBS,
    NOT_INDIRECT,
    QUOTE_ONLY_VERBS,
    attitude_of,
    cue_text,
    is_cue,
    tail_of,
)
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.resolve import speaker_of
from ukpeace_cli.quotes.spans import (
    ATTITUDE,
    DIRECT,
    INDIRECT,
    PARTIAL,
    TERM,
    TOPIC,
    Item,
)
from ukpeace_cli.quotes.spans import FINDING as FINDING_KIND
from ukpeace_cli.quotes.speakers import Speaker
from ukpeace_cli.quotes.subjects import subject_token
from ukpeace_cli.quotes.words import (
    DEMONSTRATIVES,
    DIRECTIVE_VERBS,
    TOLD_VERBS,
    WRITER_PRONOUNS,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass
class Clause:
    """Indirect speech: a reported content span and its cue."""

    start: int
    end: int
    cue: Token
    cue_text: str
    speaker: Speaker | None


def reported_clauses(a: Article) -> list[Clause]:
    """Indirect speech: "X said (that) ...", "... , X warned", "according to X, ...",
    "..., as stated by X"."""
    out: list[Clause] = []
    directives = enabled("directives")
    for t in a.tokens:
        if directives and directive(t) is not None:
            pass
        elif not is_cue(t) or t.lemma_.lower() in QUOTE_ONLY_VERBS | NOT_INDIRECT:
            continue
        if a.is_furniture(t.idx):
            continue  # "READ MORE: X says ...": another story's headline
        if t.dep_ in ("amod", "acomp", "compound") or any(c.dep_ == "neg" for c in t.children):
            continue  # "a telling sign"; "did not say that": no statement
        if hypothetical(t) and enabled("hypothetical"):
            continue  # "they will argue that ...": nothing said yet
        if t.lower_ != "according":
            subj = subject_token(a, t)
            if subj is None or subj.lower_ in WRITER_PRONOUNS | DEMONSTRATIVES:
                continue  # "Recall that ...", "as we noted", "This suggests ..."
        span = content_of(a, t)
        if span is None:
            continue
        lo, hi = span
        toks = a.doc[lo:hi]
        if len(toks) < 3 or not any(x.pos_ in ("VERB", "AUX") for x in toks):
            continue
        s, e = a.trim(lo, hi)
        if e - s < 8:
            continue
        out.append(Clause(s, e, t, cue_text(t), speaker_of(a, t)))
    return out


def hypothetical(t: Token) -> bool:
    """A speech verb in its bare form under a modal ("they will argue that", "you can suggest
    that", "could threaten to") reports nothing that was said; nor does "was told that" with no
    one who told (its subject is who heard it). An infinitive is no such sign: "went on to
    explain", "appeared to suggest" report what was said."""
    if t.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "MD" for c in t.children):
        return True
    return (
        t.lemma_.lower() in TOLD_VERBS
        and any(c.dep_ == "auxpass" for c in t.children)
        and not any(c.dep_ == "agent" for c in t.children)
    )


def directive(t: Token) -> Token | None:
    """ "She urged police to investigate", "it reminded customers to ...": the infinitive a
    speech verb of urging or telling puts to its object (the `xcomp`), or None."""
    if t.lemma_.lower() not in DIRECTIVE_VERBS or t.pos_ != "VERB":
        return None
    if not any(c.dep_ == "dobj" for c in t.children):
        return None
    return to_infinitive(t)


def to_infinitive(t: Token) -> Token | None:
    """The *to*-infinitive (`xcomp`) after `t` ("urged police to investigate", "plans to
    sell"), or None."""
    return next(
        (
            c
            for c in t.children
            if c.dep_ == "xcomp"
            and c.i > t.i
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        ),
        None,
    )


def content_of(a: Article, t: Token) -> tuple[int, int] | None:
    """Token range [lo, hi) of what the cue reports, or None."""
    if t.lower_ == "according":
        return outside(a, t, a.sent_of(t))
    comp = [c for c in t.children if c.dep_ == "ccomp"]
    if len(comp) > 1 and enabled("clause-after"):
        # "... set off a row on Friday: Republicans said they were convinced ...": the
        # parser hangs the narration before a colon on the verb too; the report follows it
        comp = [c for c in comp if c.i > t.i] or comp
    if comp:
        return clause_span(a, t, comp[0])
    x = directive(t) if enabled("directives") else None
    if x is not None:
        toks = sorted(x.subtree, key=lambda g: g.i)
        return toks[0].i, extend(a, t, toks[-1].i + 1)
    if t.dep_ in ("parataxis", "advcl", "ccomp") and t.head != t and t.head.pos_ in ("VERB", "AUX"):
        if t.dep_ == "advcl":
            # only "..., as stated by Velk." at the end of the sentence
            sub = sorted(t.subtree, key=lambda x: x.i)
            sent = a.sent_of(t)
            if not any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
                return None
            if sub[0].i == 0 or a.doc[sub[0].i - 1].text != ",":
                return None
            if any(x.i > sub[-1].i and not x.is_punct and not x.is_space for x in sent):
                return None
        if t.dep_ == "ccomp" and t.i < t.head.i:
            return None
        return outside(a, t, a.sent_of(t))
    return None


def clause_span(a: Article, t: Token, c: Token) -> tuple[int, int]:
    """Token range [lo, hi) of the clause `c` the cue `t` reports."""
    toks = sorted(c.subtree, key=lambda x: x.i)
    lo, hi = toks[0].i, toks[-1].i + 1
    # "argued that X, adding that Y": the parser hangs "adding" inside X; cut there
    for g in toks:
        if g.i > lo and g.tag_ == "VBG" and is_cue(g) and g.dep_ in ("advcl", "conj"):
            cut = min(x.i for x in g.subtree)
            hi = min(hi, cut)
            break
    if lo > t.i and hi == toks[-1].i + 1:
        hi = extend(a, t, hi)
    return lo, hi


def extend(a: Article, t: Token, hi: int) -> int:
    """Carry a reported clause on to the end of the sentence ("said she's excited about
    the study because it provides ..."), stopping at a new cue or a semicolon."""
    sent = a.sent_of(t)
    end = hi
    for x in a.tokens[hi : sent.end]:
        if x.text in (";",) or (x.text in '“‘"' and x.i > hi):
            break
        if x.head == t and (is_cue(x) or any(is_cue(g) for g in x.subtree)):
            break
        if x.head == t and x.tag_ == "VBG" and a.tokens[x.i - 1].text == ",":
            break  # ", contrasting with ...": the writer's gloss, not the report
        if is_cue(x) and x.i > hi:
            break
        end = x.i + 1
    return end


def outside(a: Article, t: Token, sent: Span) -> tuple[int, int] | None:
    """The sentence without the cue's own phrase; the longer side when it splits it."""
    sub = sorted(t.subtree, key=lambda x: x.i)
    lo, hi = sub[0].i, sub[-1].i + 1
    before = (sent.start, lo)
    after = (hi, sent.end)
    nb, na = before[1] - before[0], after[1] - after[0]
    if nb >= 3 and na >= 3:
        return sent.start, sent.end  # interrupted: "Failure ..., Orvik warned, could ..."
    return before if nb >= na else after


def merge_indirect(a: Article, items: list[Item]) -> list[Item]:
    direct = [
        (it.span.outer_start, it.span.outer_end)
        for it in items
        if it.kind == DIRECT and it.span is not None
    ]
    partials = [it for it in items if it.kind == PARTIAL]
    out: list[Item] = []
    seen: set[tuple[int, int]] = set()
    for cl in reported_clauses(a):
        if a.in_quote(cl.cue.idx):
            continue  # a cue inside someone's quote is part of what they said
        s, e = cl.start, a.close_after(cl.end)
        inside_direct = sum(max(0, min(e, b) - max(s, a)) for a, b in direct)
        if inside_direct > 0.5 * (e - s):
            continue
        frag = [p for p in partials if s <= p.start < e]
        if frag:
            for p in frag:
                if (p.speaker is None or p.speaker.name is None) and cl.speaker is not None:
                    p.speaker, p.cue, p.cue_text, p.via = (
                        cl.speaker,
                        cl.cue,
                        cl.cue_text,
                        "cue",
                    )
                if p.clause is None:
                    p.clause = (s, e)
            continue  # the fragment in quote marks carries the statement
        if (s, e) in seen:
            continue
        seen.add((s, e))
        out.append(
            Item(s, e, INDIRECT, cue=cl.cue, cue_text=cl.cue_text, speaker=cl.speaker, via="cue")
        )
    return out


def attitude_clauses(a: Article, items: list[Item]) -> list[Item]:
    """What someone believes, expects, wants or plans ("officials believe that ...", "she
    plans to ..."): the clause or *to*-infinitive an attitude verb (cues.attitude_of) takes,
    kind `attitude`; and what a speech act is about when it is a noun phrase, not a
    statement ("she called for new elections", "he denied any involvement"), kind `topic`.
    Read after the speech stages, so nothing carries over from them; a span that is mostly
    inside a quote or reported statement already found is left out."""
    taken = [(it.start, it.end) for it in items if it.kind != TERM]
    out: list[Item] = []
    for t in a.tokens:
        if a.in_quote(t.idx) or a.is_furniture(t.idx):
            continue
        if any(c.dep_ == "auxpass" for c in t.children) or t.dep_ in ("amod", "compound"):
            continue  # "is expected to", "a wanted man": no one holds it
        kind, span = typed_content(a, t)
        if span is None:
            continue
        subj = subject_token(a, t)
        if subj is None or subj.lower_ in WRITER_PRONOUNS | DEMONSTRATIVES:
            continue  # "I think", "this means": the writer's own view
        lo, hi = span
        if kind != TOPIC and (
            hi - lo < 3 or not any(x.pos_ in ("VERB", "AUX") for x in a.doc[lo:hi])
        ):
            continue
        s, e = a.trim(lo, hi)
        if e - s < 8 or covered(taken, s, e):
            continue
        taken.append((s, e))
        sp = speaker_of(a, t)
        out.append(Item(s, e, kind, cue=t, cue_text=cue_text(t), speaker=sp, via="cue"))
    return out


def covered(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """Is more than half of [s, e) inside the records found before?"""
    return sum(max(0, min(e, y) - max(s, x)) for x, y in taken) > 0.5 * (e - s)


def typed_content(a: Article, t: Token) -> tuple[str, tuple[int, int] | None]:
    """The kind and content range of a typed cue verb: a finding, an attitude, the topic of a
    speech verb, or a verb of the WordNet tail (communication: a clause, an infinitive or a
    noun phrase, kind topic; cognition: a clause or an infinitive, kind attitude)."""
    kind_of = attitude_of(t)
    if kind_of == FINDING and enabled("findings"):
        return FINDING_KIND, finding_content(t)
    if kind_of in (BELIEF, INTENT) and enabled("attitudes"):
        return ATTITUDE, attitude_content(a, t)
    if is_cue(t):
        if enabled("speech-topics") and t.lower_ != "according" and t.lemma_ not in DIRECT_ONLY:
            return TOPIC, topic_content(t)
        return "", None
    tail = tail_of(t) if enabled("verb-tail") and kind_of is None else None
    if tail == COGNITION:
        return ATTITUDE, attitude_content(a, t)
    if tail == COMMUNICATION:
        return TOPIC, attitude_content(a, t) or topic_content(t)
    return "", None


# "called for X", "accused them of X", "asked about X": the preposition that carries the topic
TOPIC_PREPS = {"for", "of", "about", "on", "against"}
# Their clause is a question, not a statement: "asked whether ...", "questioned why ..."
QUESTION_VERBS = {"ask", "question", "wonder"}
NO_TOPIC = {"it", "this", "that", "what", "which", "something", "anything", "nothing", "so"}


def topic_content(t: Token) -> tuple[int, int] | None:
    """The noun phrase a speech verb with no clause is about: its object ("denied any
    involvement") or the object of its "for/of/about" ("called for new elections"), as a
    token range; None when it reports a clause, names (NAMING_VERBS) or says "it". The
    clause of a question ("asked whether X") or of a denied speech act ("did not say when
    X": nothing stated) is a topic too."""
    kids = list(t.children)
    comp = next((c for c in kids if c.dep_ == "ccomp" and c.i > t.i), None)
    negated = any(c.dep_ == "neg" for c in kids)
    if comp is not None and (t.lemma_.lower() in QUESTION_VERBS or negated):
        # "asked whether the port would reopen"; "has not said when it would reopen"
        toks = sorted(comp.subtree, key=lambda g: g.i)
        return toks[0].i, toks[-1].i + 1
    if any(c.dep_ in ("ccomp", "xcomp", "oprd") for c in kids):
        return None
    np = next((c for c in kids if c.dep_ == "dobj" and c.i > t.i), None)
    if np is None or t.lemma_.lower() in NAMING_VERBS:
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS), None)
        np = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep else None
    if np is None or np.lower_ in NO_TOPIC or np.pos_ == "PRON":
        return None
    toks = sorted(np.subtree, key=lambda g: g.i)
    if len(toks) < 2:
        return None
    hi = toks[-1].i + 1
    for c in t.rights:  # "cited X as an example of Y", "revealed a gulf in the way ..."
        if c.i < hi:
            continue
        if c.dep_ not in ("prep", "oprd") or t.doc[c.i - 1].text == ",":
            break
        hi = max(g.i for g in c.subtree) + 1
    return toks[0].i, hi


def finding_content(t: Token) -> tuple[int, int] | None:
    """The clause a finding verb reports ("the poll shows (that) X"), or None: "found the
    documents" is no finding."""
    comp = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None)
    if comp is None:
        return None
    toks = sorted(comp.subtree, key=lambda g: g.i)
    return toks[0].i, toks[-1].i + 1


def attitude_content(a: Article, t: Token) -> tuple[int, int] | None:
    """The clause ("believe (that) X") or the infinitive with its object ("want to X",
    "expect him to X") an attitude verb takes, as a token range, or None."""
    comp = [c for c in t.children if c.dep_ == "ccomp" and c.i > t.i]
    if comp:
        return clause_span(a, t, comp[0])
    x = to_infinitive(t)
    if x is None:
        return None
    toks = sorted(x.subtree, key=lambda g: g.i)
    lo = toks[0].i
    obj = [c for c in t.children if c.dep_ == "dobj" and t.i < c.i < x.i]
    if obj:
        lo = min(g.i for g in obj[0].subtree)  # "expect him to drag up ..."
    return lo, extend(a, t, toks[-1].i + 1)
