"""The spaCy pipeline on Dask workers: loaded once per worker process by a WorkerPlugin that
carries only small settings (model name, the user's alias YAML text, the pipeline key the
client expects), never the model. A worker whose pipeline has another key (another model
version, other alias rules) fails `setup`, and the client sees a ModelError (exit 4)."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from distributed import WorkerPlugin

from ukpeace_cli.errors import ModelError

_LOADED: dict[str, Any] = {}  # pipeline key -> Pipeline, in each worker process


def plugin_name(key: str) -> str:
    return f"ukpeace-pipeline-{key}"


class PipelinePlugin(WorkerPlugin):
    def __init__(self, model: str | None, aliases_text: str | None, key: str):
        self.model = model
        self.aliases_text = aliases_text
        self.key = key
        self.name = plugin_name(key)

    def setup(self, worker: Any) -> None:
        from ukpeace_cli.annotate import load_annotating_pipeline

        if self.key in _LOADED:
            return
        aliases = None
        if self.aliases_text is not None:
            fd, aliases = tempfile.mkstemp(prefix="ukpeace-aliases-", suffix=".yaml")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.aliases_text)
        try:
            pipe = load_annotating_pipeline(self.model, aliases)
        finally:
            if aliases:
                os.unlink(aliases)
        if pipe.key != self.key:
            raise ModelError(
                f"worker {worker.address} has pipeline {pipe.key}, the client {self.key}",
                hint="install the same spaCy model (and alias file) on every worker",
            )
        _LOADED[self.key] = pipe


def loaded(key: str) -> Any:
    pipe = _LOADED.get(key)
    if pipe is None:
        raise ModelError(f"no pipeline {key} on this worker", hint="the plugin did not run")
    return pipe


def annotate_chunk(key: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The nlp block of each record, with the worker's pipeline (one process, no forking)."""
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import annotation_block

    pipe = loaded(key)
    texts = ((r.get("text") or "", k) for k, r in enumerate(records))
    return [annotation_block(pipe, annotate_record, doc, records[k]) for doc, k in pipe.pipe(texts)]


def annotate_to_part(
    key: str, records: list[dict[str, Any]], new: list[bool], store: str
) -> tuple[Any, list[dict[str, Any] | None]]:
    """A chunk for a sharded store: the new records, annotated, written as one temporary part
    of the store at `store` (a folder every worker sees at the same path). Returns the part
    (None if no record is new) and the nlp blocks of the others (replacements, which the
    client rewrites in place), None where the record is in the part."""
    from ukpeace_cli.errors import StoreError
    from ukpeace_cli.store.sharded import ShardedStore

    target = ShardedStore(store)
    if not target.parts_dir.is_dir():
        raise StoreError(
            "the sharded store is not visible on this worker",
            where=str(target.parts_dir),
            hint="put the store on a filesystem every worker sees at the same path",
        )
    blocks = annotate_chunk(key, records)  # looked up here, so a test can stand in for it
    added = [{**r, "nlp": b} for r, b, k in zip(records, blocks, new, strict=True) if k]
    part = target.write_part(added) if added else None
    return part, [None if k else b for b, k in zip(blocks, new, strict=True)]
