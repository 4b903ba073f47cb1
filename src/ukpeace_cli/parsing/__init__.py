"""Turn one plain-text web article into a clean body and the metadata the text itself states.

Pure functions over strings: no I/O, no NLP. `layout` rebuilds paragraphs (one per line, blank-line
blocks or hard-wrapped), `lines` classifies a line (date, byline, boilerplate, caption),
`credits` reads outlets, wire agencies and credited persons, `article` puts them together.
"""

from ukpeace_cli.parsing.article import (
    META_FIELDS,
    Paragraph,
    ParsedArticle,
    SetAside,
    parse_article,
)
from ukpeace_cli.parsing.credits import Credit
from ukpeace_cli.parsing.layout import normalise, split_blocks
from ukpeace_cli.parsing.lines import classify_unterminated, parse_date

__all__ = [
    "META_FIELDS",
    "Credit",
    "Paragraph",
    "ParsedArticle",
    "SetAside",
    "classify_unterminated",
    "normalise",
    "parse_article",
    "parse_date",
    "split_blocks",
]
