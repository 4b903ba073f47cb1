"""The `Speaker` record every resolution stage returns, and how a mention becomes one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.words import MENTION_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Token


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


def mention_text(a: Article, tok: Token) -> str:
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in MENTION_DEPS]
    while stack:
        c = stack.pop()
        toks.append(c)
        stack.extend(g for g in c.children if g.dep_ not in MENTION_DEPS)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    m = a.tok_mention.get(tok.i)
    if m is not None and m.start <= end and start <= m.end:
        start, end = min(start, m.start), max(end, m.end)  # "the Bank of England"
    return a.text[start:end].strip(" ,;:‘’“”\"'")


def speaker_from_mention(a: Article, m: Any, tok: Token, via: str = "name") -> Speaker:
    kind = "person" if m.label == "PERSON" else "organisation"
    return Speaker(
        a.name_of(m),
        mention_text(a, tok),
        m.label,
        kind,
        via,
        tok.idx,
        tok.idx + len(tok.text),
    )
