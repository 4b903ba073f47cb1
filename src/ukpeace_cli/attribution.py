"""Who said it: speech cues and their speakers, read off spaCy's dependency parse.

Given a parsed Doc and the article's entity mentions, `Attributor` answers three questions:
- `cue_speaker(token)`: the speaker of a speech verb (its subject, found beyond the root when the
  verb is a conjunct, participle, relative clause or passive with "by");
- `resolve(token)`: the entity a subject stands for: a named mention, a pronoun ("he" -> the
  nearest salient person before it), a role noun ("the German defense minister" -> the person an
  earlier title described), a document ("the paper" -> its author, "the report" -> its outlet),
  an anonymous source ("one source"), or a vague group ("many analysts", left unresolved);
- `reported_clauses()`: indirect speech (X said that ..., according to X, ..., X warned).

Nothing here guesses: a subject that cannot be tied to a name yields `name=None`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Verbs that report speech or writing (lemmas). A superset of the reporting verbs in
# lexicons.yaml, which is `compare`'s and user-editable; attribution must not change with it.
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
WRITER_PRONOUNS = {"we", "i", "us", "me"}
DEMONSTRATIVES = {"this", "that", "these", "those"}
# Cues that only make sense with a quoted complement, never for an indirect clause.
NAMING_VERBS = frozenset({"label", "call", "dub", "brand", "term", "describe"})
# Verbs whose content is not speech when they take a clause: "continue that" is not a thing,
# "begin" only cues a direct quote ("he began: ...").
QUOTE_ONLY_VERBS = NAMING_VERBS | {"continue", "begin", "quote", "cite", "repeat"}

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "i": None, "me": None}
GROUP_PRONOUNS = {"they", "them", "we", "us"}
THING_PRONOUNS = {"it"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}

# Nouns that name a role a person holds; "the minister" can be resolved through titles.
ROLE_NOUNS = frozenset(
    """
    minister president prime premier chancellor secretary ambassador envoy negotiator spokesperson
    spokesman spokeswoman official general commander chief head leader director diplomat
    representative senator mayor governor lawmaker mp author expert analyst scientist professor
    lecturer researcher fellow economist historian adviser advisor aide king queen prince emperor
    pope candidate founder ceo chairman chairwoman chair executive manager coach player captain
    lawyer attorney judge prosecutor officer inspector doctor dr physician nurse teacher student
    mother father wife husband son daughter sister brother man woman veteran activist
    organizer organiser owner resident member politician deputy councillor councilor colonel
    sergeant lieutenant admiral marshal commissioner ombudsman justice dictator strongman
    economist strategist journalist reporter editor correspondent columnist writer
    dad mom mum grandfather grandmother uncle aunt cousin friend partner neighbour neighbor
    boyfriend girlfriend fiance fiancee
    """.split()
)
# Who is this when unnamed? An anonymous source.
SOURCE_NOUNS = frozenset(
    "source sources insider insiders interlocutor official officials diplomat diplomats "
    "person people aide aides".split()
)
# Writings that speak: resolved to their author or outlet when the article says whose they are.
DOCUMENT_NOUNS = frozenset(
    """
    report paper study survey document memo memorandum statement letter article plan proposal
    draft treaty communique transcript briefing readout release poll analysis assessment dossier
    theses resolution book note email message post tweet filing complaint lawsuit ruling
    """.split()
)
# Speech as a noun: "remarks from Macron indicated", "her statement read".
SPEECH_NOUNS = frozenset(
    "remark remarks comment comments word words statement statements message tweet post "
    "letter email release testimony speech interview answer response reply".split()
)
# Outlets as nouns: "the publication notes" -> the outlet named before.
OUTLET_NOUNS = frozenset(
    "newspaper publication outlet paper broadcaster channel network magazine journal "
    "daily website station".split()
)
# Organisations as nouns: "the company said" -> the organisation named before.
ORG_NOUNS = frozenset(
    """
    company firm union board agency government ministry department city council organization
    organisation group party league team club university commission police court bank
    association federation foundation institute committee corporation business airline
    retailer manufacturer insurer regulator authority service office province country state
    utility railway railroad automaker carmaker broadcaster network chain operator developer
    producer studio startup lab hospital school district municipality
    """.split()
)
# Plural or vague collectives: not a speaker anyone can name.
GROUP_NOUNS = frozenset(
    """
    analysts observers experts critics reports media officials politicians sources diplomats
    allies leaders commentators economists scientists researchers residents people many some
    others supporters opponents authorities governments countries members voters polls studies
    """.split()
)
# Role nouns that say nothing about which person: "the expert" is the person quoted last.
GENERIC_ROLES = frozenset(
    "expert analyst scientist author professor researcher economist historian observer "
    "commentator strategist specialist academic scholar".split()
)
# "the 26-year-old right wing": an age says nothing about a title
_AGE_WORDS = {"year", "years", "old"}
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ORG_LABELS = {"ORG", "GPE", "NORP"}
_MENTION_DEPS = {"relcl", "appos", "acl", "punct", "cc", "conj", "prep", "advmod", "advcl"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_TITLE_WORDS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"}
_FEMALE_HINTS = {
    "mrs",
    "ms",
    "miss",
    "dame",
    "lady",
    "madam",
    "queen",
    "woman",
    "mother",
    "wife",
    "daughter",
    "sister",
    "chairwoman",
    "spokeswoman",
    "businesswoman",
    "mom",
    "mum",
    "grandmother",
    "aunt",
    "girlfriend",
}
_MALE_HINTS = {
    "mr",
    "sir",
    "lord",
    "king",
    "man",
    "father",
    "husband",
    "son",
    "brother",
    "chairman",
    "spokesman",
    "businessman",
    "dad",
    "grandfather",
    "uncle",
    "boyfriend",
}


# Common given names of clear gender in English-language news, used only when the article
# itself says nothing (no Mr/Ms, no pronoun right after the name). Ambiguous names (Jordan,
# Alex, Robin, Jean, Kim, ...) are deliberately left out: unknown stays unknown.
_FEMALE_NAMES = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia christina lauren joan evelyn judith
    megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice
    alice madison doris abigail julia judy grace denise amber marilyn beverly danielle
    theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla anne
    wendy caroline moyra megda jody chrystia annalena kaja ursula theresa jacinda hillary
    nadia maria sophie chloe claire clare fiona kirsty louise lucy mairead siobhan yvonne
    valerie sylvie isabelle nathalie genevieve josee melanie catherine marina olena
    yulia irina svetlana natalia tatiana oksana iryna liz kate katie jane joanne lynn
    erin kristen kristin tara tina tracy tracey vanessa veronica vicky monica patty
    peggy penny holly heidi gail gwen harriet ingrid iris ivy jill joy june kay leah
    lindsay lorraine mandy margot marjorie naomi nina nora paula phyllis rita roberta rosa
    sally shannon sheila stacy sue susanne tammy vera wanda yolanda zoe elyse demi hannah
    priya anita sunita aisha fatima leila layla mariam zainab ayesha
    """.split()
)
_MALE_NAMES = frozenset(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
    christian keith roger austin sean gerald carl harold dylan arthur lawrence
    bryan billy bruce gabriel joe logan albert willie alan eugene russell vincent
    philip bobby johnny bradley roy ralph louis randy howard boris emmanuel vladimir
    volodymyr sergei sergey dmitry keir rishi justin doug ian colin graham neil nigel hugh
    rupert gordon malcolm alistair angus hamish duncan fergus liam connor declan sean kieran
    olaf friedrich wolfgang jurgen klaus dieter hans fritz heinz pierre jacques francois
    michel philippe olivier nicolas antoine jean-noel jean-yves jean-luc mohammed mohammad
    ahmed ali omar hassan hussein yusuf ibrahim mustafa khalid tariq rajesh ravi sanjay
    vijay amit arjun xi hu wang shinzo recep viktor antonio giorgia mateusz andrzej donald
    mike jim bill bob tom tim dave dan steve ken ron rick ted fred jeff greg nick matt
    tony rob ben jake luke max leo oscar hugo felix victor marcus martin simon
    toby wayne barry dean derek glenn gavin grant craig stuart ross rod rodney trevor warren
    cecil darrin kody colton xander alfonso murray kevin ernie babatunji caleb jared stephen
    """.split()
)


# Nouns ending like agent nouns that name things, not people.
_THING_NOUNS = frozenset(
    "paper letter number order border computer answer matter power water sector factor "
    "error motor mirror meter centre center corner chapter character cover filter layer".split()
)


def _naming(t: Token) -> bool:
    """ "named"/"called" as a participle after a noun: "a man named Neil Calder"."""
    return t.dep_ == "acl" and t.lemma_ in ("name", "call") and t.tag_ == "VBN"


def _personal(lemma: str) -> bool:
    """Does a common noun name a person ("the affable proprietor", "the baker"), not a body
    or a thing ("the military")? Agent-noun endings, as a cheap stand-in for a lexicon."""
    return lemma not in _THING_NOUNS and lemma.endswith(("er", "or", "ist", "ian", "ant", "ent"))


def fold(s: str) -> str:
    nfkd = unicodedata.normalize("NFKD", s)
    return "".join(c for c in nfkd if not unicodedata.combining(c)).casefold()


def _words(s: str) -> set[str]:
    w = {x for x in re.findall(r"[a-z]+", fold(s))}
    return w | {x.replace("defence", "defense") for x in w}


@dataclass
class Speaker:
    """Who a cue's subject stands for."""

    name: str | None  # in-article canonical name; None when it cannot be resolved
    mention: str | None  # the words the article uses ("he", "the minister")
    label: str | None = None  # PERSON / ORG / GPE / NORP
    kind: str | None = None  # person | organisation | anonymous | document | group
    via: str = "name"  # name | pronoun | nominal | document | anonymous | group
    start: int = -1  # char offset of the mention
    end: int = -1
    parts: list[str] | None = None  # the names of a joint speaker ("Britain, France and ...")


@dataclass
class _Pseudo:
    """A person mention the NER missed (same fields as entities.Mention)."""

    text: str
    label: str
    start: int
    end: int
    name: str
    descriptor: str | None = None
    ambiguous: bool = False
    kind: str | None = None


@dataclass
class Clause:
    """Indirect speech: a reported content span and its cue."""

    start: int
    end: int
    cue: Token
    cue_text: str
    speaker: Speaker | None


class Attributor:
    """Speaker lookup over one parsed article."""

    def __init__(self, doc: Doc, mentions: Iterable[Any]):
        self.doc = doc
        self.text = doc.text  # Doc.text rebuilds the string on every call: keep it
        self.tokens = list(doc)  # one Token object each (doc[i] makes a new one every time)
        mentions = self._local_copies(mentions)
        self.mentions = sorted(
            [
                *(m for m in mentions if m.label in SPEAKER_LABELS),
                *self._unlabelled_speakers(doc, mentions),
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
            # names are head-final: the root of "Ambassador to NATO, Deyvidas Matulionis" is
            # Matulionis, whatever the parser hung where
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
        self._sents = list(doc.sents)
        self.sent_starts = [s.start for s in self._sents]
        # quoted character spans, set by the quote extractor: words inside a quote are no
        # subject of a cue outside it
        self.quoted: list[tuple[int, int]] = []

    # --- names ------------------------------------------------------------------------------

    @staticmethod
    def _local_copies(mentions: Iterable[Any]) -> list[_Pseudo]:
        """Our own copies of the mentions (the stored ones are never touched), with a lone
        surname the NER took for an organisation or place ("Sinclair said") given back to
        the person of that surname named in the article."""
        out = [
            _Pseudo(
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

    @staticmethod
    def _unlabelled_speakers(doc: Doc, mentions: Iterable[Any]) -> list[Any]:
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
                and not {fold(t.text), fold(first.text)} & (ROLE_NOUNS | _TITLE_WORDS)
                and (t.i < 2 or doc[t.i - 2].pos_ != "PROPN")
                and (t.i + 1 >= len(doc) or doc[t.i + 1].pos_ != "PROPN")
            ):
                surnames.setdefault(fold(t.text), f"{first.text} {t.text}")
        out = []
        for t in doc:
            if t.dep_ not in _SUBJECT_DEPS or not t.text[:1].isupper():
                continue
            same = tagged.get(fold(t.text))
            if same is not None and t.pos_ == "PROPN" and t.idx not in covered:
                out.append(
                    _Pseudo(
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
            if t.idx in covered or not (known or Attributor.is_cue(t.head)):
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
            out.append(_Pseudo(text, "PERSON", first.idx, t.idx + len(t.text), name or text))
        return out

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
        words = _words(getattr(m, "descriptor", None) or "")
        root_i = self.mention_root.get(id(m))
        if root_i is None:
            return words
        root = self.tokens[root_i]
        ent_toks = {t.i for t in self.doc.char_span(m.start, m.end, alignment_mode="expand") or []}

        def grab(tok: Token, limit: int = 12) -> None:
            for t in list(tok.subtree)[:limit]:
                if t.i not in ent_toks and t.pos_ in ("NOUN", "PROPN", "ADJ"):
                    words.update(_words(t.text))

        for c in root.children:
            if c.i in ent_toks:
                continue
            if (c.dep_ in ("compound", "amod", "nmod") and c.i < root.i) or c.dep_ == "appos":
                grab(c)
        # "its NATO ambassador, Deividas Matulionis": the name is in apposition to the role
        if root.dep_ == "appos" and root.head.i not in ent_toks:
            head = root.head
            words.update(_words(head.text))
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
            words.update(_words(self.doc[i].text))
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
            if d & _FEMALE_HINTS or prev_word in _FEMALE_HINTS:
                titled.setdefault(name, "f")
            elif d & _MALE_HINTS or prev_word in _MALE_HINTS:
                titled.setdefault(name, "m")
            root_i = self.mention_root.get(id(m))
            if root_i is None or not self._is_subjectish(self.tokens[root_i]):
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
        for name, (mv, fv) in votes.items():
            # a title (Mr, Ms, spokeswoman) first, then a given name of clear gender, then
            # the pronoun after the name (weakest: it may be someone else's)
            first = fold(name.split()[0]) if len(name.split()) >= 2 else ""
            if name in titled:
                out[name] = titled[name]
            elif first in _FEMALE_NAMES and first not in _MALE_NAMES:
                out[name] = "f"
            elif first in _MALE_NAMES and first not in _FEMALE_NAMES:
                out[name] = "m"
            elif mv != fv:
                out[name] = "m" if mv > fv else "f"
        return out

    def compatible(self, name: str | None, pronoun: str) -> bool:
        want = PERSON_PRONOUNS.get(pronoun.lower(), "m" if pronoun.lower() == "his" else None)
        have = self.gender.get(name or "")
        return not (want and have and want != have)

    # --- the subject of a cue -----------------------------------------------------------

    def subject_token(self, v: Token) -> Token | None:
        """The subject of a speech verb, looking beyond the root: conjuncts and participles
        share their head's subject; passives take the "by" agent; relative clauses their
        antecedent."""
        seen = 0
        while v is not None and seen < 6:
            seen += 1
            agent = None
            passive = v.tag_ == "VBN" and (
                any(c.dep_ == "auxpass" for c in v.children) or v.dep_ in ("advcl", "acl")
            )
            for c in v.children:
                if c.dep_ == "agent" and passive:
                    agent = next((g for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None:
                return agent
            subjects = [c for c in v.children if c.dep_ in _SUBJECT_DEPS and c.pos_ != "AUX"]
            if subjects and all(self._quoted_apart(c, v) for c in subjects):
                # the parser took quoted words for the subject ("Doug Purdy, who lost 16 lbs.
                # 'and two belt loops' ..., says"): the name before the quote speaks
                return self._name_before(min(x.i for x in subjects[0].subtree))
            subjects = [c for c in subjects if not self._quoted_apart(c, v)]
            # "partners Britain, France and Germany have vowed": two subjects; take the name
            subjects.sort(key=lambda c: self._mention_for(c) is None)
            for c in subjects:
                if c.lower_ in RELATIVE_PRONOUNS and v.dep_ == "relcl":
                    return v.head
                return c
            absolute = self._with_absolute(v)
            if absolute is not None:
                return absolute
            if v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "conj"):
                up = v.head
                for _ in range(3):  # "argued that X would ..., adding that": up to "argued"
                    if (
                        up.dep_ == "ccomp"
                        and self.is_cue(up.head)
                        and not self._quoted_apart(up.head, v)
                    ):
                        v = up.head
                        break
                    if up.head == up:
                        break
                    up = up.head
                else:
                    pass
                if v.tag_ != "VBG":
                    continue
            if v.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl") or (
                v.dep_ == "prep" and v.lower_ == "according"
            ):
                if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
                    return v.head  # "a spokesperson, saying that ..."
                v = v.head
                continue
            if v.dep_ == "relcl":
                return v.head
            return None
        return None

    def _quoted_apart(self, a: Token, b: Token) -> bool:
        """Is `a` inside a quote that `b` is not in ("Doug Purdy, who lost 16 lbs. 'and two
        belt loops', says": "loops" is no subject of "says")?"""
        return any(lo <= a.idx < hi and not lo <= b.idx < hi for lo, hi in self.quoted)

    def _name_before(self, i: int, reach: int = 10) -> Token | None:
        """The root token of the nearest person or organisation named before token `i`."""
        for j in range(i - 1, max(-1, i - 1 - reach), -1):
            m = self.tok_mention.get(j)
            if m is not None and m.label in ("PERSON", "ORG"):
                return self.tokens[self.mention_root.get(id(m), j)]
        return None

    def _with_absolute(self, v: Token) -> Token | None:
        """ "..., with its NATO ambassador, Deividas Matulionis, emphasizing that": the person
        right before a participle, inside a "with" phrase, is its subject."""
        if v.tag_ != "VBG" or v.i == 0:
            return None
        j = v.i - 1
        while j >= 0 and self.doc[j].is_punct:
            j -= 1
        p = self.doc[j]
        m = self.tok_mention.get(p.i)
        if m is None or m.label != "PERSON":
            return None
        t = p
        for _ in range(5):
            if t.dep_ == "pobj" and t.head.lower_ == "with":
                return p
            if t.head == t:
                return None
            t = t.head
        return None

    def cue_speaker(self, v: Token) -> Speaker | None:
        subj = self.subject_token(v)
        if subj is None:
            return None
        return self.resolve(subj)

    # --- resolving a subject ----------------------------------------------------------

    def mention_text(self, tok: Token) -> str:
        toks = [tok]
        stack = [c for c in tok.children if c.dep_ not in _MENTION_DEPS]
        while stack:
            c = stack.pop()
            toks.append(c)
            stack.extend(g for g in c.children if g.dep_ not in _MENTION_DEPS)
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        m = self.tok_mention.get(tok.i)
        if m is not None and m.start <= end and start <= m.end:
            start, end = min(start, m.start), max(end, m.end)  # "the Bank of England"
        return self.text[start:end].strip(" ,;:‘’“”\"'")

    def _mention_for(self, tok: Token) -> Any | None:
        return self.tok_mention.get(tok.i)

    def _speaker_from_mention(self, m: Any, tok: Token, via: str = "name") -> Speaker:
        kind = "person" if m.label == "PERSON" else "organisation"
        return Speaker(
            self.name_of(m),
            self.mention_text(tok),
            m.label,
            kind,
            via,
            tok.idx,
            tok.idx + len(tok.text),
        )

    def resolve(self, tok: Token) -> Speaker:
        mention = self.mention_text(tok)
        low = tok.lower_
        lemma = fold(tok.lemma_)
        here = (tok.idx, tok.idx + len(tok.text))
        m = self._mention_for(tok)
        if m is not None and not (m.label in ("GPE", "NORP") and lemma in ROLE_NOUNS):
            return self._joint(tok, m) or self._speaker_from_mention(m, tok)
        if low in PERSON_PRONOUNS or low in ("his", "hers"):
            return self._pronoun(tok, mention)
        if low in THING_PRONOUNS or low in GROUP_PRONOUNS:
            return self._it_they(tok, mention)
        role = lemma in ROLE_NOUNS or low in ROLE_NOUNS
        # a name inside the phrase: "French Foreign Minister Jean-Noel Barrot", "the
        # well-known representative of the Russian Foreign Ministry Maria Zakharova"
        person = self._person_in_phrase(tok, deep=role)
        if person is not None:
            return self._speaker_from_mention(person, tok)
        # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said": the name in apposition
        appos = self._appos_name(tok)
        if appos is not None:
            return self._speaker_from_mention(appos, tok)
        # "according to the city's Street Needs Assessment": a named document's possessor
        if tok.pos_ == "PROPN" and not role and self._mention_for(tok) is None:
            owner = self._document_author(tok, named=True)
            if owner is not None:
                owner.mention, owner.via, (owner.start, owner.end) = mention, "document", here
                return owner
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and not role:
            # a name the NER missed (or an organisation): keep it as written
            lo = min(t.i for t in tok.subtree if t.dep_ in ("compound", "flat") or t == tok)
            name = self.doc[lo : tok.i + 1].text
            name = " ".join(w for w in name.split() if fold(w).strip(".") not in _TITLE_WORDS)
            return Speaker(name or mention, mention, None, None, "name", *here)
        # "its NATO ambassador, Deividas Matulionis"; "partners Britain, France and Germany"
        for c in tok.children:
            if c.dep_ in ("appos", "compound") and c.i > tok.i - 8 and self._mention_for(c):
                joint = self._joint(c, self._mention_for(c), mention)
                if joint is not None:
                    return joint
            if c.dep_ == "appos":
                mc = next((self._mention_for(g) for g in c.subtree if self._mention_for(g)), None)
                if mc is not None and (
                    mc.label == "ORG" or (mc.label == "PERSON" and self.person_like(mc))
                ):
                    return self._speaker_from_mention(mc, tok)
        # "remarks from French President Emmanuel Macron", "the latest numbers from
        # Statistics Canada", "members of the DUP"
        if lemma in SPEECH_NOUNS:
            author = self._document_author(tok)
            if author is not None:
                author.mention, author.via, (author.start, author.end) = mention, "document", here
                return author
        plural = tok.tag_ in ("NNS", "NNPS") or low in GROUP_NOUNS
        if plural:
            if lemma in SOURCE_NOUNS and self._anonymous_ok(tok):
                return Speaker("anonymous source", mention, None, "anonymous", "anonymous", *here)
            return Speaker(None, mention, None, "group", "group", *here)
        if lemma in DOCUMENT_NOUNS or lemma in OUTLET_NOUNS:
            return self._document(tok, mention, lemma)
        if role or lemma in SOURCE_NOUNS:
            indefinite = any(
                c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another", "some")
                for c in tok.children
            )
            sp = None if indefinite else self._nominal(tok, mention, lemma)
            if sp is not None and sp.via != "generic":
                return sp
            if sp is not None and lemma not in SOURCE_NOUNS:
                return sp
            if lemma in SOURCE_NOUNS or lemma in ("official", "diplomat", "aide", "insider"):
                return Speaker("anonymous source", mention, None, "anonymous", "anonymous", *here)
        definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
        if definite and lemma in ORG_NOUNS:
            org = self._org_nominal(tok, mention, lemma)
            if org is not None:
                return org
        if definite and tok.pos_ == "NOUN" and not role and tok.tag_ == "NN" and _personal(lemma):
            # "said the affable proprietor": an epithet for someone already in the story
            return self._epithet(tok, mention)
        return Speaker(None, mention, None, None, "unresolved", *here)

    def _org_nominal(self, tok: Token, mention: str, lemma: str) -> Speaker | None:
        """ "the company said" -> the organisation named last (a subject first); "the city"
        -> the place."""
        labels = {"GPE"} if lemma in ("city", "country", "province", "state", "town") else {"ORG"}
        best = named = None
        for m, subj, dist in self._candidates_before(tok, labels, window=40):
            outlet = getattr(m, "kind", None) == "outlet" or self._looks_like_outlet(m)
            if outlet and lemma not in OUTLET_NOUNS:
                continue
            if named is None and lemma in _words(self.name_of(m)):
                named = m  # "the union" -> the Canadian Union of Public Employees
            if subj and best is None and dist < 10:
                best = m
        best = (
            named
            or best
            or next(
                (
                    m
                    for m, _s, _d in self._candidates_before(tok, labels, window=10)
                    if not self._looks_like_outlet(m)
                ),
                None,
            )
        )
        if best is None:
            return None
        sp = self._speaker_from_mention(
            best, self.tokens[self.mention_root.get(id(best), 0)], "nominal"
        )
        sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
        return sp

    def _joint(self, tok: Token, m: Any, mention: str | None = None) -> Speaker | None:
        """ "Britain, France and Germany have vowed": a list of names speaks together."""
        members = [m]
        stack = [c for c in tok.children if c.dep_ == "conj"]
        while stack:
            c = stack.pop(0)
            mc = self._mention_for(c)
            if mc is None or (mc.label == "PERSON") != (m.label == "PERSON"):
                return None
            if mc not in members:
                members.append(mc)
            stack.extend(g for g in c.children if g.dep_ == "conj")
        if len(members) < 2:
            return None
        names = [self.name_of(x) for x in members]
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        lo = min(x.idx for x in tok.subtree)
        text = mention or self.text[lo : max(x.start for x in members) + 1]
        kind = "person" if m.label == "PERSON" else "organisation"
        if not text:
            return None
        return Speaker(
            joined,
            mention or self.mention_text(tok),
            m.label,
            kind,
            "name",
            tok.idx,
            tok.idx + len(tok.text),
            parts=names,
        )

    def is_topic(self, m: Any) -> bool:
        """Is a mention what its sentence is about (a subject), not an object or a modifier?"""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        if any(t.dep_ in _SUBJECT_DEPS for t in span):
            return True
        return self._is_subjectish(span.root) or not self.is_object_like(span.root)

    def _person_in_phrase(self, tok: Token, deep: bool) -> Any | None:
        """A PERSON named inside the subject phrase (never one in a possessive: "Trump's
        spokesman" is not Trump)."""
        found: list[Any] = []
        stack = [
            c for c in tok.children if c.dep_ not in ("relcl", "acl", "advcl", "poss", "punct")
        ]
        while stack:
            c = stack.pop()
            if c.dep_ in ("poss", "relcl", "acl", "advcl", "conj", "cc"):
                continue
            if c.dep_ == "prep" and (not deep or c.lower_ in ("for", "to", "with", "at", "from")):
                continue  # "a spokeswoman for Trudeau" is not Trudeau
            mc = self._mention_for(c)
            if mc is not None and mc.label == "PERSON" and mc not in found and self.person_like(mc):
                found.append(mc)
            stack.extend(c.children)
        names = {self.name_of(m) for m in found}
        return found[0] if len(names) == 1 else None

    def _appos_name(self, tok: Token) -> Any | None:
        """A person or organisation named in apposition to the subject phrase, also when the
        parser hung it on the phrase's last noun ("Keeper of the Ruler's Seal, Syed Danial
        Syed Ahmad, said")."""
        # not past a relative clause: "the resident, who sold copies of his comic Forgotten
        # Grunt: The Undead Soldier" is no name for the resident
        stop = min((c.i for c in tok.children if c.dep_ in ("relcl", "acl")), default=len(self.doc))
        stack = [(c, 0) for c in tok.children if c.i < stop or _naming(c)]
        while stack:
            c, depth = stack.pop()
            if _naming(c):  # "an official in Banten province named Jhony"
                name = next((g for g in c.children if g.dep_ in ("oprd", "dobj", "attr")), None)
                mc = self._mention_for(name) if name is not None else None
                if mc is not None and mc.label == "PERSON" and self.person_like(mc):
                    return mc
                continue
            if c.dep_ == "appos":
                mc = self._mention_for(c)
                if mc is not None and mc.label == "ORG":
                    return mc
                if mc is not None and mc.label == "PERSON" and self.person_like(mc):
                    return mc
                # "Wise's dad, Darrin": a name the NER took for a place, beside a person noun
                lemma = fold(tok.lemma_)
                if (
                    c.pos_ == "PROPN"
                    and (mc is None or mc.label in ("GPE", "NORP"))
                    and (lemma in ROLE_NOUNS or _personal(lemma))
                    and not any(g.dep_ in ("prep", "cc", "conj") for g in c.children)
                ):
                    lo = min(g.idx for g in c.subtree if g.dep_ in ("compound", "flat") or g == c)
                    text = self.text[lo : c.idx + len(c.text)]
                    return _Pseudo(text, "PERSON", lo, c.idx + len(c.text), text)
            if c.dep_ in ("prep", "pobj") and depth < 3:
                stack.extend((g, depth + 1) for g in c.children if g.dep_ != "relcl")
        return None

    def _anonymous_ok(self, tok: Token) -> bool:
        return not any(
            self._mention_for(t) for t in tok.subtree if t.i != tok.i and t.dep_ == "appos"
        )

    def _sent_index(self, i: int) -> int:
        import bisect

        return bisect.bisect_right(self.sent_starts, i) - 1

    def _candidates_before(
        self, tok: Token, labels: set[str], window: int = 6
    ) -> list[tuple[Any, bool, int]]:
        """(mention, is_subject, sentence distance) for mentions before `tok`, nearest
        sentence first, subjects first within a sentence."""
        si = self._sent_index(tok.i)
        out: list[tuple[Any, bool, int]] = []
        for k in range(si, max(-1, si - window), -1):
            sent = self._sents[k]
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
                rows.append((m, self._is_subjectish(root), t.i))
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
        # "Prime Minister of Estonia Kaja Kallas": the person holds the role, climb to it
        for _ in range(3):
            if (
                t.dep_ == "pobj"
                and t.head.lower_ in ("of", "for")
                and (fold(t.head.head.lemma_) in ROLE_NOUNS)
            ):
                t = t.head.head
                while t.dep_ in ("appos", "compound") and t.head != t:
                    t = t.head
            else:
                break
        return t.dep_ in ("poss", "pobj", "dobj", "dative", "npadvmod", "attr", "oprd", "nmod")

    @staticmethod
    def _is_subjectish(t: Token) -> bool:
        seen = 0
        while seen < 4:
            seen += 1
            if t.dep_ in _SUBJECT_DEPS:
                return True
            if t.dep_ in ("appos", "compound", "flat", "conj") and t.head != t:
                t = t.head
                continue
            return bool(t.dep_ == "pobj" and t.head.dep_ == "agent")
        return False

    def _pronoun(self, tok: Token, mention: str) -> Speaker:
        want = PERSON_PRONOUNS.get(tok.lower_)
        if tok.lower_ in ("his",):
            want = "m"
        if tok.lower_ in ("i", "me"):
            return Speaker(
                None, mention, None, None, "unresolved", tok.idx, tok.idx + len(tok.text)
            )
        # Salience: near, a subject, someone who speaks in the article, a real-looking name.
        best, best_score = None, float("-inf")
        cands = [
            (m, subj, dist)
            for m, subj, dist in self._candidates_before(tok, {"PERSON"}, window=12)
            if not (want and self.gender.get(self.name_of(m)) not in (None, want))
            and self.person_like(m)
        ]
        # A person the text has just introduced (first mention, as the subject or in the
        # sentence right before) is the centre of attention: someone quoted earlier does not
        # outrank them ("Mary Nicholson, director of ..., agreed with Williamson's approach.
        # 'I'm sure ...,' she said"; "... results for accountant Babatunji Farinloye, 50.
        # 'I had a membership ...,' he says").
        centre = (cands[0][0], cands[0][2]) if cands else None
        if centre is not None and not (
            self._introduced(centre[0]) and (cands[0][1] or centre[1] <= 1)
        ):
            centre = None
        for rank, (m, subj, dist) in enumerate(cands, 1):
            name = self.name_of(m)
            g = self.gender.get(name)
            lone = len(name.split()) == 1  # real people are introduced with a full name
            spoke = self.speakers.get(name, len(self.text)) < tok.idx  # quoted before
            if centre is not None and dist > centre[1] and self.name_of(centre[0]) != name:
                spoke = False
            matches = bool(want and g == want)  # known to fit, not just not excluded
            score = -1.0 * dist + 1.0 * subj + 3.0 * spoke + 1.5 * matches - 0.1 * rank - lone
            score += 2.0 * (centre is not None and m is centre[0])
            if score > best_score:
                best, best_score = m, score
        if best is not None:
            root = self.tokens[self.mention_root.get(id(best), 0)]
            sp = self._speaker_from_mention(best, root, "pronoun")
            sp.mention = mention
            sp.start, sp.end = tok.idx, tok.idx + len(tok.text)
            return sp
        return Speaker(None, mention, None, None, "pronoun", tok.idx, tok.idx + len(tok.text))

    def _introduced(self, m: Any) -> bool:
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
            if t.dep_ in _SUBJECT_DEPS and self.is_cue(t.head):
                m = self._mention_for(t)
                if m is not None and m.label == "PERSON":
                    out.setdefault(self.name_of(m), t.idx)
        return out

    def _it_they(self, tok: Token, mention: str) -> Speaker:
        """ "it said" -> the organisation that was the subject just before; "they" only when
        that subject was a list of organisations (AFP and DW)."""
        for m, subj, dist in self._candidates_before(tok, ORG_LABELS, window=5):
            if not subj or dist > 4:
                continue
            root = self.tokens[self.mention_root.get(id(m), 0)]
            if tok.lower_ in GROUP_PRONOUNS:
                conj = [c for c in root.children if c.dep_ == "conj" and self._mention_for(c)]
                if not conj:
                    continue
                names = [self.name_of(m)] + [self.name_of(self._mention_for(c)) for c in conj]
                return Speaker(
                    " and ".join(names),
                    mention,
                    m.label,
                    "organisation",
                    "pronoun",
                    tok.idx,
                    tok.idx + len(tok.text),
                )
            if m.label == "GPE":
                continue
            sp = self._speaker_from_mention(m, root, "pronoun")
            sp.mention = mention
            sp.start, sp.end = tok.idx, tok.idx + len(tok.text)
            return sp
        return Speaker(None, mention, None, None, "unresolved", tok.idx, tok.idx + len(tok.text))

    def _nominal(self, tok: Token, mention: str, lemma: str) -> Speaker | None:
        """ "the German defense minister" -> the nearest earlier person whose title has these
        words; "the expert" -> the person last quoted, if nothing contradicts."""
        mods = {
            w
            for c in tok.children
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
            for w in _words(c.text)
        } - _AGE_WORDS
        head = _words(tok.text) | {lemma}
        for m, _subj, _dist in self._candidates_before(tok, {"PERSON"}, window=12):
            d = self.titles.get(self.name_of(m), set())
            if head & d and mods <= d and self.person_like(m):
                sp = self._speaker_from_mention(
                    m, self.tokens[self.mention_root.get(id(m), 0)], "nominal"
                )
                sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
                return sp
        if any(c.lower_ == "the" for c in tok.children) and lemma not in SOURCE_NOUNS:
            # "Trudeau made the comments ... The prime minister said": the person the text is
            # about; else "the expert": whoever was quoted last, decided in reading order
            return self._epithet(tok, mention)
        return None

    def _epithet(self, tok: Token, mention: str) -> Speaker:
        """A definite description with no title to match ("the affable proprietor", "the
        26-year-old right wing"): the one person who is the subject of this sentence or the
        one before, of a fitting gender; failing that, decided in reading order."""
        words = _words(tok.text)
        want = "f" if words & _FEMALE_HINTS else "m" if words & _MALE_HINTS else None
        here = (tok.idx, tok.idx + len(tok.text))
        subjects = {
            self.name_of(m): m
            for m, subj, dist in self._candidates_before(tok, {"PERSON"}, window=2)
            if subj
            and self.person_like(m)
            and (want is None or self.gender.get(self.name_of(m), want) == want)
        }
        if len(subjects) == 1:
            (m,) = subjects.values()
            sp = self._speaker_from_mention(m, self.tokens[self.mention_root.get(id(m), 0)])
            sp.mention, sp.via, (sp.start, sp.end) = mention, "nominal", here
            return sp
        return Speaker(None, mention, None, None, "generic", *here)

    def _document(self, tok: Token, mention: str, lemma: str) -> Speaker:
        """A writing as speaker: its possessor or "by" author here, else the author named
        where the same document was last mentioned, else the outlet last named."""
        here = self._document_author(tok)
        if here is not None:
            here.mention, here.via = mention, "document"
            return here
        if lemma in DOCUMENT_NOUNS:
            for t in reversed(self.tokens[: tok.i]):
                if fold(t.lemma_) == lemma and t.pos_ == "NOUN":
                    sp = self._document_author(t)
                    if sp is not None:
                        sp.mention, sp.via = mention, "document"
                        sp.start, sp.end = tok.idx, tok.idx + len(tok.text)
                        return sp
        if lemma in OUTLET_NOUNS or lemma in ("report", "article", "story"):
            for m, _s, _dist in self._candidates_before(tok, {"ORG"}, window=8):
                if self._looks_like_outlet(m):
                    sp = self._speaker_from_mention(
                        m, self.tokens[self.mention_root.get(id(m), 0)], "document"
                    )
                    sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
                    return sp
        return Speaker(
            None, mention, None, "document", "document", tok.idx, tok.idx + len(tok.text)
        )

    def _document_author(self, tok: Token, named: bool = False) -> Speaker | None:
        """Who a writing is by: "the report from/by/of X", "X's report", "the X report", "a
        study published by X", "X wrote in a report"; for a named document (`named`: "the
        city's Street Needs Assessment") only its possessor."""
        if not named:
            writer = self._writer_of(tok)
            if writer is not None:
                return writer
        for c in tok.children:
            if c.dep_ == "poss" and fold(c.lemma_) in ORG_NOUNS:
                # "the union's Friday release", "the city's Street Needs Assessment"
                org = self._org_nominal(c, c.text, fold(c.lemma_))
                if org is not None:
                    return org
            if named and c.dep_ != "poss":
                continue
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
                p = next((x for x in c.children if x.dep_ == "pobj"), None)
                m = self._mention_for(p) if p is not None else None
                if p is not None and m is not None and m.label in ("PERSON", "ORG"):
                    return self._speaker_from_mention(m, p, "document")
            if c.dep_ == "poss":
                if c.lower_ in ("his", "her"):
                    return self._pronoun(c, c.text)
                m = self._mention_for(c)
                if m is not None:
                    return self._speaker_from_mention(m, c, "document")
            if c.dep_ == "acl":  # "a study published by the SWP"
                for g in c.children:
                    if g.dep_ == "agent":
                        p = next((x for x in g.children if x.dep_ == "pobj"), None)
                        if p is not None and self._mention_for(p) is not None:
                            return self._speaker_from_mention(self._mention_for(p), p, "document")
            if c.dep_ == "compound":
                m = self._mention_for(c)
                if m is not None and m.label in ("ORG", "PERSON"):
                    return self._speaker_from_mention(m, c, "document")
        return None

    def _writer_of(self, tok: Token) -> Speaker | None:
        """ "In his April paper, Kellogg recognised", "Jason Schultz stated in the company's
        blog post": the writing is by the clause's subject."""
        writer = (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "in"
            and self.is_cue(tok.head.head)
            and fold(tok.lemma_) in DOCUMENT_NOUNS
        )
        if tok.dep_ == "pobj" and (
            writer
            or any(
                c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their")
                for c in tok.children
            )
        ):
            verb = tok.head.head
            subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
            if subj is not None and self._mention_for(subj) is not None:
                return self._speaker_from_mention(self._mention_for(subj), subj, "document")
        return None

    @staticmethod
    def _looks_like_outlet(m: Any) -> bool:
        w = _words(m.text)
        return bool(
            w
            & {
                "radio",
                "news",
                "times",
                "post",
                "journal",
                "monde",
                "bbc",
                "cnn",
                "reuters",
                "afp",
                "wsj",
                "liberty",
                "rfe",
                "rl",
                "press",
                "telegraph",
                "guardian",
                "daily",
                "tv",
                "television",
                "agency",
                "pravda",
                "mail",
                "mailonline",
                "dw",
                "herald",
                "tribune",
                "gazette",
                "economist",
                "bloomberg",
                "politico",
                "axios",
                "ap",
            }
        )

    # --- cues ---------------------------------------------------------------------------

    @staticmethod
    def is_cue(t: Token) -> bool:
        if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
            return True
        if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "NOUN" and t.tag_ == "VBZ"):
            return False
        return t.lemma_.lower() in SPEECH_VERBS

    def cue_text(self, v: Token) -> str:
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
        if (
            len(words) > 1
            and words[0].lower_ == "as"
            and any(c.dep_ == "agent" for c in v.children)
        ):
            return f"{words[0].text} {v.text} by"
        return " ".join(t.text for t in words)

    def according_speaker(self, t: Token) -> Speaker | None:
        to = next((c for c in t.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return self.resolve(obj) if obj is not None else None

    def speaker_of(self, v: Token) -> Speaker | None:
        if v.lower_ == "according":
            return self.according_speaker(v)
        return self.cue_speaker(v)

    def reported_clauses(self) -> list[Clause]:
        """Indirect speech: "X said (that) ...", "... , X warned", "according to X, ...",
        "..., as stated by X"."""
        out: list[Clause] = []
        for t in self.tokens:
            if not self.is_cue(t) or t.lemma_.lower() in QUOTE_ONLY_VERBS | NOT_INDIRECT:
                continue
            if t.dep_ in ("amod", "acomp", "compound") or any(c.dep_ == "neg" for c in t.children):
                continue  # "a telling sign"; "did not say that": no statement
            if t.lower_ != "according":
                subj = self.subject_token(t)
                if subj is None or subj.lower_ in WRITER_PRONOUNS | DEMONSTRATIVES:
                    continue  # "Recall that ...", "as we noted", "This suggests ..."
            span = self.content_of(t)
            if span is None:
                continue
            lo, hi = span
            toks = self.doc[lo:hi]
            if len(toks) < 3 or not any(x.pos_ in ("VERB", "AUX") for x in toks):
                continue
            s, e = _trim(self.doc, lo, hi)
            if e - s < 8:
                continue
            out.append(Clause(s, e, t, self.cue_text(t), self.speaker_of(t)))
        return out

    def content_of(self, t: Token) -> tuple[int, int] | None:
        """Token range [lo, hi) of what the cue reports, or None."""
        if t.lower_ == "according":
            return self._outside(t, self._sent_of(t))
        comp = [c for c in t.children if c.dep_ == "ccomp"]
        if comp:
            c = comp[0]
            toks = sorted(c.subtree, key=lambda x: x.i)
            lo, hi = toks[0].i, toks[-1].i + 1
            # "argued that X, adding that Y": the parser hangs "adding" inside X; cut there
            for g in toks:
                if g.i > lo and g.tag_ == "VBG" and self.is_cue(g) and g.dep_ in ("advcl", "conj"):
                    cut = min(x.i for x in g.subtree)
                    hi = min(hi, cut)
                    break
            if lo > t.i and hi == toks[-1].i + 1:
                hi = self._extend(t, hi)
            return lo, hi
        tail = self._before_trailing_cue(t)
        if tail is not None:
            return tail
        if (
            t.dep_ in ("parataxis", "advcl", "ccomp")
            and t.head != t
            and t.head.pos_ in ("VERB", "AUX")
        ):
            if t.dep_ == "advcl":
                # only "..., as stated by Zelensky." at the end of the sentence
                sub = sorted(t.subtree, key=lambda x: x.i)
                sent = self._sent_of(t)
                if not any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
                    return None
                if sub[0].i == 0 or self.doc[sub[0].i - 1].text != ",":
                    return None
                if any(x.i > sub[-1].i and not x.is_punct and not x.is_space for x in sent):
                    return None
            if t.dep_ == "ccomp" and t.i < t.head.i:
                return None
            return self._outside(t, self._sent_of(t))
        return None

    def _before_trailing_cue(self, t: Token) -> tuple[int, int] | None:
        """ "CONTENT, the Radio Liberty interlocutor explained." however it was parsed: the
        cue and its subject close the sentence, after a comma or dash."""
        subj = next((c for c in t.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is None or subj.i > t.i:
            return None
        sent = self._sent_of(t)
        left = min(x.i for x in subj.subtree)
        if left - 1 <= sent.start or self.doc[left - 1].text not in (",", "–", "—", "-"):
            return None
        rest = [x for x in self.doc[t.i + 1 : sent.end] if not (x.is_punct or x.is_space)]
        if len(rest) > 5 or any(x.pos_ == "VERB" for x in rest):
            return None
        return sent.start, left - 1

    def _extend(self, t: Token, hi: int) -> int:
        """Carry a reported clause on to the end of the sentence ("said she's excited about
        the study because it provides ..."), stopping at a new cue or a semicolon."""
        sent = self._sent_of(t)
        end = hi
        for x in self.tokens[hi : sent.end]:
            if x.text in (";",) or (x.text in '“‘"' and x.i > hi):
                break
            if x.head == t and (self.is_cue(x) or any(self.is_cue(g) for g in x.subtree)):
                break
            if x.head == t and x.tag_ == "VBG" and self.tokens[x.i - 1].text == ",":
                break  # ", contrasting with ...": the writer's gloss, not the report
            if self.is_cue(x) and x.i > hi:
                break
            end = x.i + 1
        return end

    def sent_of(self, t: Token) -> Span:
        """The sentence of a token (Token.sent rescans the Doc on every call)."""
        return self._sents[self._sent_index(t.i)]

    def _sent_of(self, t: Token) -> Span:
        return self._sents[self._sent_index(t.i)]

    def _outside(self, t: Token, sent: Span) -> tuple[int, int] | None:
        """The sentence without the cue's own phrase; the longer side when it splits it."""
        sub = sorted(t.subtree, key=lambda x: x.i)
        lo, hi = sub[0].i, sub[-1].i + 1
        before = (sent.start, lo)
        after = (hi, sent.end)
        nb, na = before[1] - before[0], after[1] - after[0]
        if nb >= 3 and na >= 3:
            return sent.start, sent.end  # interrupted: "Failure ..., Rutte warned, could ..."
        return before if nb >= na else after


_EDGE_PUNCT = set(" ,.;:–—-\n")


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Char span of tokens [lo, hi) without a leading "that" and edge punctuation."""
    toks = list(doc[lo:hi])
    while toks and (
        (toks[0].is_punct and toks[0].text not in "‘“\"'«„")
        or toks[0].is_space
        or (toks[0].lower_ in ("that",) and toks[0].dep_ == "mark")
    ):
        toks.pop(0)
    while toks and (toks[-1].is_space or toks[-1].text in (",", ";", ":", ".", "–", "—", "-")):
        toks.pop()
    if not toks:
        return doc[lo].idx, doc[lo].idx
    s = toks[0].idx
    e = toks[-1].idx + len(toks[-1].text)
    return s, e
