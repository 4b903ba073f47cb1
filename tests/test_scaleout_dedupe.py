"""`dedupe --scheduler`: the Dask path gives the single-process result, record for record.

Clusters are module-scoped (starting one costs seconds): one in-process (threads, p2p works)
and one with 2 spawned worker processes (real pickling). dask is imported only inside the
fixtures. The synthetic corpus has 2,000 articles, not 5,000: on this 2-core machine shared
with other jobs a Dask run of 5k took minutes, and the matrix runs several; 2k is well past
the exhaustive limit, so the LSH band join and the rare-shingle join both run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cluster import local_client
from helpers.corpus import build_corpus
from ukpeace_cli import dedupe
from ukpeace_cli.store import Store

CORPUS_SIZE = 2000


def _records(r: dedupe.DedupeResult) -> tuple[Any, ...]:
    return (
        [dedupe.cluster_record(c) for c in r.clusters],
        [dedupe.pair_record(p) for p in r.pairs],
        [dedupe.passage_record(p) for p in r.passages],
        [dedupe.pair_record(p) for p in r.related],
        {k: v for k, v in r.stats.items() if k != "seconds"},
    )


@pytest.fixture(scope="module")
def threads_client() -> Any:
    with local_client(processes=False) as client:
        yield client


@pytest.fixture(scope="module")
def procs_client() -> Any:
    with local_client(processes=True) as client:
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    build_corpus(out, CORPUS_SIZE, seed=7)
    return out


@pytest.fixture(scope="module")
def single(corpus: Path) -> tuple[Any, ...]:
    return _records(dedupe.find_duplicates(Store(corpus).iter_records()))


def _on_dask(client: Any, path: Path, cuts: list[int] | None, method: str = "tasks") -> Any:
    from ukpeace_cli.scaleout import dedupe as on_dask

    opts = on_dask.Options(partition_size=10**9 if cuts is None else None, cuts=cuts)
    opts.shuffle = method
    return on_dask.find_duplicates(client, str(path), opts)


UNEVEN = {1: None, 3: [7, 1500], 7: [1, 2, 300, 310, 900, 1999]}


@pytest.mark.parametrize(("parts", "method"), [(1, "tasks"), (3, "p2p"), (7, "tasks")])
def test_synthetic_corpus_identical_in_process(
    threads_client: Any, corpus: Path, single: tuple[Any, ...], parts: int, method: str
) -> None:
    got = _records(_on_dask(threads_client, corpus, UNEVEN[parts], method))
    assert got[4]["mode"] == "lsh"
    assert got == single


@pytest.mark.slow
@pytest.mark.parametrize("method", ["tasks", "p2p"])
def test_synthetic_corpus_identical_on_worker_processes(
    procs_client: Any, corpus: Path, single: tuple[Any, ...], method: str
) -> None:
    assert _records(_on_dask(procs_client, corpus, UNEVEN[3], method)) == single


def test_intermediates_candidates_and_idf(threads_client: Any, corpus: Path) -> None:
    """The candidate pairs, vocabulary, IDF and boilerplate of the single-process engine."""
    import numpy as np

    from ukpeace_cli.dedupe.candidates import candidate_pairs
    from ukpeace_cli.dedupe.read import _read, _Vocab
    from ukpeace_cli.dedupe.verify import _Engine
    from ukpeace_cli.scaleout import dedupe as on_dask
    from ukpeace_cli.scaleout import dedupe_tasks, parts

    vocab = _Vocab()
    engine = _Engine(_read(Store(corpus).iter_records(), vocab, 1, None), vocab, 0.4)
    want, _ = candidate_pairs(engine)
    run = on_dask._Run(threads_client, on_dask.Options(), None)
    run.read(parts.plan(corpus, cuts=UNEVEN[7]), str(corpus), None)
    got, mode = run.candidates()
    assert mode == "lsh" and np.array_equal(got, want)
    assert run.last_counts == engine.last_counts
    idf, dask_vocab = dedupe_tasks.unpickled(threads_client.gather(run.shared))
    assert np.array_equal(idf, engine.idf)
    assert dask_vocab.surface == vocab.surface and dask_vocab.by_surface == vocab.by_surface
    ready = threads_client.gather(run.ready)
    boiler = [b for part in ready for b in part.boiler]
    weight = [w for part in ready for w in part.weight]
    assert all(np.array_equal(a, b) for a, b in zip(boiler, engine.boiler, strict=True))
    assert all(np.array_equal(a, b) for a, b in zip(weight, engine.sent_weight, strict=True))
    assert dedupe_tasks.unpickled(dedupe_tasks.light(ready[0]))[0].id == engine.arts[0].id


def test_seeds_exhaustive_mode_with_empty_partitions(
    threads_client: Any, seed_store_path: Path
) -> None:
    want = _records(dedupe.find_duplicates(Store(seed_store_path).iter_records()))
    for cuts in (None, [1, 2, 3, 4]):
        got = _records(_on_dask(threads_client, seed_store_path, cuts))
        assert got[4]["mode"] == "exhaustive"
        assert got == want


def test_corrupt_lines_and_repeated_ids_as_single_process(
    threads_client: Any, corpus: Path, tmp_path: Path
) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:60]
    store = tmp_path / "store.jsonl"
    store.write_text("".join([*lines[:30], "{not json\n", *lines[5:8], *lines[30:]]))
    problems: list[Any] = []
    want = _records(dedupe.find_duplicates(Store(store).iter_records(problems.append)))
    from ukpeace_cli.scaleout import dedupe as on_dask

    seen: list[Any] = []
    opts = on_dask.Options(cuts=[10, 31, 33])
    got = on_dask.find_duplicates(threads_client, str(store), opts, on_problem=seen.append)
    assert _records(got) == want
    assert seen == problems and problems[0].line == 31


def test_crc32_twins_stay_apart_on_dask(threads_client: Any, tmp_path: Path) -> None:
    """Sentences whose CRC-32 collides (tests/helpers/collide.py), x in two articles of one
    outlet and y in a third, in different partitions: the Dask path's boilerplate flags and
    weights are the single-process ones, and neither sentence is the outlet's boilerplate (with
    32-bit fingerprints the outlet "repeated" it three times)."""
    import numpy as np

    from helpers.collide import crc32_twins
    from ukpeace_cli.dedupe.read import _read, _Vocab
    from ukpeace_cli.dedupe.verify import _Engine
    from ukpeace_cli.scaleout import dedupe as on_dask
    from ukpeace_cli.scaleout import parts

    x, y = crc32_twins()
    lines = [
        {"id": f"t{k}", "schema": 1, "source": f"t{k}.txt", "outlet": "town.example", "text": t}
        for k, t in enumerate(
            [
                f"The ferry timetable for winter was published. {x.capitalize()}.",
                f"Volunteers repainted the benches by the river. {y.capitalize()}.",
                f"A bakery opened beside the library on Friday. {x.capitalize()}.",
            ]
        )
    ]
    store = tmp_path / "twins.jsonl"
    store.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    vocab = _Vocab()
    engine = _Engine(_read(Store(store).iter_records(), vocab, 1, None), vocab, 0.4)
    run = on_dask._Run(threads_client, on_dask.Options(), None)
    run.read(parts.plan(store, cuts=[1, 2]), str(store), None)
    ready = threads_client.gather(run.ready)
    boiler = [b for part in ready for b in part.boiler]
    weight = [w for part in ready for w in part.weight]
    assert [b.tolist() for b in boiler] == [b.tolist() for b in engine.boiler]
    assert all(np.array_equal(a, b) for a, b in zip(weight, engine.sent_weight, strict=True))
    assert [b.tolist() for b in boiler] == [[False, False]] * 3


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(
                    st.integers(0, n - 1),
                    st.integers(0, n - 1),
                    st.sampled_from([0.2, 0.5, 0.9, 1.0]),
                ),
                max_size=60,
            ),
            st.sampled_from([0.3, 0.4, 0.6]),
        )
    )
)
def test_linkage_per_component_equals_global(case: tuple[int, list[Any], float]) -> None:
    from ukpeace_cli.linkage import average_linkage
    from ukpeace_cli.scaleout.dedupe import _groups

    n, raw, tau = case
    best: dict[tuple[int, int], float] = {}
    for i, j, s in raw:
        if i != j:
            best[(min(i, j), max(i, j))] = s
    edges = sorted((i, j, s) for (i, j), s in best.items())
    want = average_linkage(n, edges, tau)
    assert sorted(_groups(n, edges, tau)) == sorted(want)


_PROBE = """
import json, sys
from ukpeace_cli.cli import app
for args in json.loads(sys.argv[1]):
    try:
        app(args, prog_name="ukpeace")
    except SystemExit as exc:
        assert exc.code == 0, (args, exc.code)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules}
      & {"dask", "distributed", "pandas", "pyarrow"})))
"""


@pytest.mark.slow
def test_default_path_never_imports_dask(corpus: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "s.jsonl")
    src = tmp_path / "a.txt"
    src.write_text("Talks resumed in Geneva on Monday. Delegates met for five hours.\n")
    runs = [
        ["ingest", str(src), "-s", store, "--no-nlp", "-q"],
        ["dedupe", "-s", store, "-q", "-f", "jsonl"],
    ]
    r = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(runs)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[-1]) == []


def test_sharded_store_partitions_by_part(
    threads_client: Any, corpus: Path, single: tuple[Any, ...], tmp_path: Path
) -> None:
    from ukpeace_cli.scaleout import dedupe as on_dask
    from ukpeace_cli.store.convert import convert

    folder = tmp_path / "sharded"
    convert(str(corpus), str(folder), part_size=700)
    opts = on_dask.Options(partition_size=500)
    notes: list[str] = []
    got = on_dask.find_duplicates(threads_client, str(folder), opts, notes.append)
    assert "6 partitions on the cluster" in notes  # parts of 700, 700, 600 in ranges of 500
    assert _records(got) == single


def test_partitions_stay_on_their_home_worker(threads_client: Any, corpus: Path) -> None:
    """Every partition is spread over the workers by size and its finished state is held
    by its home worker only (no task of its chain was stolen away)."""
    from ukpeace_cli.scaleout import dedupe as on_dask
    from ukpeace_cli.scaleout import parts

    ranges = parts.plan(corpus, cuts=UNEVEN[7])
    run = on_dask._Run(threads_client, on_dask.Options(), None)
    run.read(ranges, str(corpus), None)
    workers = set(threads_client.scheduler_info(n_workers=-1)["workers"])
    assert set(run.home) == workers  # both workers get partitions
    bytes_on = {
        w: sum(r.end - r.start for r, h in zip(ranges, run.home, strict=True) if h == w)
        for w in workers
    }
    biggest = max(r.end - r.start for r in ranges)
    assert max(bytes_on.values()) - min(bytes_on.values()) <= biggest
    held = threads_client.who_has(run.ready)
    assert [list(held[f.key]) for f in run.ready] == [[h] for h in run.home]


def test_a_task_whose_worker_is_gone_is_a_cluster_error() -> None:
    """A pinned task that can run nowhere fails after the no-workers timeout, as exit 7."""
    import dask

    from ukpeace_cli.errors import ClusterError
    from ukpeace_cli.scaleout.connect import Scheduler, cluster_errors

    quick = dask.config.set({"distributed.scheduler.no-workers-timeout": "1s"})
    with quick, local_client(processes=False) as client:
        fut = client.submit(sum, [1, 2], workers=["tcp://127.0.0.1:9"], allow_other_workers=False)
        with pytest.raises(ClusterError) as err, cluster_errors(Scheduler("local", 2)):
            client.gather(fut)
    assert err.value.exit_code == 7 and "left the cluster" in str(err.value)


def test_verify_releases_texts_and_chunks_rows(
    threads_client: Any, corpus: Path, single: tuple[Any, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows pickled a few at a time give the same records; an article's text is unpacked only
    while its group of pairs is described (never more texts than the biggest group has
    articles) and every text is packed again at the end."""
    from ukpeace_cli.dedupe import passages
    from ukpeace_cli.scaleout import dedupe_tasks

    real = passages._describe
    engines: dict[int, Any] = {}
    held: list[int] = []

    def spy(engine: Any, i: int, j: int, *rest: Any) -> Any:
        engines[id(engine)] = engine
        held.append(sum(isinstance(a.ztext, str) for a in engine.arts.values()))
        return real(engine, i, j, *rest)

    monkeypatch.setattr(passages, "_describe", spy)
    monkeypatch.setattr(dedupe_tasks, "ROWS_PER_CHUNK", 3)
    got = _on_dask(threads_client, corpus, UNEVEN[3])
    assert _records(got) == single
    root: dict[str, str] = {}

    def find(k: str) -> str:
        while root.setdefault(k, k) != k:
            k = root[k]
        return k

    for p in [*got.pairs, *got.related]:  # the described pairs
        root[find(p.a)] = find(p.b)
    sizes: dict[str, int] = {}
    for k in list(root):
        sizes[find(k)] = sizes.get(find(k), 0) + 1
    biggest = max(sizes.values())
    assert held and 2 <= max(held) <= biggest
    for engine in engines.values():
        assert all(isinstance(a.ztext, bytes) for a in engine.arts.values())
