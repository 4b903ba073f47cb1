"""How each outlet framed one story: measures computed from stored annotations and lexicons.

Pure functions over store records. Every measure is a list of rows; each row has one value per
article and keeps the evidence (matched words with their sentence) behind the value, so
`compare --explain MEASURE` can show why. Rates are per 1,000 words of narration (the text
outside direct and partial quotes), always next to the raw count.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli import dates
from ukpeace_cli.entities import outlet_label
from ukpeace_cli.framing import hedging, loaded, reporting_verbs
from ukpeace_cli.lexicons import Lexicons, PhraseMatcher
from ukpeace_cli.stories import StoryCluster
from ukpeace_cli.unionfind import DisjointSet

QUOTED_KINDS = ("direct", "partial")


@dataclass
class Evidence:
    article_id: str
    outlet: str
    term: str
    sentence: str


@dataclass
class Row:
    label: str
    values: dict[str, Any] = field(default_factory=dict)  # article id -> value
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)


@dataclass
class Measure:
    key: str
    title: str
    caption: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Article:
    """One article of the story with what every measure needs."""

    id: str
    source: str
    outlet: str  # the outlet, or the source file's stem when the text names none
    column: str  # unique column label
    record: dict[str, Any]
    narration: list[tuple[int, int]]  # spans of `text` outside quotes
    narration_words: int

    @property
    def text(self) -> str:
        return str(self.record["text"])

    @property
    def quotes(self) -> list[dict[str, Any]]:
        return list((self.record.get("nlp") or {}).get("quotes") or [])

    @property
    def mentions(self) -> list[dict[str, Any]]:
        return list((self.record.get("nlp") or {}).get("entities") or [])

    def sentence(self, pos: int) -> str:
        for s, e in (self.record.get("nlp") or {}).get("sentences") or []:
            if s <= pos < e:
                return self.text[s:e]
        for p in self.record.get("paragraphs") or []:
            if p["start"] <= pos <= p["end"]:
                return self.text[p["start"] : p["end"]]
        return ""

    def in_narration(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.narration)


def narration_spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    """Spans of the body outside direct and partial quotes."""
    text = str(record["text"])
    quoted = sorted(
        (int(q["start"]), int(q["end"]))
        for q in ((record.get("nlp") or {}).get("quotes") or [])
        if q.get("kind") in QUOTED_KINDS
    )
    spans, pos = [], 0
    for s, e in quoted:
        if s > pos:
            spans.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def make_articles(records: Iterable[dict[str, Any]]) -> list[Article]:
    """Articles ordered by publication time (unknown last), then id; columns made unique."""
    arts = []
    for rec in records:
        spans = narration_spans(rec)
        words = sum(len(rec["text"][s:e].split()) for s, e in spans)
        label = outlet_label(rec)
        arts.append(Article(rec["id"], rec["source"], label, label, rec, spans, words))
    arts.sort(key=lambda a: (*dates.sort_key(_published(a.record)), a.source))
    seen = Counter(a.outlet for a in arts)
    for a in arts:
        if seen[a.outlet] > 1:
            a.column = f"{a.outlet} ({a.id[:6]})"
    return arts


def _published(record: dict[str, Any]) -> str | None:
    value = record.get("published")
    return str(value) if value else None


def _rate(count: int, words: int) -> str:
    per_k = 1000 * count / words if words else 0.0
    return f"{count} ({per_k:.1f}/1k)"


# --- 1. overview -------------------------------------------------------------------------


def overview(arts: list[Article]) -> Measure:
    m = Measure(
        "overview",
        "Headline, time and length",
        "Lag: hours after the story's first dated article; words of body and of narration "
        "(outside quotes).",
    )
    times = article_times(arts)
    known = [t for t in times.values() if t is not None]
    first = min(known) if known else None
    rows = {k: Row(k) for k in ("headline", "published", "lag (hours)", "words", "narration words")}
    for a in arts:
        rows["headline"].values[a.id] = a.record.get("title")
        rows["published"].values[a.id] = _published(a.record)
        t = times[a.id]
        lag = None
        if t is not None and first is not None:
            lag = round((t - first) / 3600, 1)
        rows["lag (hours)"].values[a.id] = lag
        rows["words"].values[a.id] = a.record.get("words")
        rows["narration words"].values[a.id] = a.narration_words
    m.rows = list(rows.values())
    return m


# --- 2. sources cited ----------------------------------------------------------------------

_ACCORDING = re.compile(
    r"\b(?:according to|citing|cited by|as reported by|reported by)\s+(?P<src>[^,.;:()“”\"]{3,90})",
    re.IGNORECASE,
)
_TOLD = re.compile(
    r"\b(?:told|informed|reported to|said to|speaking to|in an interview with)\s+"
    r"(?P<src>[^,.;:()]{2,60})",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"^\W*(?P<src>.{2,60}?)(?<!\bare)(?<!\bis)(?<!\bwas)(?<!\bwere)(?<!\bbe)(?<!\bbeen)"
    r"[\s”\"’]+(?:also |previously |first )?"
    r"(?:reported|reports|wrote|writes|notes|noted|said|says|stated|claimed)\b(?! to\b)",
    re.IGNORECASE,
)


@dataclass
class Citation:
    name: str
    kind: str  # outlet | official | person | document | anonymous | other
    start: int
    end: int
    how: str


class SourceTyper:
    """Types a cited source by the entity it names and the lexicon's source-type words."""

    def __init__(
        self,
        lexicons: Lexicons,
        kinds: Callable[[str], str | None],
        labels: Callable[[str], str | None] = lambda _: None,
    ):
        self.kinds = kinds  # canonical name -> alias-file kind ("outlet", "government", ...)
        self.label = labels  # canonical name -> entity label (PERSON, ORG, GPE, ...)
        self.anonymous = lexicons.matcher("anonymous_sources", inflect=False)
        self.outlet_words = PhraseMatcher(lexicons.entries("source_types.outlet_words"), False)
        self.official_words = PhraseMatcher(lexicons.entries("source_types.official_words"), False)
        self.document_words = PhraseMatcher(lexicons.entries("source_types.document_words"), False)

    def kind_of(self, name: str, label: str | None) -> str:
        kind = self.kinds(name)
        if kind == "outlet":
            return "outlet"
        if kind in ("government", "military", "international"):
            return "official"
        if label == "PERSON":
            return "person"
        if label in ("GPE", "NORP"):
            return "official"  # a state or capital "says" through its government
        if self.outlet_words.find(name):
            return "outlet"
        if self.official_words.find(name):
            return "official"
        if self.document_words.find(name):
            return "document"
        return "other"


def citations(
    art: Article, typer: SourceTyper, canonical: Callable[[str, str | None], str]
) -> list[Citation]:
    """Sources the article cites in its narration, its quotes' speakers, and a Sources: list."""
    out: list[Citation] = []
    text = art.text
    mentions = [m for m in art.mentions if m.get("label") in ("PERSON", "ORG", "NORP", "GPE")]

    def names_in(start: int, end: int) -> list[dict[str, Any]]:
        return [m for m in mentions if start <= m["start"] and m["end"] <= end]

    def add_phrase(start: int, end: int, how: str) -> None:
        phrase = text[start:end]
        named = [m for m in names_in(start, end) if m["label"] in ("PERSON", "ORG")]
        anon = typer.anonymous.find(phrase)
        for m in named[:1]:
            name = canonical(m.get("name") or m["text"], m["label"])
            out.append(Citation(name, typer.kind_of(name, m["label"]), m["start"], m["end"], how))
        if anon:
            out.append(Citation(anon[0].term, "anonymous", start, end, how))
        elif not named:
            kind = typer.kind_of(phrase, None)
            if kind in ("official", "document") and len(phrase.split()) <= 6:
                out.append(Citation(phrase.strip(), kind, start, end, how))

    for s, e in art.narration:
        chunk = text[s:e]
        for rx, how in ((_ACCORDING, "according to"), (_TOLD, "told")):
            for m in rx.finditer(chunk):
                add_phrase(s + m.start("src"), s + m.end("src"), how)
        for sent_start, sent_end in _sentences_in(art, s, e):
            said = _REPORTED.match(text[sent_start:sent_end])
            if said:
                add_phrase(sent_start + said.start("src"), sent_start + said.end("src"), "reported")
    # Outlets named anywhere in the narration are cited sources (the article's own excepted).
    own = canonical(art.outlet, "ORG").lower()
    for mention in mentions:
        name = canonical(mention.get("name") or mention["text"], mention["label"])
        start, end = int(mention["start"]), int(mention["end"])
        is_outlet = typer.kinds(name) == "outlet" and name.lower() != own
        if is_outlet and not any(c.start <= start < c.end for c in out):
            out.append(Citation(name, "outlet", start, end, "named"))
    for q in art.quotes:
        if q.get("kind") in (*QUOTED_KINDS, "indirect") and q.get("speaker"):
            speaker = canonical(str(q["speaker"]), None)
            if speaker.lower().startswith("anonymous"):
                kind = "anonymous"
            else:
                kind = typer.kind_of(speaker, typer.label(speaker))
            out.append(Citation(speaker, kind, q["start"], q["end"], "quoted"))
    for item in art.record.get("cited_sources") or []:
        name = canonical(item.split(" - ")[0].strip(), "ORG")
        out.append(Citation(name, typer.kind_of(name, "ORG"), -1, -1, "sources list"))
    # One citation per source per place: a phrase matched by two rules counts once.
    seen: set[tuple[str, int]] = set()
    unique = []
    for c in sorted(out, key=lambda c: (c.start, c.name)):
        if (c.name, c.start) not in seen:
            seen.add((c.name, c.start))
            unique.append(c)
    return unique


def _sentences_in(art: Article, start: int, end: int) -> list[tuple[int, int]]:
    sents = (art.record.get("nlp") or {}).get("sentences") or []
    return [(max(s, start), min(e, end)) for s, e in sents if s < end and e > start]


def sources(
    arts: list[Article], typer: SourceTyper, canonical: Callable[[str, str | None], str]
) -> tuple[Measure, dict[str, list[Citation]]]:
    m = Measure(
        "sources",
        "Sources cited",
        "Citations in narration (according to / citing / told / X reported, outlets named), "
        "speakers of quotes and a Sources: list; count per source, typed.",
    )
    per_article = {a.id: citations(a, typer, canonical) for a in arts}
    by_source: dict[tuple[str, str], Row] = {}
    kinds_total: dict[str, Counter[str]] = {a.id: Counter() for a in arts}
    for a in arts:
        for c in per_article[a.id]:
            key = (c.name, c.kind)
            row = by_source.setdefault(key, Row(f"{c.name} [{c.kind}]"))
            row.values[a.id] = int(row.values.get(a.id, 0)) + 1
            sent = a.sentence(c.start) if c.start >= 0 else "Sources: " + c.name
            row.evidence.setdefault(a.id, []).append(Evidence(a.id, a.column, c.how, sent))
            kinds_total[a.id][c.kind] += 1
    rows = sorted(by_source.values(), key=lambda r: (-len(r.values), r.label))
    summary = Row("anonymous share")
    for a in arts:
        total = sum(kinds_total[a.id].values())
        anon = kinds_total[a.id]["anonymous"]
        summary.values[a.id] = f"{anon}/{total} ({100 * anon / total:.0f}%)" if total else "0/0"
    m.rows = [summary, *rows]
    return m, per_article


# --- 3. credit to the origin ---------------------------------------------------------------


def origin_outlet(arts: list[Article], cites: dict[str, list[Citation]]) -> str | None:
    """The outlet that first reported the story: the one credited by most articles when it is
    not one of them (a leak to Radio Liberty retold by others), else the earliest article's."""
    counts: Counter[str] = Counter()
    for a in arts:
        for name in {c.name for c in cites[a.id] if c.kind == "outlet"}:
            counts[name] += 1
    own = {a.outlet.lower() for a in arts}
    external = [(n, k) for n, k in counts.most_common() if n.lower() not in own and k >= 2]
    if external:
        return external[0][0]
    dated = [a for a in arts if _published(a.record)]
    return (dated or arts)[0].outlet if arts else None


def credit(arts: list[Article], cites: dict[str, list[Citation]], origin: str | None) -> Measure:
    m = Measure(
        "credit",
        f"Credit to the origin ({origin or 'unknown'})",
        "Where each article first names the outlet that broke the story: headline, lede "
        "(first paragraph) or body.",
    )
    row = Row(f"credits {origin}" if origin else "credits origin")
    count_row = Row("times credited")
    for a in arts:
        hits = [c for c in cites[a.id] if origin and c.name == origin]
        title = str(a.record.get("title") or "")
        if origin and a.outlet == origin:
            where = "is the origin"
        elif origin and origin.lower() in title.lower():
            where = "headline"
        elif hits:
            paras = a.record.get("paragraphs") or []
            lede_end = paras[0]["end"] if paras else 0
            first = (
                min(c.start for c in hits if c.start >= 0)
                if any(c.start >= 0 for c in hits)
                else -1
            )
            where = "lede" if 0 <= first < lede_end else ("body" if first >= 0 else "sources list")
            row.evidence[a.id] = [
                Evidence(a.id, a.column, c.how, a.sentence(c.start) if c.start >= 0 else c.name)
                for c in hits
            ]
        else:
            where = "no"
        row.values[a.id] = where
        count_row.values[a.id] = len(hits)
    m.rows = [row, count_row]
    return m


# --- 4. voices -----------------------------------------------------------------------------


def voices(arts: list[Article], canonical: Callable[[str, str | None], str]) -> Measure:
    m = Measure(
        "voices",
        "Voices",
        "Share of body words inside direct and partial quotes; words quoted per speaker "
        "(unattributed quotes under '(unattributed)').",
    )
    share = Row("quoted words share")
    per_speaker: dict[str, Row] = {}
    for a in arts:
        quoted = [q for q in a.quotes if q.get("kind") in QUOTED_KINDS]
        words = sum(len(str(q.get("text", "")).split()) for q in quoted)
        total = int(a.record.get("words") or 0)
        share.values[a.id] = f"{100 * words / total:.0f}%" if total else "0%"
        for q in quoted:
            name = canonical(str(q["speaker"]), None) if q.get("speaker") else "(unattributed)"
            row = per_speaker.setdefault(name, Row(name))
            row.values[a.id] = int(row.values.get(a.id, 0)) + len(str(q.get("text", "")).split())
            row.evidence.setdefault(a.id, []).append(
                Evidence(a.id, a.column, str(q.get("cue") or ""), str(q.get("text", "")))
            )
    rows = sorted(per_speaker.values(), key=lambda r: (-sum(r.values.values()), r.label))
    m.rows = [share, *rows]
    return m


# --- 5. the same statement as each outlet rendered it ---------------------------------------


def renderings(arts: list[Article], groups: list[list[dict[str, Any]]]) -> Measure:
    """`groups`: quote groups (from quotes.group_quotes) as lists of rows with article_id,
    speaker and text. Only groups spanning two or more of the story's articles are shown."""
    m = Measure(
        "renderings",
        "The same statement, as each outlet rendered it",
        "Quotes grouped by speaker and wording similarity (quotes --group); one row per "
        "statement rendered by two or more outlets.",
    )
    ids = {a.id for a in arts}
    col = {a.id: a.column for a in arts}
    for group in groups:
        members = [g for g in group if g.get("article_id") in ids]
        if len({g["article_id"] for g in members}) < 2:
            continue
        speaker = next((str(g["speaker"]) for g in members if g.get("speaker")), "?")
        row = Row(speaker)
        for g in members:
            aid = g["article_id"]
            text = _short(str(g.get("text", "")), 140)  # the full quote is in the evidence
            row.values[aid] = (row.values[aid] + " / " + text) if aid in row.values else text
            row.evidence.setdefault(aid, []).append(
                Evidence(aid, col[aid], str(g.get("kind", "")), str(g.get("sentence") or text))
            )
        m.rows.append(row)
    return m


# --- 6-8. lexicon measures: ukpeace_cli.framing (reporting verbs, hedging, loaded) ------


# --- 9. naming of key people ---------------------------------------------------------------


def naming(
    arts: list[Article],
    canonical: Callable[[str, str | None], str],
    suggested: dict[str, str] | None = None,
    min_articles: int = 2,
) -> Measure:
    """How each outlet names the people more than one article mentions: spellings (a variant
    merged or only suggested is marked ≈) and descriptors."""
    suggested = suggested or {}
    m = Measure(
        "naming",
        "How each outlet names key people",
        "People named in two or more articles: the spellings and titles each outlet uses; "
        "'≈' marks a spelling that is a suggested variant of the canonical name.",
    )
    forms: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    descr: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for a in arts:
        for mention in a.mentions:
            if mention.get("label") != "PERSON":
                continue
            local = str(mention.get("name") or mention["text"])
            name = canonical(suggested.get(local, local), "PERSON")
            mark = "≈" if local in suggested else ""
            forms[name][a.id][mark + local] += 1
            if mention.get("descriptor"):
                descr[name][a.id][str(mention["descriptor"])] += 1
    for name in sorted(forms, key=lambda n: (-len(forms[n]), n)):
        if len(forms[name]) < min_articles:
            continue
        row = Row(name)
        for a in arts:
            if a.id not in forms[name]:
                continue
            spellings = ", ".join(sorted(forms[name][a.id]))
            titles = ", ".join(t for t, _ in descr[name][a.id].most_common(2))
            row.values[a.id] = spellings + (f" — {titles}" if titles else "")
        m.rows.append(row)
    return m


# --- 10-11. facts kept and dropped; reuse ---------------------------------------------------


@dataclass
class SharedPassage:
    """An aligned passage between two articles, as dedupe reports it."""

    earlier: str  # article id
    later: str
    earlier_text: str
    later_text: str
    earlier_start: int
    earlier_end: int
    later_start: int
    later_end: int
    similarity: float
    credited: bool
    direction_known: bool


def fact_groups(passages: list[SharedPassage]) -> list[dict[str, tuple[int, int]]]:
    """Facts: passages joined when they overlap in some article (union-find over spans).
    Each fact maps article id -> the span it covers there."""
    nodes: list[tuple[str, int, int]] = []
    for p in passages:
        nodes.append((p.earlier, p.earlier_start, p.earlier_end))
        nodes.append((p.later, p.later_start, p.later_end))
    sets = DisjointSet(len(nodes))
    for k in range(0, len(nodes), 2):
        sets.union(k, k + 1)
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, (aid, _, _) in enumerate(nodes):
        by_article[aid].append(k)
    for ks in by_article.values():
        ks.sort(key=lambda k: nodes[k][1])
        for x, y in itertools.pairwise(ks):
            if nodes[y][1] < nodes[x][2]:  # overlapping spans in one article: the same fact
                sets.union(x, y)
    groups: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for k, (aid, s, e) in enumerate(nodes):
        g = groups[sets.find(k)]
        old = g.get(aid)
        g[aid] = (min(s, old[0]), max(e, old[1])) if old else (s, e)
    return list(groups.values())


def facts(arts: list[Article], passages: list[SharedPassage]) -> Measure:
    """Rows: facts (passages) shared by two or more articles, ✓ where an article carries it."""
    m = Measure(
        "facts",
        "Facts kept and dropped",
        "Passages (from dedupe) that two or more articles share: ✓ kept, ✗ dropped; last row: "
        "paragraphs of each article that share nothing with the others.",
    )
    order = {a.id: i for i, a in enumerate(arts)}
    by_id = {a.id: a for a in arts}
    groups = [g for g in fact_groups(passages) if all(k in by_id for k in g)]
    groups.sort(key=lambda g: (-len(g), min(order[k] for k in g), min(g.values())))
    for g in groups:
        first = min(g, key=lambda k: order[k])
        s, e = g[first]
        row = Row(_short(by_id[first].text[s:e], 70))
        for a in arts:
            row.values[a.id] = "✓" if a.id in g else "✗"
            if a.id in g:
                gs, ge = g[a.id]
                row.evidence[a.id] = [Evidence(a.id, a.column, "kept", a.text[gs:ge])]
        m.rows.append(row)
    unique = Row("paragraphs shared with no other article")
    for a in arts:
        spans = [g[a.id] for g in groups if a.id in g]
        paras = [p for p in a.record.get("paragraphs") or [] if not p.get("heading")]
        own = [p for p in paras if not any(s < p["end"] and e > p["start"] for s, e in spans)]
        unique.values[a.id] = f"{len(own)} of {len(paras)}"
    m.rows.append(unique)
    return m


def reuse(arts: list[Article], passages: list[SharedPassage]) -> Measure:
    m = Measure(
        "reuse",
        "Reuse of earlier coverage",
        "Share of each article's narration words in passages copied or closely paraphrased "
        "from an earlier article of the story; flagged when the earlier outlet is not credited.",
    )
    share, source, flag = Row("narration reused"), Row("reused from"), Row("uncredited reuse")
    col = {a.id: a.column for a in arts}
    for a in arts:
        mine = [p for p in passages if p.later == a.id and p.direction_known]
        words = _narration_words_in(a, [(p.later_start, p.later_end) for p in mine])
        share.values[a.id] = (
            f"{100 * words / a.narration_words:.0f}%" if a.narration_words else "0%"
        )
        froms = Counter(col.get(p.earlier, p.earlier) for p in mine)
        source.values[a.id] = ", ".join(f"{k} ({v})" for k, v in froms.most_common()) or None
        flag.values[a.id] = "yes" if any(not p.credited for p in mine) else "no"
        share.evidence[a.id] = [
            Evidence(a.id, a.column, f"from {col.get(p.earlier, p.earlier)}", p.later_text)
            for p in mine
        ]
    m.rows = [share, source, flag]
    return m


def _narration_words_in(a: Article, spans: list[tuple[int, int]]) -> int:
    """Narration words of `a` inside the union of `spans`: a passage taken from two earlier
    articles (verbatim copies of one text) counts once, and quoted words do not count."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    text = a.text
    return sum(
        len(text[max(ns, s) : min(ne, e)].split())
        for ns, ne in a.narration
        for s, e in merged
        if max(ns, s) < min(ne, e)
    )


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- the whole comparison --------------------------------------------------------------------

MEASURES = (
    "overview",
    "sources",
    "credit",
    "voices",
    "renderings",
    "reporting_verbs",
    "hedging",
    "loaded",
    "naming",
    "facts",
    "reuse",
)


@dataclass
class Comparison:
    story_label: str
    articles: list[Article]
    measures: list[Measure]
    origin: str | None
    passages: list[SharedPassage]
    citations: dict[str, list[Citation]]


def article_times(arts: list[Article]) -> dict[str, float | None]:
    """Each article's publication time in POSIX seconds (UTC; see dates.py), None if undated."""
    out: dict[str, float | None] = {}
    for a in arts:
        out[a.id] = dates.timestamp(_published(a.record))
    return out


def spread_parents(result: Comparison) -> dict[str, tuple[str, str]]:
    """Each article's parent in the propagation tree: the story article it copies most from
    (when the direction is known), else the origin when it credits it. ("", why) = the root."""
    parents: dict[str, tuple[str, str]] = {}
    col = {a.id: a.column for a in result.articles}
    for a in result.articles:
        copied = Counter(
            p.earlier for p in result.passages if p.later == a.id and p.direction_known
        )
        if copied:
            src, n = copied.most_common(1)[0]
            parents[a.id] = (src, f"{n} passage(s) from {col.get(src, src)}")
        elif result.origin and any(c.name == result.origin for c in result.citations[a.id]):
            parents[a.id] = ("", f"credits {result.origin}")
        else:
            parents[a.id] = ("", "no credit or copy found")
    return parents


def shared_matrix(result: Comparison) -> dict[tuple[str, str], float]:
    """(a, b) -> share of a's words in passages a shares with b."""
    words: Counter[tuple[str, str]] = Counter()
    for p in result.passages:
        words[(p.later, p.earlier)] += len(p.later_text.split())
        words[(p.earlier, p.later)] += len(p.earlier_text.split())
    total = {a.id: int(a.record.get("words") or 0) for a in result.articles}
    return {k: min(1.0, v / total[k[0]]) for k, v in words.items() if total.get(k[0])}


def select_story(
    records: list[dict[str, Any]],
    stories: list[StoryCluster] | None,
    story: str | None,
    article_ids: list[str],
    outlets: list[str],
) -> tuple[str, list[dict[str, Any]]] | None:
    """The records to compare and a label: chosen articles/outlets, a story id, or else the
    largest story with two or more articles (ties: the earliest story id)."""
    if article_ids or outlets:
        wanted = set(article_ids)  # full ids (selection.resolve)
        chosen = [
            r
            for r in records
            if r["id"] in wanted or outlet_label(r).lower() in {o.lower() for o in outlets}
        ]
        return ("the chosen articles", chosen) if chosen else None
    clusters = list(stories or [])
    if story:
        match = [c for c in clusters if c.id == story]
        if not match:
            return None
        cluster = match[0]
    else:
        multi = [(len(c.articles), -i, c) for i, c in enumerate(clusters) if len(c.articles) >= 2]
        if not multi:
            return None
        cluster = max(multi, key=lambda t: t[:2])[2]
    ids = set(cluster.articles)
    return cluster.id, [r for r in records if r["id"] in ids]


def story_clusters(
    records: list[dict[str, Any]], store_path: str | None, key: list[Any] | None = None
) -> list[StoryCluster]:
    """The store's stories, from `<store>.stories.json` when it is current (see stories.py),
    else clustered here and kept there. `key`: the store's key taken before `records` were
    read (taken now if not given)."""
    from ukpeace_cli import dedupe, stories

    if store_path and key is None:
        key = stories.store_key(store_path, dedupe.DEFAULT_THRESHOLD)
    cached = stories.load(store_path, key) if store_path else None
    if cached is not None:
        return cached
    found = dedupe.find_duplicates(records, passages=False)
    out = [StoryCluster(c.id, list(c.articles)) for c in found.clusters]
    if store_path:
        stories.save(store_path, key, out)
    return out


def compare_story(
    records: list[dict[str, Any]],
    *,
    story: str | None = None,
    article_ids: list[str] | None = None,
    outlets: list[str] | None = None,
    aliases_path: str | None = None,
    lexicons_path: str | None = None,
    store_path: str | None = None,
    store_key: list[Any] | None = None,
) -> Comparison | None:
    """Everything `compare` shows, from stored records only (no model)."""
    from ukpeace_cli import entities, quotes

    aliases = entities.load_aliases(aliases_path)
    # Stories come from clustering the whole store; passages only from the chosen articles.
    stories = None if (article_ids or outlets) else story_clusters(records, store_path, store_key)
    picked = select_story(records, stories, story, article_ids or [], outlets or [])
    if picked is None:
        return None
    label, chosen = picked
    resolver = entities.Resolver.build(records, aliases)
    background = [s for rec in records for s in quotes.quote_stems(rec)]
    return _compare(label, chosen, resolver, background, aliases, lexicons_path)


def compare_in_store(
    store: Any,
    *,
    story: str | None = None,
    article_ids: list[str] | None = None,
    outlets: list[str] | None = None,
    aliases_path: str | None = None,
    lexicons_path: str | None = None,
    on_problem: Any = None,
) -> Comparison | None:
    """`compare_story` over a store without parsing every article: the story from the kept
    clusters (`stories.py`), canonical names and the article index from the entities sidecar,
    quote word rarity from the quotes sidecar, and only the chosen articles read (by offset).
    With no clusters kept yet for a story choice, the whole store is read and clustered
    (`compare_story`), and the clusters are kept for next time."""
    from ukpeace_cli import dedupe, entities, quotes, stories

    store_key = stories.store_key(str(store.path), dedupe.DEFAULT_THRESHOLD)  # before reading
    by_article = bool(article_ids or outlets)
    kept = None if by_article else stories.load(str(store.path), store_key)
    if not by_article and kept is None:
        return compare_story(
            list(store.iter_records(on_problem)),
            story=story,
            aliases_path=aliases_path,
            lexicons_path=lexicons_path,
            store_path=str(store.path),
            store_key=store_key,
        )
    aliases = entities.load_aliases(aliases_path)
    report = entities.store_report(store, aliases, on_problem=on_problem, merge=False)
    stubs = [{"id": rid, "outlet": outlet, "ref": ref} for ref, rid, outlet in report.index]
    picked = select_story(stubs, kept, story, article_ids or [], outlets or [])
    if picked is None:
        return None
    label, chosen_stubs = picked
    chosen = [rec for s in chosen_stubs if (rec := store.read_at(s["ref"])) is not None]
    background = quotes.store_quote_stems(store)
    return _compare(label, chosen, report.resolver, background, aliases, lexicons_path)


def _compare(
    label: str,
    chosen: list[dict[str, Any]],
    resolver: Any,
    background: list[Any],
    aliases: dict[str, Any],
    lexicons_path: str | None,
) -> Comparison:
    """The measures over the chosen records. `resolver`: canonical names over the whole store;
    `background`: the content-word stems of every quote in the store (word rarity)."""
    from ukpeace_cli import dedupe, entities, quotes
    from ukpeace_cli.lexicons import load_lexicons

    lexicons = load_lexicons(lexicons_path)
    found = dedupe.find_duplicates(chosen, passages=True)

    def canonical(name: str, label_: str | None) -> str:
        return resolver.canonical(name, label_)

    arts = make_articles(chosen)
    typer = SourceTyper(lexicons, resolver.kind, resolver.label)
    src_measure, cites = sources(arts, typer, canonical)
    origin = origin_outlet(arts, cites)
    ids = {a.id for a in arts}
    rows = list(quotes.quote_rows(chosen, resolver))
    groups = quotes.group_quotes(rows, background_stems=background)
    report = entities.build_report(chosen, aliases)
    suggested = {
        s["variant"]: s["canonical"] for s in entities.suggestions(report, frozenset({"PERSON"}))
    }
    shared = [
        SharedPassage(
            earlier=p.earlier,
            later=p.later,
            earlier_text=p.earlier_text,
            later_text=p.later_text,
            earlier_start=p.earlier_span[0],
            earlier_end=p.earlier_span[1],
            later_start=p.later_span[0],
            later_end=p.later_span[1],
            similarity=p.similarity,
            credited=p.credited,
            direction_known=p.direction != "unknown",
        )
        for p in found.passages
        if p.earlier in ids and p.later in ids and not p.quote
    ]
    measures = [
        overview(arts),
        src_measure,
        credit(arts, cites, origin),
        voices(arts, canonical),
        renderings(arts, [g.rows for g in groups]),
        reporting_verbs(arts, lexicons),
        hedging(arts, lexicons),
        loaded(arts, lexicons),
        naming(arts, canonical, suggested),
        facts(arts, shared),
        reuse(arts, shared),
    ]
    return Comparison(label, arts, measures, origin, shared, cites)
