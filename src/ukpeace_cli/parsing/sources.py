"""Outlet and wire credits in layouts the header reader does not cover (issue 12 item 3).

Two families, each one function the parser calls (so `bench/eval_metadata.py --off NAME` can
switch one off for an ablation):

- `paren_dateline` ("paren-dateline"): a parenthesised credit opening the first paragraph: an
  aggregator's "(Example News) ..." or "(HUB- Example Press) ...", a dateline naming the outlet
  and an agency "CITY (Example News / Agency - 3 July, 2023) ...". The outlet is a nameplate
  ("... News", "... Press"), or an all-capitals name alone in the brackets when no dash and no
  city come with it (a place dateline, "(PARIS) --", always has one).
- `place_agency` ("network-wire", with CNN in `data/news_agencies.yaml`): a dateline line
  "City, Country | Agency" standing over the text is a wire credit, not the headline.

Session 11 also tried, and removed because they gained nothing on the test sets (sets 3, 4;
docs/store.md): a byline's ", Organisation" and a nameplate line under a byline, "Read more on
X" / "More from X" labels, a "Source:" label glued into a header line, and camel-case
nameplates. Made-up fixtures in tests/test_parsing_sources.py. Pure functions over strings.
"""

from __future__ import annotations

import re

from ukpeace_cli.parsing.credits import agency, outlet_name

# --- (NAME) opening the first paragraph --------------------------------------------------------

_PAREN_OPEN = re.compile(
    r"^(?:(?P<city>[A-Z][A-Z .,'’-]{1,40}?)\s*)?\((?P<inner>[^()]{2,90})\)\s*(?P<dash>[-–—:]+)?"
    r"\s*(?=[A-Z“\"‘'])"
)
_PARTS = re.compile(r"\s*/\s*|\s*[-–—]\s+|\s+[-–—]\s*")
_ACRONYM = re.compile(r"^[A-Z]{3,8}$")


def paren_dateline(paragraph: str) -> tuple[str | None, list[str]]:
    """(outlet, agencies) of a parenthesised credit opening a paragraph, or (None, [])."""
    m = _PAREN_OPEN.match(paragraph)
    if not m:
        return None, []
    parts = [p.strip(" .,") for p in _PARTS.split(m.group("inner"))]
    parts = [p for p in parts if p and not re.search(r"\d", p)]
    agencies = [agency(p) for p in parts]
    wires = [a for a in agencies if a]
    names = [p for p, a in zip(parts, agencies, strict=True) if not a]
    outlet = next((found for p in names if (found := outlet_name(p))), None)
    alone = len(parts) == 1 and not m.group("city") and not m.group("dash")
    if outlet is None and alone and names and _ACRONYM.match(names[0]):
        outlet = names[0]  # "(EXAMPLENET) The ministry said ...": an aggregator's own credit
    return outlet, wires


# --- "Place | Agency" over the text ----------------------------------------------------------

_PLACE_AGENCY = re.compile(r"^(?P<place>[A-Z][\w .,'’-]{1,40}?)\s*\|\s*(?P<agency>[^|]{2,40})$")


def place_agency(line: str) -> str | None:
    """The agency of a dateline line 'City, Country | Agency' standing over the text."""
    m = _PLACE_AGENCY.match(line.strip())
    return agency(m.group("agency").strip()) if m else None
