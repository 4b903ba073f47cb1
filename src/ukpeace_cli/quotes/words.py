"""Word lists the speaker stages read (hand-compiled by the ukpeace developers; no published
inventory), and the small word tests over them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ukpeace_cli.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Token

WRITER_PRONOUNS = {"we", "i", "us", "me"}
DEMONSTRATIVES = {"this", "that", "these", "those"}

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
AGE_WORDS = {"year", "years", "old"}
SPEAKER_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ORG_LABELS = {"ORG", "GPE", "NORP"}
MENTION_DEPS = {"relcl", "appos", "acl", "punct", "cc", "conj", "prep", "advmod", "advcl"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
TITLE_WORDS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof"}
FEMALE_HINTS = {
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
MALE_HINTS = {
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
FEMALE_NAMES = frozenset(
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
MALE_NAMES = frozenset(
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


def naming(t: Token) -> bool:
    """ "named"/"called" as a participle after a noun: "a man named Neil Calder"."""
    return t.dep_ == "acl" and t.lemma_ in ("name", "call") and t.tag_ == "VBN"


def personal(lemma: str) -> bool:
    """Does a common noun name a person ("the affable proprietor", "the baker"), not a body
    or a thing ("the military")? Agent-noun endings, as a cheap stand-in for a lexicon."""
    return lemma not in _THING_NOUNS and lemma.endswith(("er", "or", "ist", "ian", "ant", "ent"))


def word_set(s: str) -> set[str]:
    w = {x for x in re.findall(r"[a-z]+", fold(s))}
    return w | {x.replace("defence", "defense") for x in w}


# Words that make an organisation's name an outlet's ("Radio ...", "... News", "... Times").
OUTLET_WORDS = frozenset(
    """
    radio news times post journal monde bbc cnn reuters afp wsj liberty rfe rl press telegraph
    guardian daily tv television agency pravda mail mailonline dw herald tribune gazette
    economist bloomberg politico axios ap
    """.split()
)


def looks_like_outlet(m: Any) -> bool:
    return bool(word_set(m.text) & OUTLET_WORDS)
