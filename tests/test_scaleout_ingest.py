"""`ingest --scheduler`: records annotated on Dask workers give the same store bytes as a
single-process ingest; a failing chunk fails its inputs only; a worker with another pipeline
is a ModelError (exit 4). A file store gets the nlp blocks back and the client writes them; a
sharded store gets temporary parts written by the workers, committed by the client in input
order. One cluster of 2 process workers per module (the plugin loads spaCy once per worker);
a failure is injected in the workers with `client.run`. The CLI test starts its own cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers.cluster import local_client
from ukpeace_cli.cli import app
from ukpeace_cli.errors import ModelError
from ukpeace_cli.scaleout.connect import Scheduler

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
runner = CliRunner()
pytestmark = pytest.mark.slow  # spaCy on the workers


@pytest.fixture(scope="module")
def client() -> Any:
    with local_client(processes=True) as c:
        yield c


def _inputs(tmp_path: Path) -> list[str]:
    """The seeds plus copies of them under other names: ten distinct inputs."""
    out = []
    for p in sorted(SEEDS.glob("*.txt")):
        out.append(str(p))
        copy = tmp_path / f"copy-{p.name}"
        copy.write_bytes(p.read_bytes())
        out.append(str(copy))
    return out


def _run(paths: list[str], store: Path, pipeline: Any, remote: Any = None) -> Any:
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs
    from ukpeace_cli.store import open_store

    return ingest(
        iter_inputs(paths),
        open_store(store),
        pipeline=pipeline,
        annotator=annotate_record,
        commit_every=3,
        remote=remote,
    )


def _ingest(paths: list[str], store: Path, pipeline: Any, remote: Any = None) -> list[Any]:
    return [(r.source, r.status, r.id, r.reason) for r in _run(paths, store, pipeline, remote)]


def _fail_chunks_with(client: Any, marker: str | None) -> None:
    """In every worker process: chunks holding a source with `marker` fail (None: undo)."""

    def patch() -> None:
        from ukpeace_cli.scaleout import plugin

        real = getattr(plugin, "_real_annotate_chunk", plugin.annotate_chunk)
        plugin._real_annotate_chunk = real  # type: ignore[attr-defined]

        def flaky(key: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
            if any(marker in r["source"] for r in records):
                raise ValueError("worker fell over")
            return real(key, records)

        plugin.annotate_chunk = real if marker is None else flaky  # type: ignore[assignment]

    client.run(patch)


def _remote(client: Any, pipeline: Any, chunk: int, store: Path | None = None) -> Any:
    from ukpeace_cli.scaleout.ingest import RemoteAnnotator
    from ukpeace_cli.store import open_store

    db = open_store(store) if store is not None else None
    return RemoteAnnotator(client, Scheduler("local"), pipeline, None, None, chunk=chunk, store=db)


def _records(store: Path) -> bytes:
    """A sharded store's records: its parts in manifest order, end to end."""
    from ukpeace_cli.store.sharded import ShardedStore

    db = ShardedStore(store)
    return b"".join(db.part_path(p.name).read_bytes() for p in db.manifest().parts)


def _temporary(store: Path) -> list[str]:
    return sorted(p.name for p in (store / "parts").glob("tmp-*"))


def test_same_store_bytes_and_reingest_adds_nothing(
    client: Any, pipeline: Any, tmp_path: Path
) -> None:
    paths = _inputs(tmp_path)
    single, dask = tmp_path / "single.jsonl", tmp_path / "dask.jsonl"
    want = _ingest(paths, single, pipeline)
    remote = _remote(client, pipeline, chunk=3)
    got = _ingest(paths, dask, pipeline, remote)
    assert got == want and {s for _, s, _, _ in got} == {"added"}
    assert dask.read_bytes() == single.read_bytes()
    again = _ingest(paths, dask, pipeline, remote)
    assert {s for _, s, _, _ in again} == {"unchanged"}
    assert dask.read_bytes() == single.read_bytes()


def test_a_failing_chunk_fails_its_inputs_only(client: Any, pipeline: Any, tmp_path: Path) -> None:
    from ukpeace_cli.store import Store

    paths = _inputs(tmp_path)
    remote = _remote(client, pipeline, chunk=2)
    _fail_chunks_with(client, "copy-002")
    try:
        got = _ingest(paths, tmp_path / "s.jsonl", pipeline, remote)
    finally:
        _fail_chunks_with(client, None)
    failed = [src for src, status, _, _ in got if status == "failed"]
    assert len(failed) == 2 and any("copy-002" in f for f in failed)  # its chunk: 2 inputs
    assert [s for _, s, _, _ in got].count("added") == 8
    reason = next(r for _, s, _, r in got if s == "failed")
    assert "annotation failed on the cluster: worker fell over" in reason
    assert len(list(Store(tmp_path / "s.jsonl").iter_records())) == 8
    rerun = _ingest(paths, tmp_path / "s.jsonl", pipeline, remote)
    assert sorted(s for _, s, _, _ in rerun) == ["added"] * 2 + ["unchanged"] * 8


def test_sharded_store_workers_write_parts_same_records(
    client: Any, pipeline: Any, tmp_path: Path
) -> None:
    """All inputs new: the parts are the single-process ingest's, boundaries included (a chunk
    of 3 is a part of 3, as a commit of 3 is); a re-ingest adds nothing."""
    from ukpeace_cli.store.sharded import ShardedStore

    paths = _inputs(tmp_path)
    single, dask = tmp_path / "single", tmp_path / "dask"
    single.mkdir(), dask.mkdir()  # empty folders: sharded stores
    want = _ingest(paths, single, pipeline)
    remote = _remote(client, pipeline, 3, dask)
    assert remote.writes_parts
    got = _ingest(paths, dask, pipeline, remote)
    assert got == want and {s for _, s, _, _ in got} == {"added"}
    assert _records(dask) == _records(single)
    parts = [(p.name, p.records, p.sha256) for p in ShardedStore(dask).manifest().parts]
    assert parts == [(p.name, p.records, p.sha256) for p in ShardedStore(single).manifest().parts]
    assert [n for _, n, _ in parts] == [3, 3, 3, 1]
    assert _temporary(dask) == []
    again = _ingest(paths, dask, pipeline, _remote(client, pipeline, 3, dask))
    assert {s for _, s, _, _ in again} == {"unchanged"}
    assert _records(dask) == _records(single)
    assert [p.name for p in ShardedStore(dask).manifest().parts] == [n for n, _, _ in parts]


def test_sharded_store_a_failing_chunk_leaves_no_part_and_the_rerun_completes(
    client: Any, pipeline: Any, tmp_path: Path
) -> None:
    from ukpeace_cli.store.sharded import ShardedStore

    paths = _inputs(tmp_path)
    single, dask = tmp_path / "single", tmp_path / "dask"
    single.mkdir(), dask.mkdir()  # empty folders: sharded stores
    _ingest(paths, single, pipeline)
    _fail_chunks_with(client, "copy-002")
    try:
        got = _ingest(paths, dask, pipeline, _remote(client, pipeline, 2, dask))
    finally:
        _fail_chunks_with(client, None)
    failed = {i for _, s, i, _ in got if s == "failed"}
    assert len(failed) == 2 and [s for _, s, _, _ in got].count("added") == 8
    db = ShardedStore(dask)
    assert db.count() == 8 and not failed & {r["id"] for r in db.iter_records()}
    assert len(db.manifest().parts) == 4 and _temporary(dask) == []
    rerun = _ingest(paths, dask, pipeline, _remote(client, pipeline, 2, dask))
    assert sorted(s for _, s, _, _ in rerun) == ["added"] * 2 + ["unchanged"] * 8
    assert {r["id"] for r in db.iter_records()} >= failed and _temporary(dask) == []
    assert sorted(_records(dask).splitlines()) == sorted(_records(single).splitlines())


def test_sharded_store_a_client_that_stops_early_leaves_a_valid_store(
    client: Any, pipeline: Any, tmp_path: Path
) -> None:
    """The client reads one result and stops: what it committed is a prefix of the inputs, the
    parts it held are not committed, and the next run completes the store in input order."""
    from ukpeace_cli.store.sharded import ShardedStore

    paths = _inputs(tmp_path)
    single, dask = tmp_path / "single", tmp_path / "dask"
    single.mkdir(), dask.mkdir()  # empty folders: sharded stores
    _ingest(paths, single, pipeline)
    run = _run(paths, dask, pipeline, _remote(client, pipeline, 2, dask))
    first = next(run)
    run.close()
    db = ShardedStore(dask)
    assert first.status == "added" and 1 <= db.count() < 10
    assert _records(single).startswith(_records(dask))
    kept = db.count()
    rerun = [s for _, s, _, _ in _ingest(paths, dask, pipeline, _remote(client, pipeline, 2, dask))]
    assert rerun.count("unchanged") == kept and rerun.count("added") == 10 - kept
    assert _records(dask) == _records(single)


def test_chunk_tasks_reported_as_they_finish_up_to_their_total(
    client: Any, pipeline: Any, tmp_path: Path
) -> None:
    """Ten inputs in chunks of 2, one chunk failing: five tasks, each counted once (a failed
    one too), the done count only growing, the total known once every chunk is submitted."""
    from ukpeace_cli.scaleout.ingest import RemoteAnnotator
    from ukpeace_cli.scaleout.progress import TaskProgress

    seen: list[TaskProgress] = []
    remote = RemoteAnnotator(
        client, Scheduler("local"), pipeline, None, None, chunk=2, on_tasks=seen.append
    )
    _fail_chunks_with(client, "copy-002")
    try:
        got = _ingest(_inputs(tmp_path), tmp_path / "s.jsonl", pipeline, remote)
    finally:
        _fail_chunks_with(client, None)
    assert [s for _, s, _, _ in got].count("failed") == 2
    assert {p.stage for p in seen} == {"ingest"}
    done = [p.done for p in seen]
    assert done == sorted(done) and done[0] <= 1
    assert (seen[-1].done, seen[-1].total) == (5, 5)
    assert {p.total for p in seen} <= {None, 5}
    assert len({p.dashboard for p in seen}) == 1


def test_worker_with_another_pipeline_is_a_model_error(client: Any, pipeline: Any) -> None:
    from ukpeace_cli.scaleout.ingest import RemoteAnnotator

    class Other:
        key = "en_core_web_sm@0.0.0/ukpeace-0"

    with pytest.raises(ModelError, match="has pipeline"):
        RemoteAnnotator(client, Scheduler("local"), Other(), None, None)


def test_cli_local_cluster_same_store_and_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    a, b = tmp_path / "a.jsonl", tmp_path / "b"  # a file store; a sharded one, its parts by workers
    plain = runner.invoke(app, ["ingest", *seeds, "-s", str(a), "-f", "jsonl"])
    args = ["ingest", *seeds, "-s", f"{b}/", "-f", "jsonl", "--partition-size", "2"]
    dask = runner.invoke(app, [*args, "--scheduler", "local:2"])
    assert dask.exit_code == plain.exit_code == 0, dask.stderr
    assert dask.stdout == plain.stdout
    assert _records(b) == a.read_bytes() and len(list((b / "parts").glob("part-*"))) == 3
    assert "Dask dashboard: http" in dask.stderr
    both = runner.invoke(app, [*args, "--scheduler", "local:1", "--jobs", "2"])
    assert both.exit_code == 2 and "--jobs and --scheduler" in both.stderr
