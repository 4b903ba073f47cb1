"""Derive the packaged `src/ukpeace_cli/data/wordnet_cues.yaml` from WordNet 3.0.

Usage: python bench/wordnet_cues.py [WORDNET_DICT_DIR] > src/ukpeace_cli/data/wordnet_cues.yaml

WORDNET_DICT_DIR is the database folder of WordNet 3.0 (Debian's `wordnet-base` package installs
it at /usr/share/wordnet, the default: `apt-get install wordnet-base`, or `dpkg-deb -x` its .deb
and point here). Three lists, each read from the database, none chosen word by word:

- `nouns`: nominalisations of the cue verbs (quotes/cues.py SPEECH_VERBS and the packaged
  attitude verbs): WordNet's derivational links ("+") from a sense of the verb in
  verb.communication or verb.cognition to a noun sense in noun.communication or
  noun.cognition ("state" -> "statement", "believe" -> "belief");
- `communication` / `cognition`: verbs whose most frequent sense (sense 1 in `cntlist.rev`,
  the SemCor tag counts) is in the lexicographer file verb.communication / verb.cognition and
  is tagged at least MIN_TAGS times, less the cue verbs already typed.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ukpeace_cli.quotes.cues import SPEECH_VERBS, attitude_verbs  # noqa: E402

VERB_FILES = {31: "cognition", 32: "communication"}
NOUN_FILES = (9, 10)  # noun.cognition, noun.communication
MIN_TAGS = 10

HEADER = """\
# Cue words derived from WordNet 3.0 (Princeton University), by bench/wordnet_cues.py from
# Debian's wordnet-base 1:3.0 database files (data.verb, data.noun, cntlist.rev); regenerate
# with `python bench/wordnet_cues.py /usr/share/wordnet > src/ukpeace_cli/data/wordnet_cues.yaml`.
#
# nouns: noun -> the cue verb it is derived from (WordNet derivational links from a
#   verb.communication / verb.cognition sense of a speech or attitude verb to a
#   noun.communication / noun.cognition sense): "his claim that ...", "her belief that ...".
# communication, cognition: verbs whose most frequent sense (SemCor tag counts, >= {min_tags})
#   is in verb.communication / verb.cognition, less the speech and attitude verbs already typed.
#
# WordNet licence (it asks that this notice appear on all copies):
# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION,
# PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR
# ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION
# WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
# The name of Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database.  Title to copyright in this
# software, database and any associated documentation shall at all times remain with
# Princeton University and LICENSEE agrees to preserve same.
"""


def synsets(path: Path) -> dict[str, tuple[int, list[str], list[tuple[str, ...]]]]:
    """offset -> (lexicographer file, words, pointers) of a WordNet data file."""
    out = {}
    for line in path.read_text("latin-1").splitlines():
        if line.startswith("  "):
            continue  # the licence header
        f = line.split(" ")
        n = int(f[3], 16)
        words = [f[4 + 2 * i].lower() for i in range(n)]
        k = 4 + 2 * n
        ptrs = [tuple(f[k + 1 + 4 * i : k + 5 + 4 * i]) for i in range(int(f[k]))]
        out[f[0]] = (int(f[1]), words, ptrs)
    return out


def nominalisations(folder: Path, cues: set[str]) -> dict[str, str]:
    verbs, nouns = synsets(folder / "data.verb"), synsets(folder / "data.noun")
    out: dict[str, set[str]] = defaultdict(set)
    for lex, words, ptrs in verbs.values():
        if lex not in VERB_FILES:
            continue
        for sym, off, pos, st in ptrs:
            if sym != "+" or pos != "n":
                continue
            verb = words[int(st[:2], 16) - 1]
            nlex, nwords, _ = nouns[off]
            noun = nwords[int(st[2:], 16) - 1]
            if verb in cues and nlex in NOUN_FILES and "_" not in noun:
                out[noun].add(verb)
    return {n: sorted(v)[0] for n, v in sorted(out.items())}


def first_senses(folder: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {name: [] for name in VERB_FILES.values()}
    for line in (folder / "cntlist.rev").read_text("latin-1").splitlines():
        key, num, count = line.split()
        lemma, rest = key.split("%")
        fields = rest.split(":")
        if fields[0] != "2" or num != "1" or "_" in lemma or int(count) < MIN_TAGS:
            continue
        name = VERB_FILES.get(int(fields[1]))
        if name:
            out[name].append(lemma)
    return out


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "/usr/share/wordnet")
    typed = set(SPEECH_VERBS) | set(attitude_verbs())
    print(HEADER.format(min_tags=MIN_TAGS), end="")
    print("nouns:")
    for noun, verb in nominalisations(folder, typed).items():
        print(f"  {noun}: {verb}")
    for name, lemmas in first_senses(folder).items():
        kept = sorted(set(lemmas) - typed)
        print(f"{name}: [{', '.join(kept)}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
