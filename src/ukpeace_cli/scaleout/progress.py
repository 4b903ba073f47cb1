"""Task-driven progress of a run on Dask: per stage, the tasks done of the tasks submitted, and
the dashboard address, given to a callback as a `TaskProgress`. Counts follow task completion
(distributed's `as_completed`, futures' done callbacks), not the order results are consumed.

The done count a callback sees for a stage only grows, and its last report has done == total.
Reports may come from Dask's callback thread (ingest) as well as the client's main thread; they
are made under one lock per stage, so they never interleave. Nothing here knows rich: cli/
draws the bar. Without a callback nothing is tracked (no cost for a run without a terminal).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# The stage each gathered task name stands for (dedupe on Dask; scaleout/dedupe.py): the
# client gathers the last, small task of each chain, so its count is the stage's count.
STAGE_OF = {
    "summary": "scan",
    "vocab_of": "vocabulary",
    "counts": "counts",
    "light": "finish",
    "verify": "verify",
}


@dataclass(frozen=True)
class TaskProgress:
    stage: str  # "ingest", "scan", "vocabulary", "counts", "finish", "candidates", "verify"
    done: int  # tasks of this stage finished (successfully or not)
    total: int | None  # tasks of this stage; None while it is still submitting them
    dashboard: str | None = None  # the Dask dashboard's address, when one runs


TaskCallback = Callable[[TaskProgress], None]


class Stage:
    """One stage's tasks: futures watched (each counted once, by key) and marked done by their
    done callback or by the client once it has their result, whichever comes first."""

    def __init__(self, name: str, report: TaskCallback, dashboard: str | None, grows: bool = False):
        self.name = name
        self.report = report
        self.dashboard = dashboard
        self.grows = grows  # total = tasks submitted so far, not None until sealed
        self.sealed = False
        self._keys: set[Any] = set()
        self._done: set[Any] = set()
        self._lock = threading.Lock()

    def watch(self, future: Any, callback: bool = True) -> Any:
        with self._lock:
            self._keys.add(future.key)
            if self.grows:
                self._emit()
        if callback:
            future.add_done_callback(self.mark)
        return future

    def mark(self, future: Any) -> None:
        with self._lock:
            if future.key in self._done or future.key not in self._keys:
                return
            self._done.add(future.key)
            self._emit()

    def seal(self) -> None:
        """Every task of the stage is submitted: its total is known."""
        with self._lock:
            if not self.sealed:
                self.sealed = True
                self._emit()

    @property
    def done(self) -> int:
        return len(self._done)

    def _emit(self) -> None:
        total = len(self._keys) if self.sealed or self.grows else None
        self.report(TaskProgress(self.name, len(self._done), total, self.dashboard))


def dashboard_of(client: Any) -> str | None:
    """The dashboard's address, or None when the scheduler runs none (a LocalCluster without
    bokeh, a scheduler started with --no-dashboard): never an error."""
    try:
        link = client.dashboard_link
    except Exception:  # distributed raises KeyError (no dashboard service) or others
        return None
    return str(link) if link else None


def gather(client: Any, futures: list[Any], stage: Stage) -> Any:
    """`client.gather(futures)`, each future counted as it finishes; the first that failed or
    was cancelled stops the wait (gather then raises its error)."""
    from distributed import as_completed

    distinct = list({f.key: f for f in futures}.values())
    for f in distinct:
        stage.watch(f, callback=False)
    stage.seal()
    for f in as_completed(distinct):
        stage.mark(f)
        if f.status in ("error", "cancelled"):
            break
    return client.gather(futures)


def each_result(client: Any, futures: list[Any]) -> Iterator[Any]:
    """The futures' results in the order they finish, each future dropped once taken (so its
    result is freed on the worker); counted as one stage when the client is tracked."""
    from dask.utils import key_split
    from distributed import as_completed

    stage = None
    if isinstance(client, TrackedClient) and futures:
        name = key_split(futures[0].key)
        stage = Stage(STAGE_OF.get(name, name), client._report, client._dashboard)
        for f in futures:
            stage.watch(f, callback=False)
        stage.seal()
    done = as_completed(futures)
    del futures[:]  # the caller's list: as_completed holds them until each is taken
    for f in done:
        got = f.result()  # a failed task raises its error here
        if stage is not None:
            stage.mark(f)
        del f
        yield got


class TrackedClient:
    """A distributed Client whose `gather` and `compute` report task progress: each gather is
    the stage STAGE_OF names for its tasks, each compute (a DataFrame shuffle) a task of the
    stage "candidates". Everything else is the client's own."""

    def __init__(self, client: Any, report: TaskCallback):
        self._client = client
        self._report = report
        self._dashboard = dashboard_of(client)
        self._candidates: Stage | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def gather(self, futures: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not isinstance(futures, list) or not futures:
            return self._client.gather(futures, *args, **kwargs)
        from dask.utils import key_split

        name = key_split(futures[0].key)
        stage = Stage(STAGE_OF.get(name, name), self._report, self._dashboard)
        return gather(self._client, futures, stage)

    def compute(self, collection: Any, *args: Any, **kwargs: Any) -> Any:
        future = self._client.compute(collection, *args, **kwargs)
        if self._candidates is None:
            self._candidates = Stage("candidates", self._report, self._dashboard, grows=True)
        return _Counted(self._candidates.watch(future, callback=False), self._candidates)


class _Counted:
    """A future whose result, once received, counts its task done."""

    def __init__(self, future: Any, stage: Stage):
        self._future = future
        self._stage = stage

    def __getattr__(self, name: str) -> Any:
        return getattr(self._future, name)

    def result(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._future.result(*args, **kwargs)
        finally:
            if self._future.done():
                self._stage.mark(self._future)


def tracked(client: Any, report: TaskCallback | None) -> Any:
    """The client, reporting to `report` (the client itself when there is none)."""
    return client if report is None else TrackedClient(client, report)
