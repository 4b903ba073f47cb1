"""The `--scheduler` setting: `none` (no Dask at all), `local` or `local:N` (a LocalCluster of
N single-threaded worker processes for this run), `tcp://HOST:PORT` or `tls://...` (a running
scheduler), `file:SCHEDULER.json` (a scheduler file, as dask-jobqueue and `dask scheduler
--scheduler-file` write). Cluster failures become `ClusterError` (exit 7)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.errors import ClusterError, UsageError

INSTALL_HINT = "install the extra: pip install 'ukpeace[dask]'"
CONNECT_TIMEOUT = "10s"
# dedupe pins each partition's tasks to one worker: when that worker is gone they can run
# nowhere, and the scheduler fails them after this long (a LocalCluster we start; a running
# scheduler needs `distributed.scheduler.no-workers-timeout` in its own config).
NO_WORKERS_TIMEOUT = "60s"


@dataclass(frozen=True)
class Scheduler:
    kind: str  # "none", "local", "address" or "file"
    workers: int | None = None  # local:N
    target: str = ""  # the address or the scheduler file

    def __str__(self) -> str:
        if self.kind == "local":
            return f"local:{self.workers}" if self.workers else "local"
        return self.target or self.kind


def parse(spec: str | None) -> Scheduler:
    """The scheduler a `--scheduler` value names; a malformed one is a UsageError (exit 2)."""
    text = (spec or "none").strip()
    low = text.lower()
    if low in ("", "none"):
        return Scheduler("none")
    if low == "local":
        return Scheduler("local")
    if low.startswith("local:"):
        count = low.split(":", 1)[1]
        if count.isdigit() and int(count) > 0:
            return Scheduler("local", int(count))
        raise UsageError(f"bad --scheduler {text!r}", hint="local:N needs a worker count N >= 1")
    if low.startswith("file:") and len(text) > 5:
        return Scheduler("file", target=text[5:])
    if "://" in text:
        return Scheduler("address", target=text)
    raise UsageError(
        f"bad --scheduler {text!r}",
        hint="use none, local, local:N, tcp://HOST:PORT or file:SCHEDULER.json",
    )


def require_dask() -> None:
    """Exit 2 with the install hint when the optional extra is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise UsageError(
            f"--scheduler needs Dask ({exc.name} is not installed)", hint=INSTALL_HINT
        ) from None


@contextlib.contextmanager
def client_for(sched: Scheduler, note: Callable[[str], None] | None = None) -> Iterator[Any]:
    """A distributed Client for the run (closing a LocalCluster it started); errors while
    connecting or while the run uses the cluster become ClusterError."""
    require_dask()
    import dask
    import distributed

    from ukpeace_cli.scaleout.progress import dashboard_of

    cluster = None
    settings = {
        "distributed.comm.timeouts.connect": CONNECT_TIMEOUT,
        "distributed.scheduler.no-workers-timeout": NO_WORKERS_TIMEOUT,
    }
    with dask.config.set(settings):
        try:
            if sched.kind == "local":
                n = sched.workers or min(4, os.cpu_count() or 1)
                cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
                client = distributed.Client(cluster)
            elif sched.kind == "file":
                if not os.path.isfile(sched.target):
                    raise ClusterError("scheduler file not found", where=sched.target)
                client = distributed.Client(scheduler_file=sched.target, timeout=CONNECT_TIMEOUT)
            else:
                client = distributed.Client(sched.target, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            if cluster is not None:
                cluster.close()
            raise ClusterError(
                f"cannot reach the Dask scheduler: {exc}",
                where=str(sched),
                hint="start it (dask scheduler) or check the address",
            ) from exc
    try:
        check_versions(client, sched)
        link = dashboard_of(client)  # None without a dashboard (no bokeh): nothing said
        if note and link:
            note(f"Dask dashboard: {link}")
        with cluster_errors(sched):
            yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def check_versions(client: Any, sched: Scheduler) -> None:
    """Every worker runs the same ukpeace as the client (and the same Dask stack)."""
    from ukpeace_cli import __version__

    try:
        client.get_versions(check=True)
    except ValueError as exc:
        raise ClusterError(f"version mismatch on the cluster: {exc}", where=str(sched)) from exc
    theirs = client.run(_ukpeace_version)
    skewed = sorted(w for w, v in theirs.items() if v != __version__)
    if skewed:
        raise ClusterError(
            f"workers run another ukpeace than {__version__}: {', '.join(skewed)}",
            where=str(sched),
            hint="install the same ukpeace version on every worker",
        )


def _ukpeace_version() -> str:
    from ukpeace_cli import __version__

    return __version__


@contextlib.contextmanager
def cluster_errors(sched: Scheduler, stage: str = "") -> Iterator[None]:
    """KilledWorker and lost connections as ClusterError; the tool's own errors raised in a
    task arrive with their class (and exit code) unchanged."""
    from distributed.scheduler import KilledWorker, NoValidWorkerError

    try:
        yield
    except NoValidWorkerError as exc:
        raise ClusterError(
            f"a worker holding part of the run left the cluster{' in ' + stage if stage else ''}",
            where=str(sched),
            hint="run again; if workers die, lower --partition-size or give them more memory",
        ) from exc
    except KilledWorker as exc:
        raise ClusterError(
            f"a task killed its workers repeatedly{' in ' + stage if stage else ''}: {exc}",
            where=str(sched),
            hint="lower --partition-size or give the workers more memory",
        ) from exc
    except (OSError, TimeoutError) as exc:
        if isinstance(exc, FileNotFoundError | PermissionError):
            raise
        raise ClusterError(f"lost the Dask cluster: {exc}", where=str(sched)) from exc
