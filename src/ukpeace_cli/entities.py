"""Entities: who and what each article names, with name variants merged and nothing merged wrongly.

Canonicalisation, strict to lax (docs/entities.md), one module of `ukpeace_cli.names` per level:
1. the alias YAML (`aliases`, approved `variants`, hard negatives `not`), packaged + the user's
   (`names.aliases`);
2. titles and roles stripped from the head of a person mention into `descriptor` (`names.mentions`);
3. in one article, a surname or given name links to the one full name it can mean (else ambiguous)
   (`names.mentions`, `names.link`);
4. across articles (`Resolver`, `names.resolve`), names with one fold key or transliteration key
   merge;
5. looser pairs are only *suggested* (`suggestions`), merged once approved (`accept`)
   (`names.suggest`).

Ingest calls `article_mentions` once per article (levels 1-3); query commands build one `Resolver`
from the stored mentions (level 4), which `quotes` also uses for speakers. The report is
`names.report` over the per-article digests of `names.digests`. This module only re-exports them,
so `from ukpeace_cli.entities import ...` keeps working.
"""

from __future__ import annotations

from ukpeace_cli.names.aliases import (
    LABELS,
    NAME_LABELS,
    USER_ALIASES_FILE,
    AliasEntry,
    AliasIndex,
    aliases_with,
    default_user_aliases_path,
    label_class,
    load_aliases,
    merge_tables,
    packaged_aliases_text,
    ruler_patterns,
    user_aliases_path,
)
from ukpeace_cli.names.digests import DIGEST_VERSION, MentionKeys
from ukpeace_cli.names.mentions import (
    FAC_HEADS,
    ORG_NOUNS,
    STATE_BODIES,
    Mention,
    article_mentions,
)
from ukpeace_cli.names.records import outlet_label, sentence_of, stored_mentions
from ukpeace_cli.names.report import (
    EntityReport,
    Filters,
    build_report,
    check_labels,
    mention_rows,
    refresh_sidecar,
    store_report,
)
from ukpeace_cli.names.resolve import Resolver
from ukpeace_cli.names.suggest import parse_pair, record_decision, suggestions

__all__ = [
    "DIGEST_VERSION",
    "FAC_HEADS",
    "LABELS",
    "NAME_LABELS",
    "ORG_NOUNS",
    "STATE_BODIES",
    "USER_ALIASES_FILE",
    "AliasEntry",
    "AliasIndex",
    "EntityReport",
    "Filters",
    "Mention",
    "MentionKeys",
    "Resolver",
    "aliases_with",
    "article_mentions",
    "build_report",
    "check_labels",
    "default_user_aliases_path",
    "label_class",
    "load_aliases",
    "mention_rows",
    "merge_tables",
    "outlet_label",
    "packaged_aliases_text",
    "parse_pair",
    "record_decision",
    "refresh_sidecar",
    "ruler_patterns",
    "sentence_of",
    "store_report",
    "stored_mentions",
    "suggestions",
    "user_aliases_path",
]
