"""Stage 3, speech cues: the words that report speech (one list, the only one the quote stages
read) and the cue tokens of a parsed sentence.

Source of the verb list: hand-compiled by the ukpeace developers from reporting verbs seen in
English-language news (no published inventory). `data/lexicons.yaml`'s `reporting_verbs` is
`compare`'s user-editable framing subset; attribution must not change with it.

A second, typed class of cues: verbs of attitude ("believes that", "wants to"), read from the
packaged `data/attitude_verbs.yaml` (VerbNet 3.4 classes, named there). They report what
someone thinks or wants, or what a study found, not what anyone said: kinds `attitude` and
`finding`, never a speech cue. A third, from WordNet 3.0 (`data/wordnet_cues.yaml`, derived by
`bench/wordnet_cues.py`): the nouns derived from these cue verbs ("claim", "belief") and the
verbs whose most frequent sense is one of communication or cognition ("agree", "decide"): the
long tail of attribution cues, typed apart from the one speech-verb list.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SPEECH_VERBS = frozenset(
    """
    say tell add state note explain report announce write mention remark respond reply answer
    comment inform describe conclude confirm clarify indicate observe acknowledge recall ask
    quote cite outline summarize summarise testify brief recount claim insist allege assert
    contend maintain argue hint imply speculate deny admit concede confess boast accuse opine
    stress emphasise emphasize underscore underline warn caution highlight urge vow pledge promise
    declare proclaim affirm reaffirm reiterate assure demand condemn denounce reject dismiss
    threaten plead reveal criticise criticize slam blast lambast suggest estimate predict
    tweet post joke quip shout scream yell exclaim complain lament muse wonder question insist
    point contend counter retort concur advise recommend disclose divulge
    repeat continue begin label call dub brand term recognise recognize
    echo blurt chime crow sniff scold snap gush rave marvel scoff sigh
    """.split()
)
# Verbs that cue a quotation but whose clause is no statement ("asked whether", "agreed to").
NOT_INDIRECT = frozenset({"ask", "agree", "wonder", "question", "continue", "begin", "propose"})
# Cues that only make sense with a quoted complement, never for an indirect clause.
NAMING_VERBS = frozenset({"label", "call", "dub", "brand", "term", "describe"})
# Verbs whose content is not speech when they take a clause: "continue that" is not a thing,
# "begin" only cues a direct quote ("he began: ...").
QUOTE_ONLY_VERBS = NAMING_VERBS | {"continue", "begin", "quote", "cite", "repeat"}
# Cues only with a quotation: their object is no topic of speech ("began his speech").
DIRECT_ONLY = frozenset({"continue", "begin"})


BELIEF, INTENT, FINDING = "belief", "intent", "finding"


@lru_cache(maxsize=1)
def attitude_verbs() -> dict[str, str]:
    """lemma -> "belief", "intent" or "finding", from the packaged VerbNet classes; a speech
    verb is none of them, and a verb in two types takes the first."""
    import yaml

    text = resources.files("ukpeace_cli").joinpath("data/attitude_verbs.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    out: dict[str, str] = {}
    for kind in (BELIEF, INTENT, FINDING):
        for members in data[kind].values():
            for lemma in members:
                if lemma not in SPEECH_VERBS:
                    out.setdefault(lemma, kind)
    return out


def attitude_of(t: Token) -> str | None:
    """The attitude type of a verb token ("believe" -> belief, "plan" -> intent, "show" ->
    finding), or None."""
    if t.pos_ not in ("VERB", "AUX"):
        return None
    return attitude_verbs().get(t.lemma_.lower())


COMMUNICATION, COGNITION = "communication", "cognition"


@lru_cache(maxsize=1)
def wordnet_cues() -> dict[str, dict[str, str]]:
    """The packaged WordNet lists: `nouns` (noun -> the cue verb it derives from) and `verbs`
    (lemma -> "communication" or "cognition"), less every speech and attitude verb."""
    import yaml

    text = resources.files("ukpeace_cli").joinpath("data/wordnet_cues.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    typed = SPEECH_VERBS | attitude_verbs().keys()
    verbs = {v: kind for kind in (COMMUNICATION, COGNITION) for v in data[kind] if v not in typed}
    return {"nouns": dict(data["nouns"]), "verbs": verbs}


def tail_of(t: Token) -> str | None:
    """ "communication" or "cognition" for a verb of the long tail ("agreed", "decided"), or
    None (speech and attitude verbs are typed above)."""
    if t.pos_ != "VERB":
        return None
    return wordnet_cues()["verbs"].get(t.lemma_.lower())


def noun_cue(t: Token) -> str | None:
    """The cue verb a noun derives from ("claim" -> claim, "belief" -> believe), or None."""
    if t.pos_ != "NOUN":
        return None
    return wordnet_cues()["nouns"].get(t.lemma_.lower())


def is_cue(t: Token) -> bool:
    if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
        return True
    if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "NOUN" and t.tag_ == "VBZ"):
        return False
    return t.lemma_.lower() in SPEECH_VERBS


def cue_text(v: Token) -> str:
    """The cue as written: "said", "according to", "was quoted as saying"."""
    if v.lower_ == "according":
        return v.text + " to"
    words = [v]
    if v.head != v and v.head.lower_ == "as" and v.head.head.lemma_ == "quote":
        base = v.head.head  # "was quoted as saying"
        aux = [c for c in base.children if c.dep_ == "auxpass"]
        return " ".join(t.text for t in [*aux, base, v.head, v])
    for c in v.children:
        if c.dep_ == "prt" and c.i == v.i + 1:  # "point out"
            words.append(c)
        if c.dep_ == "mark" and c.lower_ == "as" and c.i == v.i - 1:  # "as stated by"
            words.insert(0, c)
    words.sort(key=lambda t: t.i)
    if len(words) > 1 and words[0].lower_ == "as" and any(c.dep_ == "agent" for c in v.children):
        return f"{words[0].text} {v.text} by"
    return " ".join(t.text for t in words)
