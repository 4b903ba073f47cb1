"""Name normalisation for the entity canonicaliser: title stripping, fold keys, transliteration
folds, a phonetic skeleton and the typo patterns that make a fuzzy pair worth suggesting.

Everything here is a pure function of strings (no spaCy), so the same rules apply at ingest
(per mention) and at query time (`Resolver.canonical`, the name-pair fixture).

Strict to lax:
- `fold_key`: case, accents, punctuation, hyphen/space and initials ("J. D." = "JD"). Two names with
  one fold key are written the same; merging them is always right.
- `translit_key`: also folds romanisation choices (y/i, w/v, -skyy/-skiy/-sky, x/ks, intervocalic
  h/g, Ukrainian/Russian given-name pairs). Chosen so that no hard negative collides (tested).
- `phonetic_key` + `typo_pattern`: evidence for *suggestions* only, never merged without approval.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that NFKD does not decompose into base + combining mark.
_FOLD_TABLE = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ı": "i",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
    }
)

# Honorifics: stripped from names; kept as the descriptor only when nothing better precedes.
HONORIFICS = frozenset(
    "sir dame dr dr. mr mr. mrs mrs. ms ms. lord lady prof prof. professor rev rev. honorable "
    "honourable hon hon.".split()
)
# Honorifics that carry no information as a descriptor on their own.
EMPTY_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms.".split())

# A title or role in front of a name is modifiers + a head noun ("former UK prime minister", "US
# president-elect", "retired Lt. Gen."). The word right before the name must be a head (or an
# honorific), so "the incoming Trump administration" or "under Putin" yield no descriptor.
ROLE_HEADS = frozenset(
    """
    president elect minister ministers secretary general chancellor spokesperson spokesman
    spokeswoman envoy ambassador adviser advisor senator sen. rep. representative congressman
    congresswoman governor mayor king queen prince princess pope leader chief head director
    commander colonel col. lieutenant lt. lt gen. gen captain capt. admiral adm. sergeant sgt.
    marshal officer seal marine negotiator diplomat official scientist analyst expert lecturer
    researcher fellow author journalist correspondent reporter editor columnist chairman
    chairwoman chair ceo founder deputy commissioner mp mep lawmaker attorney judge prosecutor
    speaker premier emir sheikh counterpart aide candidate nominee billionaire businessman tycoon
    assistant undersecretary spymaster commander-in-chief hetman patriarch metropolitan archbishop
    bishop cardinal rabbi imam ayatollah brigadier boss strategist economist historian apostle
    pastor reverend prophet cleric editor-in-chief
    """.split()
)
ROLE_MODIFIERS = frozenset(
    """
    vice prime foreign defence defense interior finance economy justice home special press security
    national state former retired senior junior incoming outgoing elected newly then late top high
    acting military intelligence staff cabinet opposition party policy affairs army navy air force
    field supreme political research co crown major lieutenant-general major-general veteran
    """.split()
)
ROLE_WORDS = ROLE_HEADS | ROLE_MODIFIERS
# May sit inside a descriptor ("Minister of Defence", "Ambassador to NATO") but not start it.
CONNECTORS = frozenset("of to for and the at on in 's ’s ' ’ - & .".split())
# Generational suffixes: part of the name, and a mismatch is a hard negative.
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())

_WS = re.compile(r"\s+")
_TOKEN_SPLIT = re.compile(r"[\s\-_]+")
_DROP = re.compile(r"[.'\"“”«»()\[\],;:!?]")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’‘]s$|['’‘]$")


def ascii_fold(text: str) -> str:
    """Accents off ("Jean-Noël" -> "Jean-Noel"), typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD_TABLE)


def has_accents(text: str) -> bool:
    return ascii_fold(text) != text


def strip_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text)


@lru_cache(maxsize=65536)
def fold_key(name: str) -> str:
    """Case, accents, punctuation, hyphens and initials folded; a leading "the" dropped."""
    text = ascii_fold(name).casefold()
    text = _LEADING_THE.sub("", text.strip())
    text = _DROP.sub(" ", text.replace("'s ", " ").replace("’s ", " "))
    tokens = [t for t in _TOKEN_SPLIT.split(text) if t]
    # Runs of single letters are initials: "j d vance" -> "jd vance".
    out: list[str] = []
    run = ""
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return " ".join(out)


# Ukrainian/Belarusian and Russian forms of one given name (after `_translit_token`).
GIVEN_NAME_EQUIVALENTS = {
    "volodimir": "vladimir",
    "dmitro": "dmitri",
    "kirilo": "kirill",
    "petro": "piotr",
    "oleksandr": "aleksandr",
    "oleksii": "aleksei",
    "oleksi": "aleksei",
    "mikhailo": "mikhail",
    "mikola": "nikolai",
    "serhii": "sergei",
    "serhi": "sergei",
    "andrii": "andrei",
    "andri": "andrei",
    "oleh": "oleg",
    "iurii": "iuri",
    "heorhii": "georgi",
    "heorgi": "georgi",
}

_VOWELS = "aeiou"


@lru_cache(maxsize=65536)
def _translit_token(tok: str) -> str:
    if tok.startswith("ye"):
        tok = "e" + tok[2:]  # Yevgeny / Evgeny
    tok = tok.replace("tsch", "ch").replace("x", "ks").replace("w", "v").replace("y", "i")
    # Intervocalic h is the Ukrainian spelling of Russian g (Ihor/Igor, Shmyhal/Shmygal).
    tok = re.sub(r"(?<=[aeiou])h(?=[aeiou])", "g", tok)
    tok = re.sub(r"i+", "i", tok)  # -skyy/-skiy/-skyi, Mariya/Maria, Valerii/Valery
    if tok.endswith("ij"):
        tok = tok[:-1]
    return tok


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """`fold_key` plus romanisation folds; the auto-merge key across articles."""
    tokens = [_translit_token(t) for t in fold_key(name).split()]
    if len(tokens) >= 3:
        # The Arabic article inside a name is written or left out ("Hafez al-Nouri" / "Hafez
        # Nouri"), and as al- or el-.
        tokens = tokens[:1] + [t for t in tokens[1:-1] if t not in ("al", "el")] + tokens[-1:]
    if len(tokens) >= 2:
        tokens[0] = GIVEN_NAME_EQUIVALENTS.get(tokens[0], tokens[0])
    return " ".join(tokens)


def tokens(name: str) -> list[str]:
    return fold_key(name).split()


def split_suffix(toks: list[str]) -> tuple[list[str], str]:
    """("donald trump jr" tokens) -> (["donald", "trump"], "jr")."""
    if len(toks) >= 2 and toks[-1] in SUFFIXES:
        return toks[:-1], toks[-1].rstrip(".")
    return toks, ""


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A consonant skeleton: first letter kept, vowels and h dropped, doubles collapsed, c/q->k,
    z->s, ph->f, th->t. Keeps trailing r and mb (Rutte RT / Rutter RTR, Lamo LM / Lamb LMB),
    which English phonetic codes like Metaphone would blur."""
    w = re.sub(r"[^a-z]", "", translit_key(word).replace(" ", ""))
    if not w:
        return ""
    w = w.replace("ph", "f").replace("th", "t").replace("ck", "k")
    w = w.translate(str.maketrans("cqz", "kks"))
    head, rest = w[0], re.sub(r"[aeiouh]", "", w[1:])
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


def typo_pattern(a: str, b: str) -> str | None:
    """Why two spellings of one word look like a typo of each other, or None. Edit distance alone
    cannot tell Okafor/Okaffor (typo) from Rutte/Rutter (two people), so only these shapes count."""
    if a == b or phonetic_key(a) != phonetic_key(b):
        return None
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) == 1:
        for i in range(len(long_)):
            if long_[:i] + long_[i + 1 :] == short:
                if i > 0 and long_[i - 1] == long_[i] and len(short) >= 4:
                    return "doubled letter"
                if long_[i] == "h" and i > 0 and long_[i - 1] in "tgkpr" and len(short) >= 5:
                    return "silent h"
        return None
    if len(a) != len(b):
        return None
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
        and len(a) >= 4
    ):
        return "transposition"
    if len(diff) == 1 and a[diff[0]] in _VOWELS + "y" and b[diff[0]] in _VOWELS + "y":
        return "vowel" if len(a) >= 6 else None
    return None


# Short forms of given names in news copy; a prefix rule catches Steve/Steven, Chris/Christopher.
NICKNAMES = {
    ("joe", "joseph"),
    ("bill", "william"),
    ("bob", "robert"),
    ("mike", "michael"),
    ("jim", "james"),
    ("tony", "anthony"),
    ("tony", "antony"),
    ("ed", "edward"),
    ("dick", "richard"),
    ("liz", "elizabeth"),
    ("alex", "alexander"),
    ("sasha", "aleksandr"),
}


def nickname_pair(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if (short, long_) in NICKNAMES:
        return True
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


def name_pair_evidence(a: str, b: str) -> str | None:
    """The structural reason two person names may be one person, or None if they must not be
    suggested. Token by token: at most one token may differ, by a typo pattern (or a nickname
    for the given name); a differing generational suffix always rules a pair out."""
    ta, sa = split_suffix([_translit_token(t) for t in tokens(a)])
    tb, sb = split_suffix([_translit_token(t) for t in tokens(b)])
    if sa != sb or not ta or not tb:
        return None
    if len(ta) != len(tb):
        short, long_ = sorted((ta, tb), key=len)
        if (
            len(long_) == len(short) + 1
            and len(short) >= 2
            and long_[0] == short[0]
            and long_[-1] == short[-1]
            and len(long_[1:-1]) == 1
            and len(long_[1]) == 1
        ):
            return "middle initial"
        return None
    diff = [i for i in range(len(ta)) if ta[i] != tb[i]]
    if len(diff) != 1:
        return None
    i = diff[0]
    x, y = ta[i], tb[i]
    if len(ta) >= 2 and i == 0 and nickname_pair(x, y):
        return "short given name"
    if len(ta) == 1 and len(min(x, y, key=len)) < 6:
        return None  # a lone short word has too little to go on
    return typo_pattern(x, y)


def clean_spaces(text: str) -> str:
    return _WS.sub(" ", text).strip()


def strip_title(name: str) -> tuple[str, str | None]:
    """String form of title stripping: ("Sir Keir Starmer") -> ("Keir Starmer", "Sir"). Leaves at
    least one word; honorifics like Mr. are dropped without a descriptor."""
    words = clean_spaces(name).split(" ")
    cut = 0
    while cut < len(words) - 1 and (
        words[cut].lower() in ROLE_WORDS or words[cut].lower() in HONORIFICS
    ):
        cut += 1
    if not cut:
        return name.strip(), None
    head = words[:cut]
    core = [w for w in head if w.lower() not in HONORIFICS]
    descriptor = " ".join(core) if core else None
    if descriptor is None and head[-1].lower() not in EMPTY_HONORIFICS:
        descriptor = head[-1]
    return " ".join(words[cut:]), descriptor
