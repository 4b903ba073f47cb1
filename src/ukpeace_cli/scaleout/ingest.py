"""`ingest` on a Dask cluster: the client parses inputs and decides what is new (as always);
records that need annotating go to the workers in chunks (`--partition-size`, default 1,000);
each worker runs spaCy with the pipeline its plugin loaded once.

- A file store: the nlp blocks come back and the client writes the records in input order
  through the usual store writer.
- A sharded store (a folder every worker sees): each worker writes its chunk's new records,
  annotated, as a temporary part with a lease, and returns only the part (paths, counts, a
  checksum) plus the blocks of replaced records; the client takes the lease over, renews the
  leases of parts that wait, and commits the parts in input order under the lock.

Either way the records are byte-identical to a single-process ingest, in the same order. A
chunk whose task fails fails its inputs only and leaves no part; a client that stops early
removes the parts it received, and any other is removed once its lease is dead."""

from __future__ import annotations

import contextlib
import itertools
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ukpeace_cli.scaleout.connect import Scheduler, cluster_errors
from ukpeace_cli.scaleout.progress import Stage, TaskCallback, dashboard_of
from ukpeace_cli.store.parts import TempPart, release, renew

CHUNK = 1000
RENEW_EVERY = 60.0  # seconds between lease renewals of parts that wait for earlier chunks


def user_aliases(aliases: str | None) -> str | None:
    """The text of the alias file the client would merge (given, else the user's default)."""
    from ukpeace_cli.names.aliases import default_user_aliases_path

    path = Path(aliases) if aliases else default_user_aliases_path()
    return path.read_text("utf-8") if path.is_file() else None


class RemoteAnnotator:
    """The `remote` of `ingest.ingest`: chunks out, blocks (or parts) back in order, a bounded
    number of chunks in flight (memory stays flat however many inputs there are)."""

    def __init__(
        self,
        client: Any,
        sched: Scheduler,
        pipeline: Any,
        model: str | None,
        aliases: str | None,
        chunk: int | None = None,
        store: Any = None,
        on_tasks: TaskCallback | None = None,
    ):
        from ukpeace_cli.scaleout.plugin import PipelinePlugin

        self.client = client
        self.sched = sched
        self.key = pipeline.key
        self.chunk = chunk or CHUNK
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.in_flight = 2 * workers
        self.store = store if getattr(store, "layout", None) == "sharded" else None
        self.writes_parts = self.store is not None
        if self.store is not None:
            with self.store.locked():  # a folder that is not a store is refused here
                self.store.parts_dir.mkdir(parents=True, exist_ok=True)
        plugin = PipelinePlugin(model, user_aliases(aliases), self.key)
        client.register_plugin(plugin)  # a ModelError in setup arrives here, as ModelError
        # Chunks done as their tasks finish (done callbacks), sealed when the feed ends.
        self.tasks = Stage("ingest", on_tasks, dashboard_of(client)) if on_tasks else None

    def __call__(
        self, feed: Iterator[tuple[dict[str, Any], int, bool]]
    ) -> Iterator[tuple[Any, int]]:
        pending: deque[tuple[Any, list[int]]] = deque()
        feed = iter(feed)
        current: list[Any] = []
        try:
            while True:
                while len(pending) < self.in_flight:
                    batch = list(itertools.islice(feed, self.chunk))
                    if not batch:
                        if self.tasks is not None:
                            self.tasks.seal()
                        break
                    pending.append((self._submit(batch), [n for _, n, _ in batch]))
                if not pending:
                    return
                future, numbers = pending.popleft()
                current = self._result(future, len(numbers), pending)
                yield from zip(current, numbers, strict=True)
        except BaseException:  # stopped early: parts this run holds are never committed
            self._abandon(current, pending)
            raise

    def _submit(self, batch: list[tuple[dict[str, Any], int, bool]]) -> Any:
        from ukpeace_cli.scaleout.plugin import annotate_chunk, annotate_to_part

        records = [r for r, _, _ in batch]
        if self.store is None:
            future = self.client.submit(annotate_chunk, self.key, records, pure=False)
        else:
            new = [k for _, _, k in batch]
            path = str(self.store.path)
            future = self.client.submit(annotate_to_part, self.key, records, new, path, pure=False)
        return future if self.tasks is None else self.tasks.watch(future)

    def _result(self, future: Any, size: int, waiting: deque[tuple[Any, list[int]]]) -> list[Any]:
        """One chunk's items in input order: blocks, its part (for each new record), or the
        error that failed it (for each record)."""
        from ukpeace_cli.errors import ModelError, StoreError

        with cluster_errors(self.sched, "ingest"):
            try:
                got = self._wait(future, waiting)
            except (ModelError, StoreError):
                raise
            except Exception as exc:
                from distributed.scheduler import KilledWorker

                if isinstance(exc, KilledWorker | OSError):
                    raise
                failed = RuntimeError(f"annotation failed on the cluster: {exc}")
                return [failed] * size
            finally:
                if self.tasks is not None and future.done():
                    self.tasks.mark(future)  # now, not when Dask's callback thread gets to it
        if self.store is None:
            return list(got)
        part, blocks = got
        if part is not None:
            renew(part)  # the client's lease now: the part lives as long as this run
        return [part if b is None else b for b in blocks]

    def _wait(self, future: Any, waiting: deque[tuple[Any, list[int]]]) -> Any:
        """The future's result; meanwhile the parts of later chunks that are done keep their
        leases (a slow chunk ahead of them may outlast a lease)."""
        while self.store is not None and not future.done():
            try:
                return future.result(timeout=RENEW_EVERY)
            except TimeoutError:
                if future.done():  # the task's own TimeoutError: raised again below
                    break
                for part in _finished_parts(waiting):
                    renew(part)
        return future.result()

    def _abandon(self, current: list[Any], waiting: deque[tuple[Any, list[int]]]) -> None:
        """Remove the parts received and not committed (committing renames a part, so its
        temporary path is gone and this is a no-op), and cancel the chunks not done. A chunk
        already running may still write a part; its lease keeps it until the lease expires
        or its worker exits, then the next commit removes it."""
        if self.store is None:
            return
        for part in [p for p in current if isinstance(p, TempPart)] + _finished_parts(waiting):
            release(part)
        for future, _ in waiting:
            future.cancel()


def _finished_parts(waiting: deque[tuple[Any, list[int]]]) -> list[TempPart]:
    """The parts of the chunks in `waiting` whose task has finished."""
    out = []
    for future, _ in waiting:
        if future.status == "finished":
            with contextlib.suppress(Exception):  # a lost cluster: its leases will expire
                part = future.result()[0]
                if part is not None:
                    out.append(part)
    return out
