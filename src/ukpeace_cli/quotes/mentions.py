"""Stage 4, speaker mentions: the article's people and organisations, indexed by token, with
in-article names, titles and genders, for the resolution stage.

`Article` is the layout (stage 2) plus this index. Nothing here decides who spoke.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ukpeace_cli.ablation import enabled
from ukpeace_cli.names.given import given_name_gender
from ukpeace_cli.quotes.cues import is_cue
from ukpeace_cli.quotes.layout import Layout
from ukpeace_cli.quotes.words import (
    FEMALE_HINTS,
    MALE_HINTS,
    ORG_LABELS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    SPEAKER_LABELS,
    SUBJECT_DEPS,
    TITLE_WORDS,
    word_set,
)
from ukpeace_cli.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class Pseudo:
    """A person mention the NER missed (same fields as entities.Mention)."""

    text: str
    label: str
    start: int
    end: int
    name: str
    descriptor: str | None = None
    ambiguous: bool = False
    kind: str | None = None


def local_copies(mentions: Iterable[Any]) -> list[Pseudo]:
    """Our own copies of the mentions (the stored ones are never touched), with a lone
    surname the NER took for an organisation or place ("Sinclair said") given back to
    the person of that surname named in the article."""
    out = [
        Pseudo(
            m.text,
            m.label,
            m.start,
            m.end,
            getattr(m, "name", None) or m.text,
            getattr(m, "descriptor", None),
            getattr(m, "ambiguous", False),
            getattr(m, "kind", None),
        )
        for m in mentions
    ]
    surnames: dict[str, str] = {}
    for m in out:
        words = m.name.split()
        if m.label == "PERSON" and len(words) >= 2:
            surnames.setdefault(fold(words[-1]), m.name)
    initials: dict[str, str] = {}
    for m in out:
        caps = [w for w in re.split(r"[\s,/-]+", m.name) if w[:1].isupper()]
        if m.label == "ORG" and len(caps) >= 2:
            initials.setdefault("".join(w[0] for w in caps), m.name)
    for m in out:
        if m.label in ORG_LABELS and len(m.text.split()) == 1 and m.kind is None:
            full = surnames.get(fold(m.text))
            if full is not None:
                m.label, m.name, m.kind = "PERSON", full, "person"
        # "EDC" after "Export Development Canada (EDC)": the name the article spelt out
        acronym = m.name.removeprefix("the ").removeprefix("The ")
        if m.label == "ORG" and acronym.isupper() and 2 <= len(acronym) <= 6:
            m.name = initials.get(acronym, m.name)
    return out


def unlabelled_speakers(doc: Doc, mentions: Iterable[Any]) -> list[Any]:
    """People the NER missed but the parse shows speaking: a capitalised proper-noun
    subject of a speech verb ("Traeger said") that is the surname of a person named in
    the article, or a two-word name. They become PERSON mentions for the pronoun and
    title look-ups."""
    covered: set[int] = set()
    surnames: dict[str, str] = {}
    # one-word names the NER tagged somewhere in the article ("Facebook" tagged once,
    # missed as the subject of "Facebook said")
    tagged: dict[str, Any] = {}
    for m in mentions:
        covered.update(range(m.start, m.end))
        name = (getattr(m, "name", None) or m.text).split()
        if getattr(m, "label", None) == "PERSON" and len(name) >= 2:
            surnames.setdefault(fold(name[-1]), " ".join(name))
        if m.label in ORG_LABELS and len(m.text.split()) == 1:
            tagged.setdefault(fold(m.text), m)
    # a full name the NER left untagged ("For Carole Laurin, a series of strokes"): a
    # later lone "Laurin" speaking is that person
    for t in doc:
        first = doc[t.i - 1] if t.i else None
        if (
            first is not None
            and t.pos_ == first.pos_ == "PROPN"
            and t.ent_type_ == first.ent_type_ == ""
            and first.dep_ in ("compound", "flat")
            and first.head.i == t.i
            and t.is_alpha
            and first.is_alpha
            and t.text[:1].isupper()
            and first.text[:1].isupper()
            and not {fold(t.text), fold(first.text)} & (ROLE_NOUNS | TITLE_WORDS)
            and (t.i < 2 or doc[t.i - 2].pos_ != "PROPN")
            and (t.i + 1 >= len(doc) or doc[t.i + 1].pos_ != "PROPN")
        ):
            surnames.setdefault(fold(t.text), f"{first.text} {t.text}")
    out = []
    for t in doc:
        if t.dep_ not in SUBJECT_DEPS or not t.text[:1].isupper():
            continue
        same = tagged.get(fold(t.text))
        if same is not None and t.pos_ == "PROPN" and t.idx not in covered:
            out.append(
                Pseudo(
                    t.text,
                    same.label,
                    t.idx,
                    t.idx + len(t.text),
                    getattr(same, "name", None) or same.text,
                    kind=getattr(same, "kind", None),
                )
            )
            continue
        if t.pos_ != "PROPN" and fold(t.text) not in surnames:
            continue  # "Sinclair writes" tagged as a noun: only a known surname
        known = fold(t.text.strip("\u200b")) in surnames
        if t.idx in covered or not (known or is_cue(t.head)):
            continue  # any verb's subject if a known surname, else a speaker's
        first = t
        while (
            first.i > 0
            and doc[first.i - 1].dep_ in ("compound", "flat")
            and (doc[first.i - 1].head == t and doc[first.i - 1].pos_ == "PROPN")
        ):
            first = doc[first.i - 1]
        words = doc[first.i : t.i + 1].text.split()
        if fold(t.lemma_) in ROLE_NOUNS or fold(t.text) in ROLE_NOUNS:
            continue
        name = surnames.get(fold(t.text.strip("​")))
        if name is None and len(words) < 2:
            continue
        text = doc[first.i : t.i + 1].text
        out.append(Pseudo(text, "PERSON", first.idx, t.idx + len(t.text), name or text))
    return out


class Article(Layout):
    """The layout plus the article's speaker mentions, for the resolution stages."""

    def __init__(self, layout: Layout, mentions: Iterable[Any], quoted: list[tuple[int, int]]):
        vars(self).update(vars(layout))  # the layout's indexes, shared, not rebuilt
        doc = self.doc
        mentions = local_copies(mentions)
        self.mentions = sorted(
            [
                *(m for m in mentions if m.label in SPEAKER_LABELS),
                *unlabelled_speakers(doc, mentions),
            ],
            key=lambda m: m.start,
        )
        self.tok_mention: dict[int, Any] = {}
        self.mention_root: dict[int, int] = {}  # id(mention) -> root token index
        # a token belongs to its person first, then to the longest mention covering it
        order = sorted(self.mentions, key=lambda m: (m.label != "PERSON", m.start - m.end))
        for m in order:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            for t in span:
                self.tok_mention.setdefault(t.i, m)
            # names are head-final: the root of "Ambassador to the UN, Mara Velk" is
            # Velk, whatever the parser hung where
            self.mention_root[id(m)] = span[-1].i if m.label == "PERSON" else span.root.i
        self.names = self._canonical_names()
        self.descriptors = {id(m): self._descriptor(m) for m in self.mentions}
        self.first_seen: dict[str, int] = {}
        for m in self.mentions:
            self.first_seen.setdefault(self.name_of(m), m.start)
        # a title said once describes the person everywhere in the article
        self.titles: dict[str, set[str]] = {}
        for m in self.mentions:
            self.titles.setdefault(self.name_of(m), set()).update(self.descriptors[id(m)])
        self.gender = self._genders()
        self.speakers = self._speaker_names()
        # quoted character spans (stage 2b): words inside a quote are no subject of a cue
        # outside it
        self.quoted = quoted

    def _canonical_names(self) -> dict[int, str]:
        """Mention -> name; a lone surname takes the full name used elsewhere in the article.

        The entities module already gives in-article canonical names; this only backs it up
        when a mention still carries its surface form."""
        full: dict[str, str] = {}
        for m in self.mentions:
            name = (getattr(m, "name", None) or m.text).strip()
            parts = name.split()
            if m.label == "PERSON" and len(parts) >= 2:
                full.setdefault(fold(parts[-1]), name)
        out = {}
        for m in self.mentions:
            name = (getattr(m, "name", None) or m.text).strip()
            name = re.sub(r"^(?:the|The)\s+", "", name) if m.label != "PERSON" else name
            name = re.sub(r"['’]s$", "", name)
            if m.label == "PERSON" and len(name.split()) == 1:
                name = full.get(fold(name), name)
            out[id(m)] = name
        return out

    def name_of(self, m: Any) -> str:
        return self.names.get(id(m), m.text)

    def _descriptor(self, m: Any) -> set[str]:
        """Words that describe a mention: its title, appositions and the noun it stands in."""
        words = word_set(getattr(m, "descriptor", None) or "")
        root_i = self.mention_root.get(id(m))
        if root_i is None:
            return words
        root = self.tokens[root_i]
        ent_toks = {t.i for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or []}

        def grab(tok: Token, limit: int = 12) -> None:
            for t in list(tok.subtree)[:limit]:
                if t.i not in ent_toks and t.pos_ in ("NOUN", "PROPN", "ADJ"):
                    words.update(word_set(t.text))

        for c in root.children:
            if c.i in ent_toks:
                continue
            if (c.dep_ in ("compound", "amod", "nmod") and c.i < root.i) or c.dep_ == "appos":
                grab(c)
        # "its UN ambassador, Mara Velk": the name is in apposition to the role
        if root.dep_ == "appos" and root.head.i not in ent_toks:
            head = root.head
            words.update(word_set(head.text))
            for c in head.children:
                if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i:
                    grab(c)
        # "X, the head of Russia's SVR, said"
        # the title right before the name, when the parser hung it elsewhere
        i = root.i - 1
        while i >= 0 and (i in ent_toks):
            i -= 1
        k = 0
        while (
            i >= 0
            and k < 4
            and self.doc[i].pos_ in ("PROPN", "NOUN", "ADJ")
            and (self.doc[i].i not in self.tok_mention or self.doc[i].ent_type_ == "NORP")
        ):
            words.update(word_set(self.doc[i].text))
            i -= 1
            k += 1
        return words

    def _genders(self) -> dict[str, str]:
        """Gender from in-article evidence only: titles (Mr, Mrs, Ms), gendered role words,
        and the pronoun that first follows a person who is the subject of a sentence
        ("Lonechild said she ..."), and failing those a short list of given names of clear
        gender. Unknown stays unknown."""
        votes: dict[str, list[int]] = {}
        titled: dict[str, str] = {}
        for m in self.mentions:
            if m.label != "PERSON":
                continue
            name = self.name_of(m)
            d = self.descriptors.get(id(m), set())
            prev = fold(self.text[max(0, m.start - 6) : m.start]).strip(" .")
            prev_word = prev.split()[-1] if prev.split() else ""
            v = votes.setdefault(name, [0, 0])
            if d & FEMALE_HINTS or prev_word in FEMALE_HINTS:
                titled.setdefault(name, "f")
            elif d & MALE_HINTS or prev_word in MALE_HINTS:
                titled.setdefault(name, "m")
            root_i = self.mention_root.get(id(m))
            if root_i is None or not self.is_subjectish(self.tokens[root_i]):
                continue
            # the first personal pronoun after it, before any other person is named
            j = root_i + 1
            limit = min(len(self.doc), root_i + 40)
            while j < limit:
                t = self.tokens[j]
                other = self.tok_mention.get(t.i)
                if other is not None and other.label == "PERSON" and self.name_of(other) != name:
                    break
                low = t.lower_
                if low in ("he", "him", "his", "himself"):
                    v[0] += 1
                    break
                if low in ("she", "her", "hers", "herself"):
                    v[1] += 1
                    break
                j += 1
        out: dict[str, str] = {}
        lists = enabled("given-names")
        for name, (mv, fv) in votes.items():
            # a title (Mr, Ms, spokeswoman) first, then a given name of clear gender, then
            # the pronoun after the name (weakest: it may be someone else's)
            first = fold(name.split()[0]) if len(name.split()) >= 2 and lists else ""
            if name in titled:
                out[name] = titled[name]
            elif first and (g := given_name_gender(first)):
                out[name] = g
            elif mv != fv:
                out[name] = "m" if mv > fv else "f"
        return out

    def compatible(self, name: str | None, pronoun: str) -> bool:
        want = PERSON_PRONOUNS.get(pronoun.lower(), "m" if pronoun.lower() == "his" else None)
        have = self.gender.get(name or "")
        return not (want and have and want != have)

    def mention_for(self, tok: Token) -> Any | None:
        return self.tok_mention.get(tok.i)

    def is_topic(self, m: Any) -> bool:
        """Is a mention what its sentence is about (a subject), not an object or a modifier?"""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        if any(t.dep_ in SUBJECT_DEPS for t in span):
            return True
        return self.is_subjectish(span.root) or not self.is_object_like(span.root)

    def candidates_before(
        self, tok: Token, labels: set[str], window: int = 6
    ) -> list[tuple[Any, bool, int]]:
        """(mention, is_subject, sentence distance) for mentions before `tok`, nearest
        sentence first, subjects first within a sentence."""
        si = self.sent_index(tok.i)
        out: list[tuple[Any, bool, int]] = []
        for k in range(si, max(-1, si - window), -1):
            sent = self.sents[k]
            seen: set[int] = set()
            rows = []
            for t in sent:
                if k == si and t.i >= tok.i:
                    break
                m = self.tok_mention.get(t.i)
                if m is None or id(m) in seen or m.label not in labels:
                    continue
                seen.add(id(m))
                root = self.tokens[self.mention_root.get(id(m), t.i)]
                rows.append((m, self.is_subjectish(root), t.i))
            # within a sentence: subjects first, then left to right
            rows.sort(key=lambda r: (not r[1], r[2]))
            out.extend((m, subj, si - k) for m, subj, _ in rows)
        return out

    @staticmethod
    def is_object_like(t: Token) -> bool:
        """In a possessive, object or prepositional phrase: not a new topic person."""
        for _ in range(4):
            if t.dep_ in ("appos", "compound", "flat") and t.head != t:
                t = t.head
                continue
            break
        if t.dep_ == "pobj" and t.head.dep_ == "agent":
            return False
        return t.dep_ in ("poss", "pobj", "dobj", "dative", "npadvmod", "attr", "oprd", "nmod")

    @staticmethod
    def is_subjectish(t: Token) -> bool:
        seen = 0
        while seen < 4:
            seen += 1
            if t.dep_ in SUBJECT_DEPS:
                return True
            if t.dep_ in ("appos", "compound", "flat", "conj") and t.head != t:
                t = t.head
                continue
            return bool(t.dep_ == "pobj" and t.head.dep_ == "agent")
        return False

    def introduced(self, m: Any) -> bool:
        """Is this the first mention of a person, alone as its subject?"""
        if self.first_seen.get(self.name_of(m)) != m.start:
            return False
        root = self.tokens[self.mention_root.get(id(m), 0)]
        return not any(c.dep_ == "conj" for c in root.children) and root.dep_ != "conj"

    def person_like(self, m: Any) -> bool:
        """Not an NER slip: no function words ("the Birth of Modern Canada"), not a modifier
        of a thing ("the 2017 Hatch report")."""
        words = m.name.split()
        if len(words) > 4 or any(fold(w) in ("of", "the", "and", "for") for w in words):
            return False
        if any(len(w) >= 2 and w.isupper() for w in words):
            return False  # "Burnaby RCMP": an acronym is an organisation
        root = self.tokens[self.mention_root.get(id(m), 0)]
        return not (
            root.dep_ == "compound"
            and root.head.pos_ == "NOUN"
            and fold(root.head.lemma_) not in ROLE_NOUNS
        )

    def _speaker_names(self) -> dict[str, int]:
        """Name -> where it first is the subject of a speech verb in the article."""
        out: dict[str, int] = {}
        for t in self.tokens:
            if t.dep_ in SUBJECT_DEPS and is_cue(t.head):
                m = self.mention_for(t)
                if m is not None and m.label == "PERSON":
                    out.setdefault(self.name_of(m), t.idx)
        return out
