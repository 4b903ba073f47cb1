"""`ingest --scheduler`: records annotated on Dask workers, written by the client in input
order, give the same store bytes as a single-process ingest; a failing chunk fails its inputs
only; a worker with another pipeline is a ModelError (exit 4). One in-process cluster per
module (the plugin loads spaCy once per worker); the CLI test uses spawned workers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ukpeace_cli.cli import app
from ukpeace_cli.errors import ModelError
from ukpeace_cli.scaleout.connect import Scheduler

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
runner = CliRunner()
pytestmark = pytest.mark.slow  # spaCy on the workers


@pytest.fixture(scope="module")
def client() -> Any:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
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


def _ingest(paths: list[str], store: Path, pipeline: Any, remote: Any = None) -> list[Any]:
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs
    from ukpeace_cli.store import Store

    got = ingest(
        iter_inputs(paths),
        Store(store),
        pipeline=pipeline,
        annotator=annotate_record,
        commit_every=3,
        remote=remote,
    )
    return [(r.source, r.status, r.id, r.reason) for r in got]


def test_same_store_bytes_and_reingest_adds_nothing(
    client: Any, pipeline: Any, tmp_path: Path
) -> None:
    from ukpeace_cli.scaleout.ingest import RemoteAnnotator

    paths = _inputs(tmp_path)
    single, dask = tmp_path / "single.jsonl", tmp_path / "dask.jsonl"
    want = _ingest(paths, single, pipeline)
    remote = RemoteAnnotator(client, Scheduler("local"), pipeline, None, None, chunk=3)
    got = _ingest(paths, dask, pipeline, remote)
    assert got == want and {s for _, s, _, _ in got} == {"added"}
    assert dask.read_bytes() == single.read_bytes()
    again = _ingest(paths, dask, pipeline, remote)
    assert {s for _, s, _, _ in again} == {"unchanged"}
    assert dask.read_bytes() == single.read_bytes()


def test_a_failing_chunk_fails_its_inputs_only(
    client: Any, pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukpeace_cli.scaleout import plugin
    from ukpeace_cli.scaleout.ingest import RemoteAnnotator
    from ukpeace_cli.store import Store

    real = plugin.annotate_chunk

    def flaky(key: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if any("copy-002" in r["source"] for r in records):
            raise ValueError("worker fell over")
        return real(key, records)

    monkeypatch.setattr(plugin, "annotate_chunk", flaky)  # in-process workers see it
    paths = _inputs(tmp_path)
    remote = RemoteAnnotator(client, Scheduler("local"), pipeline, None, None, chunk=2)
    got = _ingest(paths, tmp_path / "s.jsonl", pipeline, remote)
    failed = [src for src, status, _, _ in got if status == "failed"]
    assert len(failed) == 2 and any("copy-002" in f for f in failed)  # its chunk: 2 inputs
    assert [s for _, s, _, _ in got].count("added") == 8
    reason = next(r for _, s, _, r in got if s == "failed")
    assert "annotation failed on the cluster: worker fell over" in reason
    assert len(list(Store(tmp_path / "s.jsonl").iter_records())) == 8
    monkeypatch.setattr(plugin, "annotate_chunk", real)
    rerun = _ingest(paths, tmp_path / "s.jsonl", pipeline, remote)
    assert sorted(s for _, s, _, _ in rerun) == ["added"] * 2 + ["unchanged"] * 8


def test_worker_with_another_pipeline_is_a_model_error(client: Any, pipeline: Any) -> None:
    from ukpeace_cli.scaleout.ingest import RemoteAnnotator

    class Other:
        key = "en_core_web_sm@0.0.0/ukpeace-0"

    with pytest.raises(ModelError, match="has pipeline"):
        RemoteAnnotator(client, Scheduler("local"), Other(), None, None)


def test_cli_local_cluster_same_store_and_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    plain = runner.invoke(app, ["ingest", *seeds, "-s", str(a), "-f", "jsonl"])
    args = ["ingest", *seeds, "-s", str(b), "-f", "jsonl", "--partition-size", "2"]
    dask = runner.invoke(app, [*args, "--scheduler", "local:2"])
    assert dask.exit_code == plain.exit_code == 0, dask.stderr
    assert dask.stdout == plain.stdout
    assert a.read_bytes() == b.read_bytes()
    assert "Dask dashboard: http" in dask.stderr
    both = runner.invoke(app, [*args, "--scheduler", "local:1", "--jobs", "2"])
    assert both.exit_code == 2 and "--jobs and --scheduler" in both.stderr
