"""The parser: one plain-text web article into a clean body and the metadata its text states.

The header zone (breadcrumb, masthead, title, byline, source and URL lines, dateline) is read
first; every later line is boilerplate, a caption, a credit line or body. Nothing is invented:
a field the text does not support stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli.parsing import credits as cr
from ukpeace_cli.parsing import sources
from ukpeace_cli.parsing.layout import split_blocks
from ukpeace_cli.parsing.lines import (
    _BREADCRUMB,
    _BULLET,
    _BYLINE,
    _CAPTION_MARK,
    _REPUBLISHED,
    _SOURCE_LINE,
    _SOURCES_HEAD,
    _URL_LINE,
    _boilerplate_reason,
    _is_terminated,
    _looks_like_headline,
    _words,
    classify_unterminated,
    parse_date,
)

META_FIELDS = ("title", "outlet", "published", "byline", "url")


@dataclass
class Paragraph:
    start: int
    end: int
    heading: bool = False


@dataclass
class SetAside:
    """Text kept out of the body: a caption or boilerplate, with where it stood and why."""

    text: str
    reason: str
    position: int  # number of body paragraphs before it


@dataclass
class ParsedArticle:
    text: str
    paragraphs: list[Paragraph]
    captions: list[SetAside] = field(default_factory=list)
    boilerplate: list[SetAside] = field(default_factory=list)
    cited_sources: list[str] = field(default_factory=list)
    meta: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(META_FIELDS))
    provenance: dict[str, str] = field(default_factory=dict)
    wire: list[str] = field(default_factory=list)  # agencies credited: "Reuters", "AP"
    credits: list[cr.Credit] = field(default_factory=list)  # bylines, editors, photographers

    @property
    def headings(self) -> list[str]:
        return [self.text[p.start : p.end] for p in self.paragraphs if p.heading]


def _kicker(line: str, nxt: str) -> bool:
    """A section label or kicker over the headline: one or two capitalised words ('Politics',
    'AP U.S.') over a longer headline-like line."""
    words = line.split()
    return (
        1 <= len(words) <= 2
        and all(w[0].isupper() for w in words)
        and (not _is_terminated(line) or bool(re.search(r"(?:^|\s)(?:[A-Z]\.)+$", line)))
        and _words(nxt) >= 6
        and _looks_like_headline(nxt)
    )


class _Parser:
    def __init__(self, lines: list[str], known: dict[str, Any]) -> None:
        self.lines = lines
        self.known = known
        self.meta: dict[str, str | None] = dict.fromkeys(META_FIELDS)
        self.prov: dict[str, str] = {}
        self.body: list[tuple[str, bool]] = []  # (text, is_heading)
        self.captions: list[SetAside] = []
        self.boiler: list[SetAside] = []
        self.sources: list[str] = []
        self.wire: list[str] = []
        self.credits: list[cr.Credit] = []
        self.dateline_wire: str | None = None  # "PARIS, May 5 (Reuters) -"
        self.desk_line = False  # "(Reporting by ...; Editing by ...)"
        self.last_meta = -1  # index of the last line read as metadata or boilerplate

    def found(self, key: str, value: str | None, how: str) -> None:
        if value and self.meta[key] is None:
            self.meta[key] = value
            self.prov[key] = f"text:{how}"

    def aside(self, line: str, reason: str) -> None:
        self.boiler.append(SetAside(line, reason, len(self.body)))

    def credit(self, *, wire: str | None = None, persons: list[cr.Credit] | None = None) -> None:
        if wire and wire not in self.wire:
            self.wire.append(wire)
        self.credits.extend(p for p in persons or [] if p not in self.credits)

    def header(self) -> int:
        """Page chrome, breadcrumb, masthead, byline and title at the top; the index of the first
        line after them."""
        lines = self.lines
        if not lines:
            return 0
        first = lines[0]
        for later in lines[1:7]:
            if first != later and first.endswith(later) and _looks_like_headline(later):
                prefix = first[: -len(later)].strip()
                if prefix and _words(prefix) <= 4 and len(prefix) <= 40:
                    self.aside(prefix, "breadcrumb")
                    lines[0] = later
                break
        i = self._top_chrome()
        if i < len(lines) and _BREADCRUMB.match(lines[i]):
            self.aside(lines[i], "breadcrumb")
            i += 1
        i = self._masthead_block(i)
        # "A Name, City" over a long first paragraph: a byline, not a headline.
        person = cr.name_place_byline(lines[i]) if len(lines) > i + 1 else None
        if person and _words(lines[i + 1]) >= 12:
            self.byline_credit(person, lines[i])
            i += 1
        if i + 2 < len(lines) and _kicker(lines[i], lines[i + 1]):
            self.aside(lines[i], "section label")
            i += 1
        if i < len(lines) and _looks_like_headline(lines[i]) and len(lines) > i + 1:
            cand = lines[i]
            if not (
                _BYLINE.match(cand)
                or _SOURCE_LINE.match(cand)
                or parse_date(cand)
                or _boilerplate_reason(cand)
                or sources.place_agency(cand)
            ):
                # A page title's site name after a pipe: "Headline | Example News".
                head, _, site = cand.rpartition(" | ")
                if head and "|" not in site and _words(head) >= 2 and cr.outlet_name(site):
                    self.found("outlet", cr.outlet_name(site), "title-suffix")
                    cand = head
                self.found("title", cand, "headline")
                i += 1
        return i

    def byline_credit(self, person: str, line: str) -> None:
        self.found("byline", person, "byline")
        self.credit(persons=[cr.Credit(person, "author")])
        self.aside(line, "byline")

    def _top_chrome(self) -> int:
        """Set aside the page furniture above the article: navigation, reading time, a date
        line (recorded), and short promotional lines above a masthead."""
        lines = self.lines
        i = 0
        while i < min(len(lines) - 2, 8):
            line = lines[i]
            if (reason := _boilerplate_reason(line)) and reason != "copyright":
                self.aside(line, reason)
            elif _words(line) <= 12 and (iso := parse_date(line)):
                self.found("published", iso, "dateline")
                self.aside(line, "dateline")
            else:
                break
            i += 1
        for k in range(i + 1, min(len(lines) - 2, i + 7)):
            if self._nameplate_at(k):
                if all(_words(line) <= 10 for line in lines[i:k]):
                    for line in lines[i:k]:
                        self.aside(line, "page chrome")
                    return k
                break
        return i

    def _nameplate_at(self, k: int) -> str | None:
        """The outlet of a logo line, or of a nameplate printed twice (logo text, then name)."""
        line = self.lines[k]
        if name := cr.logo_line(line):
            return name
        nxt = self.lines[k + 1] if k + 1 < len(self.lines) else ""
        return cr.outlet_name(line) if line == nxt else None

    def _masthead_block(self, i: int) -> int:
        """A masthead (a logo, a nameplate printed twice, a nameplate over the headline), then
        a section label and a byline with no 'By' under it."""
        lines = self.lines
        if i >= len(lines) - 2:
            return i
        line = lines[i]
        if name := self._nameplate_at(i):
            self.found("outlet", name, "masthead")
            self.credit(wire=name if cr.carried_label(line) else None)
            repeated = 1 + (i + 1 < len(lines) and lines[i + 1] == line)
            for _ in range(repeated):
                self.aside(line, "masthead")
            i += repeated
        else:
            name = cr.outlet_name(line)
            nxt = lines[i + 1]
            section = _words(nxt) <= 2 and _looks_like_headline(lines[i + 2])
            if not (name and (_words(nxt) >= 2 or section) and not _is_terminated(nxt)):
                return i
            if cr.outlet_name(nxt):
                return i
            self.found("outlet", name, "masthead")
            self.aside(line, "masthead")
            i += 1
        short = i + 2 < len(lines) and _words(lines[i]) <= 2 and not _is_terminated(lines[i])
        if short and (_words(lines[i + 1]) > 2 or cr.bare_byline(lines[i + 1])):
            self.aside(lines[i], "section label")
            i += 1
        if i + 2 < len(lines) and (person := cr.bare_byline(lines[i])):
            self.byline_credit(person, lines[i])
            i += 1
        return i

    def metadata_line(self, idx: int, line: str, near_top: bool) -> bool:
        """Record and set aside a line that states metadata; False if it is not one."""
        last = idx >= len(self.lines) - 3
        if (m := _REPUBLISHED.search(line)) and _words(line) <= 25:
            self.found("outlet", cr.registrable_domain(m.group("site")), "republisher-footer")
            self.aside(line, "republisher footer")
        elif (m := _URL_LINE.match(line)) and (near_top or last or m.group("label")):
            self.found("url", m.group("url"), "url-line")
            self.found("outlet", cr.registrable_domain(m.group("url")), "url-line")
            self.aside(line, "url line")
        elif (near_top or last) and (site := cr.domain_line(line) or self._source_site(line)):
            self.found("outlet", site, "source-line")
            self.aside(line, "source line")
        elif any(held := cr.source_credit(line)):
            self.found("outlet", held[0], "source-line")
            self.credit(wire=held[1])
            self.aside(line, "source line")
        elif near_top and (name := self._masthead(idx, line)):
            self.found("outlet", name, "masthead")
            self.credit(wire=name if cr.carried_label(line) else None)
            self.aside(line, "masthead")
        elif wire := cr.wire_line(line) or (near_top and sources.place_agency(line)):
            self.credit(wire=wire)
            self.aside(line, "wire credit")
        elif (persons := cr.role_credits(line)) is not None:
            self.desk_line = True
            self.credit(persons=persons)
            self.aside(line, "credit line")
        elif (persons := cr.contributed_credits(line)) is not None:
            self.credit(persons=persons)  # runs in every copy: not the agency's own page
            self.aside(line, "credit line")
        elif (near_top or last) and (name := cr.syndicated_from(line)):
            self.found("outlet", name, "republisher-footer")
            self.aside(line, "republisher footer")
        elif near_top and self.last_meta == idx - 1 and (person := cr.bare_byline(line)):
            self.byline_credit(person, line)
        elif near_top and (name := self._byline(line)):
            self.found("byline", name, "byline")
            reading = cr.read_byline(name)
            self.found("outlet", reading.outlet, "byline")
            self.credit(wire=reading.wire, persons=reading.persons)
            self.aside(line, "byline")
        else:
            return False
        return True

    def _masthead(self, idx: int, line: str) -> str | None:
        """A logo's text, or a nameplate line printed twice (logo text, then the name)."""
        if name := cr.logo_line(line):
            return name
        around = self.lines[max(0, idx - 1) : idx] + self.lines[idx + 1 : idx + 2]
        return cr.outlet_name(line) if line in around else None

    def _byline(self, line: str) -> str | None:
        if (m := _BYLINE.match(line)) and _words(m.group("name")) <= 8:
            return m.group("name").strip()
        return cr.trailing_author(line)

    def _source_site(self, line: str) -> str | None:
        if m := _SOURCE_LINE.match(line):
            return cr.registrable_domain(m.group("site")) or m.group("site").lower()
        return None

    def boilerplate(self, line: str) -> bool:
        reason = _boilerplate_reason(line)
        if not reason:
            return False
        if reason == "copyright":
            outlet, wire = cr.copyright_holder(line)
            self.found("outlet", outlet, "copyright")
            self.credit(wire=wire)
        self.aside(line, reason)
        return True

    def run(self) -> None:
        i = self.header()
        title_seen = {t for t in (self.meta["title"], self.known.get("title")) if t}
        in_sources = False
        for idx in range(i, len(self.lines)):
            line = self.lines[idx]
            if in_sources:
                if _BULLET.match(line) or (_words(line) <= 12 and not _is_terminated(line)):
                    self.sources.append(_BULLET.sub("", line).strip())
                    continue
                in_sources = False
            if line in title_seen:
                self.aside(line, "repeated title")
            elif self.metadata_line(idx, line, idx < i + 6) or self.boilerplate(line):
                self.last_meta = idx
            elif _words(line) <= 12 and (iso := parse_date(line)):
                if idx < i + 8:
                    self.found("published", iso, "dateline")
                elif idx >= len(self.lines) - 2:  # a page's time stamp under the article
                    self.found("published", iso, "footer-date")
                self.aside(line, "dateline")
            elif _SOURCES_HEAD.match(line):
                in_sources = True
            else:
                self.body_line(idx, line)

    def body_line(self, idx: int, line: str) -> None:
        self.credit(persons=cr.photo_credits(line))
        self.found("outlet", cr.dateline_outlet(line), "dateline")
        if not self.body:
            outlet, wires = sources.paren_dateline(line)
            self.found("outlet", outlet, "paren-dateline")
            for wire in wires:
                self.credit(wire=wire)
        if self.body and idx >= len(self.lines) - 3 and (name := cr.subscription_outlet(line)):
            self.found("outlet", name, "subscription-prompt")  # a newsletter's footer
            self.aside(line, "subscription prompt")
            return
        if len(self.body) < 3:
            if dated := cr.wire_dateline(line):
                self.credit(wire=dated)
                self.dateline_wire = self.dateline_wire or dated
            self.found("outlet", cr.subscription_outlet(line), "subscription-prompt")
        if _is_terminated(line):
            self.body.append((line, False))
            return
        kind = classify_unterminated(line)
        if kind == "caption" and idx == len(self.lines) - 1 and not _CAPTION_MARK.search(line):
            kind = "paragraph"  # captions stand between paragraphs; a last line is cut-off text
        if kind == "caption":
            self.captions.append(SetAside(line, "caption", len(self.body)))
        else:
            self.body.append((line, kind == "heading"))

    def article(self) -> ParsedArticle:
        # An agency's own page: its dateline, its desk's credit line ("Reporting by ...;
        # Editing by ..."), and no other publisher named anywhere.
        if self.dateline_wire and self.desk_line:
            self.found("outlet", self.dateline_wire, "agency-page")
        body = self.body
        # Trailing headings with nothing after them are page furniture, not section titles.
        keep = len(body)
        while keep and body[keep - 1][1]:
            keep -= 1
        for line, _ in body[keep:]:
            self.boiler.append(SetAside(line, "trailing heading", keep))
        del body[keep:]
        for item in [*self.captions, *self.boiler]:
            item.position = min(item.position, keep)  # it stood among the trailing headings
        parts: list[str] = []
        paragraphs: list[Paragraph] = []
        pos = 0
        for line, heading in body:
            if parts:
                pos += 2
            paragraphs.append(Paragraph(pos, pos + len(line), heading))
            parts.append(line)
            pos += len(line)
        return ParsedArticle(
            text="\n\n".join(parts),
            paragraphs=paragraphs,
            captions=self.captions,
            boilerplate=self.boiler,
            cited_sources=self.sources,
            meta=self.meta,
            provenance=self.prov,
            wire=self.wire,
            credits=self.credits,
        )


def parse_article(raw: str, known: dict[str, Any] | None = None) -> ParsedArticle:
    """Parse normalised-or-not article text. `known` holds metadata given from outside (flags,
    manifest, front matter); it wins over what the text says but the text is still cleaned of
    the lines that stated it (a repeated title, say).
    """
    known = {k: v for k, v in (known or {}).items() if v not in (None, "")}
    parser = _Parser(split_blocks(raw), known)
    parser.run()
    return parser.article()
