"""Ingest: raw inputs -> parsed article -> (NLP annotations) -> store, one result per input.

A result is yielded only after its record is safely in the store, so "done" means durable.
Order of results follows the order of inputs.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli.errors import InputError
from ukpeace_cli.inputs import RawInput
from ukpeace_cli.nlp import Pipeline, annotate
from ukpeace_cli.parsing import META_FIELDS, parse_article
from ukpeace_cli.store import SCHEMA_VERSION, Store, StoreProblem

Annotator = Callable[[Any, dict[str, Any]], dict[str, Any]]


@dataclass
class IngestResult:
    source: str
    status: str  # added | updated | unchanged | failed
    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    words: int = 0
    annotated: bool = False
    reason: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "status": self.status,
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "words": self.words,
            "annotated": self.annotated,
            "reason": self.reason,
        }


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_record(item: RawInput, flags: dict[str, str | None]) -> dict[str, Any]:
    """The store record (without annotations) for one input. Raises InputError."""
    assert item.text is not None
    given: dict[str, Any] = dict(item.meta)
    origin: dict[str, str] = dict(item.meta_origin)
    for key, value in flags.items():
        if value:
            given[key] = value
            origin[key] = "flag"
    parsed = parse_article(item.text, known=given)
    if not parsed.text.strip():
        raise InputError("no article text left after setting aside boilerplate", where=item.source)
    meta: dict[str, Any] = {}
    provenance: dict[str, str] = {}
    for key in META_FIELDS:
        if given.get(key):
            meta[key], provenance[key] = given[key], origin[key]
        elif parsed.meta.get(key):
            meta[key], provenance[key] = parsed.meta[key], parsed.provenance[key]
        else:
            meta[key] = None
    return {
        "id": article_id(parsed.text),
        "schema": SCHEMA_VERSION,
        "source": item.source,
        **meta,
        "provenance": provenance,
        "words": len(parsed.text.split()),
        "text": parsed.text,
        "paragraphs": [
            {"start": p.start, "end": p.end, "heading": p.heading} for p in parsed.paragraphs
        ],
        "headings": parsed.headings,
        "captions": [{"text": c.text, "position": c.position} for c in parsed.captions],
        "boilerplate": [
            {"text": b.text, "reason": b.reason, "position": b.position} for b in parsed.boilerplate
        ],
        "cited_sources": parsed.cited_sources,
        "nlp": None,
    }


def _fingerprint(rec: dict[str, Any]) -> tuple[Any, ...]:
    return (rec.get("source"), *(rec.get(k) for k in META_FIELDS), str(rec.get("provenance")))


@dataclass
class _Slot:
    result: IngestResult
    record: dict[str, Any] | None = None
    replace: bool = False
    waiting: bool = False


def ingest(
    items: Iterable[RawInput],
    store: Store,
    *,
    flags: dict[str, str | None] | None = None,
    pipeline: Pipeline | None = None,
    annotator: Annotator | None = None,
    jobs: int = 1,
    strict: bool = False,
    commit_every: int = 64,
    on_problem: Callable[[StoreProblem], None] | None = None,
) -> Iterator[IngestResult]:
    """Ingest `items`; annotate with `pipeline` when given. Yields results in input order.

    With `strict`, reading stops at the first failed input; what came before is still stored.
    """
    flags = flags or {}
    # A partial last line is set aside (and a whole one mended) even if nothing is written.
    store.repair(on_problem)
    existing: dict[str, tuple[tuple[Any, ...], str | None]] = {}
    for rec in store.iter_records(on_problem):
        nlp_block = rec.get("nlp") or {}
        existing[rec["id"]] = (_fingerprint(rec), nlp_block.get("pipeline"))
    key = pipeline.key if pipeline else None
    slots: deque[_Slot] = deque()
    claimed: dict[str, str] = {}  # id -> source, for duplicates within this run

    def prepare(item: RawInput) -> _Slot:
        slot = _Slot(IngestResult(source=item.source, status="failed", warnings=item.warnings))
        res = slot.result
        if item.error is not None:
            res.reason = str(item.error)
            return slot
        try:
            rec = build_record(item, flags)
        except InputError as exc:
            res.reason = str(exc)
            return slot
        res.id, res.title, res.outlet = rec["id"], rec["title"], rec["outlet"]
        res.published, res.words = rec["published"], rec["words"]
        if rec["id"] in claimed:
            res.status, res.reason = "unchanged", f"same text as {claimed[rec['id']]}"
            return slot
        claimed[rec["id"]] = item.source
        old = existing.get(rec["id"])
        if old is None:
            slot.record, res.status = rec, "added"
        else:
            old_fp, old_key = old
            same_meta = old_fp == _fingerprint(rec) or old_fp[0] != rec["source"]
            res.annotated = old_key is not None
            if same_meta and (key is None or old_key == key):
                res.status = "unchanged"
                if old_fp[0] != rec["source"]:
                    res.reason = f"same text as stored {old_fp[0]}"
                return slot
            slot.record, slot.replace, res.status = rec, True, "updated"
        slot.waiting = key is not None
        return slot

    waiting: dict[int, _Slot] = {}

    def plan() -> Iterator[tuple[str, int]]:
        # The context spaCy passes along is a number, not the slot: with --jobs > 1 contexts
        # travel through worker processes and come back as copies.
        for n, item in enumerate(items):
            slot = prepare(item)
            slots.append(slot)
            if slot.waiting or key is None:
                waiting[n] = slot
                yield (slot.record or {}).get("text", ""), n
            if strict and slot.result.status == "failed":
                break  # --strict: nothing after the first bad input is read

    pending_new: list[dict[str, Any]] = []
    pending_replace: dict[str, dict[str, Any]] = {}
    done: list[IngestResult] = []
    keep_nlp: list[_Slot] = []  # replacements without re-annotation keep their stored nlp

    def drain() -> None:
        while slots and not slots[0].waiting:
            slot = slots.popleft()
            if slot.record is not None:
                if slot.replace:
                    pending_replace[slot.record["id"]] = slot.record
                    if slot.record["nlp"] is None:
                        keep_nlp.append(slot)
                else:
                    pending_new.append(slot.record)
            done.append(slot.result)

    def flush(final: bool = False) -> Iterator[IngestResult]:
        nonlocal pending_new, done
        if not final and len(pending_new) < commit_every and len(done) < commit_every:
            return
        if final and keep_nlp:
            stored = {r["id"]: r for r in store.get(s.record["id"] for s in keep_nlp if s.record)}
            for slot in keep_nlp:
                assert slot.record is not None
                slot.record["nlp"] = (stored.get(slot.record["id"]) or {}).get("nlp")
        replace = pending_replace if final else None
        committed = store.commit(pending_new, replace, on_problem)
        present = set(committed.already_present)
        # Results for replacements are held until the final rewrite has happened, and so is
        # everything after the first of them: results keep the order of the inputs.
        cut = len(done)
        if not final:
            cut = next((i for i, r in enumerate(done) if r.status == "updated"), len(done))
        ready, held = done[:cut], done[cut:]
        for res in ready:
            if res.status == "added" and res.id in present:
                res.status, res.reason = "unchanged", "added meanwhile by another ingest"
            yield res
        pending_new, done = [], held

    if pipeline is None:
        for _, n in plan():
            waiting.pop(n)
            drain()
            yield from flush()
        drain()
        yield from flush(final=True)
        return

    for doc, n in pipeline.pipe(plan(), jobs=jobs):
        slot = waiting.pop(n)
        assert slot.record is not None
        block = {
            "pipeline": key,
            "model": pipeline.name,
            "model_version": pipeline.version,
            "spacy": pipeline.spacy_version,
        }
        block.update((annotator or annotate)(doc, slot.record))
        slot.record["nlp"] = block
        slot.result.annotated = True
        slot.waiting = False
        drain()
        yield from flush()
    drain()
    if waiting or slots:
        raise RuntimeError(f"{len(waiting) + len(slots)} input(s) lost in the NLP pipeline")
    yield from flush(final=True)
