"""Ingest: raw inputs -> parsed article -> (NLP annotations) -> store, one result per input.

A result is yielded only after its record is safely in the store, so "done" means durable.
Order of results follows the order of inputs.
"""

from __future__ import annotations

import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli.errors import InputError
from ukpeace_cli.inputs import RawInput
from ukpeace_cli.nlp import Pipeline, annotate
from ukpeace_cli.parsing import META_FIELDS, parse_article
from ukpeace_cli.store import SCHEMA_VERSION, Store, StoreProblem, text_hash
from ukpeace_cli.store.parts import TempPart

Annotator = Callable[[Any, dict[str, Any]], dict[str, Any]]
# What a remote annotator gives back for one record: its nlp block, the temporary part a worker
# wrote it into (annotated; a sharded store), or the Exception that failed its chunk.
Annotated = dict[str, Any] | TempPart | Exception
Remote = Callable[[Iterator[tuple[dict[str, Any], int, bool]]], Iterator[tuple[Annotated, int]]]


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


def copy_key(source: str, meta: dict[str, Any]) -> str:
    """Where this copy of a text was published, as far as the input tells.

    A file is its own copy: its name as given (normalised), whatever metadata it gets, so a
    re-ingest with weaker or stronger metadata finds the same record. An input without a file
    (stdin, a JSONL record) is told apart by its URL, else by its outlet and source."""
    if not source.startswith("<") and os.path.isfile(source):
        return "file:" + os.path.normpath(source)
    if meta.get("url"):
        return "url:" + str(meta["url"])
    return f"outlet:{meta.get('outlet') or ''}|source:{source}"


def article_id(hashed: str, key: str) -> str:
    """The record id: the text's hash and its copy key, hashed (16 hex digits)."""
    return hashlib.sha256(f"{hashed}\n{key}".encode()).hexdigest()[:16]


# Which metadata a re-ingest may overwrite: a value from a weaker source never replaces one from
# a stronger source (a file ingested again without its manifest keeps the manifest's outlet).
_STRENGTH = {"flag": 4, "manifest": 3, "front_matter": 2, "jsonl": 2}


def _strength(origin: str | None) -> int:
    if origin is None:
        return 0
    return _STRENGTH.get(origin, 1)  # text:<rule> and anything else found in the text


def keep_stronger(rec: dict[str, Any], stored: dict[str, Any]) -> None:
    """Put back into `rec` each stored metadata field whose source is stronger than the new one."""
    prov, stored_prov = rec["provenance"], stored.get("provenance") or {}
    for key in META_FIELDS:
        old = stored_prov.get(key) if stored.get(key) else None
        new = prov.get(key) if rec.get(key) else None
        if _strength(old) > _strength(new):
            rec[key] = stored[key]
            prov[key] = old
    rec["provenance"] = {k: prov[k] for k in META_FIELDS if rec.get(k) and k in prov}


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
    hashed = text_hash(parsed.text)
    return {
        "id": article_id(hashed, copy_key(item.source, meta)),
        "schema": SCHEMA_VERSION,
        "text_hash": hashed,
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
        "wire": parsed.wire,
        "credits": [{"name": c.name, "role": c.role, "agency": c.agency} for c in parsed.credits],
        "nlp": None,
    }


@dataclass
class _Stored:
    """What ingest needs of a stored record to match an input to it and merge metadata."""

    source: str | None
    meta: dict[str, Any]  # META_FIELDS and provenance
    pipeline: str | None

    @classmethod
    def of(cls, rec: dict[str, Any]) -> _Stored:
        meta = {k: rec.get(k) for k in (*META_FIELDS, "provenance")}
        return cls(rec.get("source"), meta, (rec.get("nlp") or {}).get("pipeline"))


def _index(
    store: Store, on_problem: Callable[[StoreProblem], None] | None
) -> tuple[dict[str, _Stored], dict[tuple[str, str], str]]:
    """Stored records by id, and records first stored by schema 1 (their id is the text hash
    and names no copy, even once rewritten as schema 2) by (text hash, source): an input from
    the same source is the same copy."""
    by_id: dict[str, _Stored] = {}
    legacy: dict[tuple[str, str], str] = {}
    for rec in store.iter_records(on_problem):
        rid = rec["id"]
        by_id[rid] = _Stored.of(rec)
        if rec.get("text_hash", rid) == rid and isinstance(rec.get("source"), str):
            legacy.setdefault((rid, rec["source"]), rid)
    return by_id, legacy


@dataclass
class _Slot:
    result: IngestResult
    record: dict[str, Any] | None = None
    replace: bool = False
    waiting: bool = False
    part: TempPart | None = None  # the record is in this temporary part (written by a worker)


class _Run:
    """One ingest run's state: slots in input order, what waits for the model, what waits for
    the next commit, and results held until their records are durable."""

    def __init__(
        self,
        store: Store,
        flags: dict[str, str | None],
        key: str | None,
        commit_every: int,
        on_problem: Callable[[StoreProblem], None] | None,
        eager: bool = False,
    ):
        self.store, self.flags, self.key = store, flags, key
        self.commit_every, self.on_problem = commit_every, on_problem
        # Eager: new records arrive as temporary parts, committed as soon as they reach the
        # head of the queue (a part waits for nothing but the inputs before it).
        self.eager = eager
        self.existing, self.legacy = _index(store, on_problem)
        self.slots: deque[_Slot] = deque()
        self.claimed: dict[str, str] = {}  # id -> source, for the same copy twice in this run
        self.waiting: dict[int, _Slot] = {}
        self.pending_new: list[dict[str, Any]] = []
        self.pending_replace: dict[str, dict[str, Any]] = {}
        self.pending_parts: list[TempPart] = []
        self.last_part: TempPart | None = None
        self.present: set[str] = set()  # ids a committed part held already (another ingest's)
        self.done: list[IngestResult] = []
        self.keep_nlp: list[_Slot] = []  # replacements not re-annotated keep their stored nlp

    def prepare(self, item: RawInput) -> _Slot:
        slot = _Slot(IngestResult(source=item.source, status="failed", warnings=item.warnings))
        res = slot.result
        if item.error is not None:
            res.reason = str(item.error)
            return slot
        try:
            rec = build_record(item, self.flags)
        except InputError as exc:
            res.reason = str(exc)
            return slot
        # The same copy stored before: by id, or a schema-1 record of the same text and source.
        rid = rec["id"]
        if rid not in self.existing:
            rid = self.legacy.get((rec["text_hash"], rec["source"]), rid)
        old = self.existing.get(rid)
        if old is not None:  # an id, once given, stays; so do the first source
            rec["id"], rec["source"] = rid, old.source or rec["source"]  # and stronger metadata
            keep_stronger(rec, old.meta)
        res.id, res.title, res.outlet = rec["id"], rec["title"], rec["outlet"]
        res.published, res.words = rec["published"], rec["words"]
        if rid in self.claimed:
            res.status, res.reason = "unchanged", f"same copy as {self.claimed[rid]}"
            return slot
        self.claimed[rid] = item.source
        if old is None:
            slot.record, res.status = rec, "added"
        else:
            res.annotated = old.pipeline is not None
            same_meta = old.meta == {k: rec[k] for k in old.meta}
            if same_meta and (self.key is None or old.pipeline == self.key):
                res.status = "unchanged"
                if old.source != item.source:
                    res.reason = f"same copy as stored {old.source}"
                return slot
            slot.record, slot.replace, res.status = rec, True, "updated"
        slot.waiting = self.key is not None
        return slot

    def plan(self, items: Iterable[RawInput], strict: bool) -> Iterator[tuple[str, int]]:
        # The context spaCy passes along is a number, not the slot: with --jobs > 1 contexts
        # travel through worker processes and come back as copies.
        for n, item in enumerate(items):
            slot = self.prepare(item)
            self.slots.append(slot)
            if slot.waiting or self.key is None:
                self.waiting[n] = slot
                yield (slot.record or {}).get("text", ""), n
            if strict and slot.result.status == "failed":
                break  # --strict: nothing after the first bad input is read

    def drain(self) -> None:
        """Move finished slots at the head of the queue to the pending commit."""
        while self.slots and not self.slots[0].waiting:
            slot = self.slots.popleft()
            if slot.part is not None:  # a chunk's records share one part: commit it once
                if slot.part is not self.last_part:
                    self.pending_parts.append(slot.part)
                    self.last_part = slot.part
            elif slot.record is not None:
                if slot.replace:
                    self.pending_replace[slot.record["id"]] = slot.record
                    if slot.record["nlp"] is None:
                        self.keep_nlp.append(slot)
                else:
                    self.pending_new.append(slot.record)
            self.done.append(slot.result)

    def flush(self, final: bool = False) -> Iterator[IngestResult]:
        """Commit what is pending (every `commit_every`, and at the end); yield durable results."""
        pending = len(self.pending_new), len(self.done)
        if not final and not self.eager and max(pending) < self.commit_every:
            return
        if final and self.keep_nlp:
            wanted = (s.record["id"] for s in self.keep_nlp if s.record)
            stored = {r["id"]: r for r in self.store.get(wanted)}
            for slot in self.keep_nlp:
                assert slot.record is not None
                slot.record["nlp"] = (stored.get(slot.record["id"]) or {}).get("nlp")
        replace = self.pending_replace if final else None
        if self.pending_parts:  # in input order, before any replacement
            parts, self.pending_parts = self.pending_parts, []
            sharded: Any = self.store  # only a sharded store is sent parts
            self.present.update(sharded.commit_parts(parts, self.on_problem).already_present)
        committed = self.store.commit(self.pending_new, replace, self.on_problem)
        present = self.present.union(committed.already_present)
        # Results for replacements are held until the final rewrite has happened, and so is
        # everything after the first of them: results keep the order of the inputs.
        cut = len(self.done)
        if not final:
            cut = next((i for i, r in enumerate(self.done) if r.status == "updated"), cut)
        ready, held = self.done[:cut], self.done[cut:]
        for res in ready:
            if res.status == "added" and res.id in present:
                res.status, res.reason = "unchanged", "added meanwhile by another ingest"
            yield res
        self.pending_new, self.done = [], held


def ingest(
    items: Iterable[RawInput],
    store: Store,
    *,
    flags: dict[str, str | None] | None = None,
    pipeline: Pipeline | None = None,
    annotator: Annotator | None = None,
    jobs: int = 1,
    strict: bool = False,
    commit_every: int | None = None,
    on_problem: Callable[[StoreProblem], None] | None = None,
    remote: Remote | None = None,
) -> Iterator[IngestResult]:
    """Ingest `items`; annotate with `pipeline` when given. Yields results in input order.

    `remote` (with `pipeline`, whose key the annotations must carry): annotates elsewhere,
    taking (record, n, new) and yielding (nlp block, or the Exception that failed it, n) in
    order (scaleout.ingest: on a Dask cluster). A remote with `writes_parts` (a sharded store)
    yields, for a new record, the temporary part its worker wrote it into, annotated; each
    part is committed (`commit_parts`) as soon as the inputs before it are settled.

    With `strict`, reading stops at the first failed input; what came before is still stored.
    """
    # A partial last line is set aside (and a whole one mended) even if nothing is written.
    store.repair(on_problem)
    key = pipeline.key if pipeline else None
    every = commit_every or store.commit_every  # 64 for a file store, a part for a folder
    eager = bool(getattr(remote, "writes_parts", False))  # it sends parts: commit them at once
    run = _Run(store, flags or {}, key, every, on_problem, eager)
    if pipeline is None:
        for _, n in run.plan(items, strict):
            run.waiting.pop(n)
            run.drain()
            yield from run.flush()
        run.drain()
        yield from run.flush(final=True)
        return

    # Annotations come back in input order: from spaCy here, or blocks made elsewhere (`remote`:
    # a Dask cluster gets the records and returns each one's nlp block, or its chunk's error).
    done: Iterator[tuple[Any, int]]
    if remote is not None:
        done = remote(
            (run.waiting[n].record or {}, n, not run.waiting[n].replace)
            for _, n in run.plan(items, strict)
        )
    else:
        done = pipeline.pipe(run.plan(items, strict), jobs=jobs)
    for got, n in done:
        slot = run.waiting.pop(n)
        assert slot.record is not None
        slot.waiting = False
        if isinstance(got, Exception):  # its chunk failed on the cluster: so did this input
            slot.record, slot.result.status = None, "failed"
            slot.result.reason = f"{got} ({slot.result.source})"
        elif isinstance(got, TempPart):  # written, annotated, by a worker: the client commits
            slot.record, slot.part, slot.result.annotated = None, got, True
        else:
            slot.record["nlp"] = (
                got if remote else annotation_block(pipeline, annotator, got, slot.record)
            )
            slot.result.annotated = True
        run.drain()
        yield from run.flush()
    run.drain()
    if run.waiting or run.slots:
        lost = len(run.waiting) + len(run.slots)
        raise RuntimeError(f"{lost} input(s) lost in the NLP pipeline")
    yield from run.flush(final=True)


def annotation_block(
    pipeline: Pipeline, annotator: Annotator | None, doc: Any, record: dict[str, Any]
) -> dict[str, Any]:
    """A record's `nlp` block: which pipeline made it, then the annotations."""
    block: dict[str, Any] = {
        "pipeline": pipeline.key,
        "model": pipeline.name,
        "model_version": pipeline.version,
        "spacy": pipeline.spacy_version,
    }
    block.update((annotator or annotate)(doc, record))
    return block
