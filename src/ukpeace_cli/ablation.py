"""Rule families that can be switched off for an ablation (`bench/ablate.py`).

`UKPEACE_ABLATE` is a comma-separated list of family names; the rules of a listed family are
skipped. The variable is read once per process (the first `enabled` call), so a family's gain
is measured by running the evaluation once with it off and once without the variable. An
unknown name is a usage error (exit 2): a typo must not look like a family that gains nothing.
"""

from __future__ import annotations

import os

from ukpeace_cli.errors import ConfigError

ENV = "UKPEACE_ABLATE"

# name -> what the rules do (the module that holds them in brackets)
FAMILIES: dict[str, str] = {
    "colon-subject": "a clause's subject before 'X is convinced ...: \"...\"' speaks (direct)",
    "writer-of": "'In his paper, X stated': the writing is the clause subject's (documents)",
    "fragment-terms": "short fragments nested in a quote, and names, are terms (fragments)",
    "given-names": "gender from lists of given names when the article says nothing (words)",
    "it-they-subject": "'it/they said' is the organisation or group subject just before (resolve)",
    "roles": "'the minister' resolved to the person with that title (resolve)",
    "documents": "reports, papers, outlets as nouns resolved to author or outlet (resolve)",
    "organisations": "'the company said' resolved to the organisation before (resolve)",
    "chains": "the paragraphs of a multi-paragraph quote share one speaker (carry)",
    "pronoun-carry": "'he said' after a quote goes to the person quoted last (carry)",
    "continuation": "a quote with no cue continues the statement before it (carry)",
    "quote-runs": "a cue-less quote after narration: the narration's last subject person (carry)",
    "orphan-subject": "a root speech verb with no subject: the root name just before it "
    "('Ruiz | said he ...' split by the parser) (subjects)",
    "directives": "'she urged police to investigate': the infinitive an urging or telling verb "
    "puts to its object, as reported speech (clauses)",
    "doubled-marks": "'' and `` ... '' and ‘‘ ... ’’ read as one double quotation mark (marks)",
    "clause-after": "a speech verb with clauses on both sides reports the one after it (clauses)",
    "furniture": "link teasers ('READ MORE: ...', 'WATCH: ...') and photo captions ending in "
    "a credit ('(A Name/Agency)') left in the body hold no quotes (layout)",
    "uncued-fragments": "a quoted fragment of five words or fewer with no cue and no speaker "
    "after carrying over is a term, even with a verb (fragments)",
    "hypothetical": "no reported clause from a bare speech verb under a modal ('they will "
    "argue that') or a passive 'was told that' with no agent (clauses)",
    "attitudes": "'officials believe that ...', 'she plans to ...': the clause or infinitive of "
    "a VerbNet attitude verb, kind attitude (clauses)",
    "speech-topics": "'she called for new elections', 'he denied any involvement': the noun "
    "phrase a speech verb with no clause is about, kind topic (clauses)",
    "findings": "'the poll shows that ...', 'the inquiry found that ...': the clause of a VerbNet "
    "finding verb, kind finding (clauses)",
    "transcript-labels": "a quote opening with a speaker label in capitals ('\"PENCE: Well, "
    "...') is the labelled speaker's (direct)",
    "verb-tail": "'they agreed that ...', 'she decided to ...', 'he defended X': WordNet verbs of "
    "communication (kind topic) and cognition (kind attitude) outside the speech list (clauses)",
    "nominal-cues": "'his claim that ...', 'her pledge to ...': a WordNet nominalisation of a "
    "cue verb with its clause, its possessor or by-agent the source (nominal)",
    "topic": "a cue-less quote paragraph belongs to the one person the last one is about (carry)",
}

_off: frozenset[str] | None = None


def _read() -> frozenset[str]:
    names = frozenset(n.strip() for n in os.environ.get(ENV, "").split(",") if n.strip())
    unknown = sorted(names - FAMILIES.keys())
    if unknown:
        raise ConfigError(
            f"unknown rule family {', '.join(unknown)}",
            where=ENV,
            hint=f"known: {', '.join(sorted(FAMILIES))}",
        )
    return names


def enabled(family: str) -> bool:
    """Are the rules of `family` on? (All are, unless `UKPEACE_ABLATE` names it.)"""
    global _off
    if family not in FAMILIES:
        raise KeyError(family)  # a bug in the caller, not the user's input
    if _off is None:
        _off = _read()
    return family not in _off


def reset() -> None:
    """Read `UKPEACE_ABLATE` again at the next `enabled` call (tests)."""
    global _off
    _off = None
