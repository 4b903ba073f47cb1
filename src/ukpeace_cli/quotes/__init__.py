"""Quotations in news text: where they are and who said them, as a pipeline of one-job
stages (see `extract.py` for the order), plus the query-time helpers over stored quotes.

At ingest `extract_quotes(doc, record, mentions)` runs once per article and its records are
stored, so queries never re-run the model. Query time: `quote_rows`, `SpeakerMatcher`,
`group_quotes` (`compare` reuses it) and the quotes sidecar.
"""

from ukpeace_cli.quotes.extract import extract_quotes
from ukpeace_cli.quotes.group import (
    QUOTE_DIGEST_VERSION,
    QuoteGroup,
    QuoteStems,
    Similarity,
    _stems,
    group_quotes,
    quote_stems,
    refresh_sidecar,
    store_quote_stems,
)
from ukpeace_cli.quotes.marks import (
    DOUBLE,
    MARKS,
    SINGLE,
    MarkedSpan,
    find_marked_spans,
    paragraphs_of,
)
from ukpeace_cli.quotes.match import SpeakerMatch, SpeakerMatcher
from ukpeace_cli.quotes.query import (
    ANONYMOUS,
    DEFAULT_KINDS,
    OUTPUT_KEYS,
    QuoteFilter,
    check_kinds,
    global_speaker,
    quote_rows,
    sort_records,
)
from ukpeace_cli.quotes.spans import DIRECT, INDIRECT, KINDS, PARTIAL, TERM

__all__ = [
    "ANONYMOUS",
    "DEFAULT_KINDS",
    "DIRECT",
    "DOUBLE",
    "INDIRECT",
    "KINDS",
    "MARKS",
    "OUTPUT_KEYS",
    "PARTIAL",
    "QUOTE_DIGEST_VERSION",
    "SINGLE",
    "TERM",
    "MarkedSpan",
    "QuoteFilter",
    "QuoteGroup",
    "QuoteStems",
    "Similarity",
    "SpeakerMatch",
    "SpeakerMatcher",
    "_stems",
    "check_kinds",
    "extract_quotes",
    "find_marked_spans",
    "global_speaker",
    "group_quotes",
    "paragraphs_of",
    "quote_rows",
    "quote_stems",
    "refresh_sidecar",
    "sort_records",
    "store_quote_stems",
]
