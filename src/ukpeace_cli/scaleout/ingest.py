"""`ingest` on a Dask cluster: the client parses inputs and decides what is new (as always);
records that need annotating go to the workers in chunks (`--partition-size`, default 1,000);
each worker runs spaCy with the pipeline its plugin loaded once; the nlp blocks come back and
the client writes the records in input order through the usual store writer, so the store is
byte-identical to a single-process ingest. A chunk whose task fails fails its inputs only."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ukpeace_cli.scaleout.connect import Scheduler, cluster_errors

CHUNK = 1000


def user_aliases(aliases: str | None) -> str | None:
    """The text of the alias file the client would merge (given, else the user's default)."""
    from ukpeace_cli.names.aliases import default_user_aliases_path

    path = Path(aliases) if aliases else default_user_aliases_path()
    return path.read_text("utf-8") if path.is_file() else None


class RemoteAnnotator:
    """The `remote` of `ingest.ingest`: chunks out, blocks back in order, a bounded number of
    chunks in flight (memory stays flat however many inputs there are)."""

    def __init__(
        self,
        client: Any,
        sched: Scheduler,
        pipeline: Any,
        model: str | None,
        aliases: str | None,
        chunk: int | None = None,
    ):
        from ukpeace_cli.scaleout.plugin import PipelinePlugin

        self.client = client
        self.sched = sched
        self.key = pipeline.key
        self.chunk = chunk or CHUNK
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.in_flight = 2 * workers
        plugin = PipelinePlugin(model, user_aliases(aliases), self.key)
        client.register_plugin(plugin)  # a ModelError in setup arrives here, as ModelError

    def __call__(
        self, feed: Iterator[tuple[dict[str, Any], int]]
    ) -> Iterator[tuple[dict[str, Any] | Exception, int]]:
        from ukpeace_cli.scaleout.plugin import annotate_chunk

        pending: deque[tuple[Any, list[int]]] = deque()
        feed = iter(feed)
        while True:
            while len(pending) < self.in_flight:
                batch = list(itertools.islice(feed, self.chunk))
                if not batch:
                    break
                records = [r for r, _ in batch]
                future = self.client.submit(annotate_chunk, self.key, records, pure=False)
                pending.append((future, [n for _, n in batch]))
            if not pending:
                return
            future, numbers = pending.popleft()
            yield from zip(self._result(future, len(numbers)), numbers, strict=True)

    def _result(self, future: Any, size: int) -> list[dict[str, Any] | Exception]:
        from ukpeace_cli.errors import ModelError, StoreError

        with cluster_errors(self.sched, "ingest"):
            try:
                return list(future.result())
            except (ModelError, StoreError):
                raise
            except Exception as exc:
                from distributed.scheduler import KilledWorker

                if isinstance(exc, KilledWorker | OSError):
                    raise
                failed = RuntimeError(f"annotation failed on the cluster: {exc}")
                return [failed] * size
