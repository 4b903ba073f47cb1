"""The store's sidecars: digests kept next to the store, the same answers as the records, kept
in step as the store grows, rebuilt when it is rewritten or damaged (and never trusted blindly)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ukpeace_cli import entities
from ukpeace_cli.entities import Filters, MentionKeys, build_report, store_report, suggestions
from ukpeace_cli.errors import CacheWarning
from ukpeace_cli.names.digests import unpack
from ukpeace_cli.selection import resolve_all
from ukpeace_cli.sidecar import Sidecar
from ukpeace_cli.store import Store, dumps


def sidecar_of(store: Path) -> Path:
    return store.with_name(store.name + ".entities.jsonl")


def report_rows(store: Path, filters: Filters | None = None) -> list[dict[str, Any]]:
    return store_report(Store(store), entities.load_aliases(), filters).rows()


def record_rows(store: Path, filters: Filters | None = None) -> list[dict[str, Any]]:
    records = Store(store).iter_records()
    return build_report(records, entities.load_aliases(), filters).rows()


@pytest.mark.parametrize(
    "filters",
    [
        None,
        Filters(outlets=frozenset({"novinite.com"})),
        Filters(articles=("003",)),
        Filters(labels=frozenset({"PERSON"}), min_mentions=2),
        Filters(top=5),
    ],
)
def test_sidecar_report_equals_the_report_over_records(seed_store: Path, filters: Any) -> None:
    if filters is not None and filters.articles:  # --article queries: ids, as the CLI gives
        known = [(r["id"], r["source"]) for r in Store(seed_store).iter_records()]
        filters = replace(filters, articles=tuple(resolve_all(filters.articles, known)))
    expected = record_rows(seed_store, filters)
    assert expected  # the seeds name people: an empty report would prove nothing
    assert report_rows(seed_store, filters) == expected  # first run: builds the sidecar
    assert sidecar_of(seed_store).exists()
    assert report_rows(seed_store, filters) == expected  # second run: reads it


def test_suggestion_context_is_read_back_from_the_store(seed_store: Path) -> None:
    aliases = entities.load_aliases()
    from_records = suggestions(build_report(Store(seed_store).iter_records(), aliases))
    store_report(Store(seed_store), aliases)  # build the sidecar
    from_sidecar = suggestions(store_report(Store(seed_store), aliases))
    assert from_sidecar == from_records
    pair = {"David Lamy", "David Lammy"}
    lamy = next(s for s in from_sidecar if {s["variant"], s["canonical"]} == pair)
    assert lamy["variant"] in lamy["variant_context"]


def test_appends_extend_the_sidecar_without_rebuilding(seed_store: Path, tmp_path: Path) -> None:
    records = list(Store(seed_store).iter_records())
    small = tmp_path / "grow.jsonl"
    small.write_text("".join(dumps(r) for r in records[:3]), encoding="utf-8")
    report_rows(small)
    before = sidecar_of(small).read_bytes()
    assert before.count(b"\n") == 1 + 3  # header + one line per record
    Store(small).commit(records[3:])
    assert report_rows(small) == record_rows(small)
    after = sidecar_of(small).read_bytes()
    assert after.startswith(before)  # extended in place: the first lines were kept
    assert after.count(b"\n") == 1 + 5


def test_a_rewritten_store_rebuilds_the_sidecar(seed_store: Path) -> None:
    report_rows(seed_store)
    records = list(Store(seed_store).iter_records())
    changed = dict(records[0], outlet="renamed.example")
    Store(seed_store).commit([], replace={changed["id"]: changed})  # atomic rewrite: new inode
    rows = report_rows(seed_store)
    assert rows == record_rows(seed_store)
    assert any("renamed.example" in r["outlets"] for r in rows)


def test_a_store_edited_in_place_is_noticed(seed_store: Path) -> None:
    report_rows(seed_store)
    lines = seed_store.read_bytes().splitlines(keepends=True)
    last = json.loads(lines[-1])
    last["outlet"] = "edited.example"
    lines[-1] = dumps(last).encode("utf-8")
    with seed_store.open("r+b") as fh:  # same inode, last line's bytes changed
        fh.seek(0)
        fh.write(b"".join(lines))
        fh.truncate()
    rows = report_rows(seed_store)
    assert any("edited.example" in r["outlets"] for r in rows)
    assert rows == record_rows(seed_store)


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # cut mid-line
        lambda b: b"not json\n" + b,  # a broken header
        lambda b: b.replace(b'"entities-', b'"other-', 1),  # another digest version
        lambda b: b"",  # empty
        lambda b: b[: b.index(b"\n") + 1] + b"[1,2]\n",  # a line of the wrong shape
    ],
)
def test_a_damaged_sidecar_is_rebuilt(seed_store: Path, damage: Any) -> None:
    expected = report_rows(seed_store)
    side = sidecar_of(seed_store)
    side.write_bytes(damage(side.read_bytes()))
    assert report_rows(seed_store) == expected
    assert report_rows(seed_store) == expected


def test_a_sidecar_that_cannot_be_written_still_answers(seed_store: Path) -> None:
    sidecar_of(seed_store).mkdir()  # unwritable even as root, like a read-only folder
    with pytest.warns(CacheWarning, match="cannot update the cache .*entities.jsonl"):
        rows = report_rows(seed_store)
    assert rows == record_rows(seed_store)
    assert sidecar_of(seed_store).is_dir()


def test_corrupt_store_lines_are_reported_on_every_read(seed_store: Path) -> None:
    with seed_store.open("ab") as fh:
        fh.write(b'{"id": "broken", \n')
    for _ in range(2):  # building, then from the sidecar
        problems: list[Any] = []
        store_report(Store(seed_store), entities.load_aliases(), None, problems.append)
        assert [p.line for p in problems] == [6]
        assert "corrupt store line" in problems[0].reason


def test_the_entities_command_writes_and_uses_the_sidecar(seed_store: Path) -> None:
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    args = ["entities", "--store", str(seed_store), "--format", "jsonl", "--label", "PERSON"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert sidecar_of(seed_store).exists()
    second = CliRunner().invoke(app, args)
    assert second.stdout == first.stdout
    names = [json.loads(line)["name"] for line in first.stdout.splitlines()]
    assert "Donald Trump" in names


class Counting:
    """A codec that counts its records, to check what the sidecar hands back and in what order."""

    def __init__(self) -> None:
        self.seen = 0

    def encode(self, record: dict[str, Any]) -> list[Any]:
        self.seen += 1
        return [record["id"], self.seen]

    def absorb(self, digest: list[Any]) -> None:
        self.seen += 1
        assert digest[1] == self.seen  # digests come back in store order


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("append"), st.integers(1, 4)),
            st.tuples(st.just("read"), st.just(0)),
            st.tuples(st.just("corrupt"), st.just(0)),
            st.tuples(st.just("rewrite"), st.just(0)),
            st.tuples(st.just("cut_sidecar"), st.integers(1, 200)),
        ),
        max_size=12,
    )
)
def test_any_history_of_writes_and_reads_gives_the_records(tmp_path: Path, steps: Any) -> None:
    folder = tmp_path / f"h{abs(hash(str(steps)))}"
    folder.mkdir()
    path = folder / "s.jsonl"
    store = Store(path)
    made = 0
    for action, n in steps:
        if action == "append":
            store.commit([{"id": f"r{made + i}", "x": made + i} for i in range(n)])
            made += n
        elif action == "corrupt":
            with path.open("ab") as fh:
                fh.write(b"{oops\n")
        elif action == "rewrite" and path.exists():
            recs = list(store.iter_records())
            if recs:
                store.commit([], replace={recs[0]["id"]: dict(recs[0], x=-1)})
        elif action == "cut_sidecar":
            side = folder / "s.jsonl.t.jsonl"
            if side.exists():
                data = side.read_bytes()
                side.write_bytes(data[: max(0, len(data) - n)])
        sidecar = Sidecar(store, "t", "1", Counting)
        got = [d for _, d in sidecar.digests()]
        want = [r["id"] for r in store.iter_records()]
        assert [d[0] for d in got] == want
        assert [d[1] for d in got] == list(range(1, len(want) + 1))
        assert sidecar.codec.seen == len(want)


def test_mention_keys_number_each_key_once(seed_records: dict[str, Any]) -> None:
    keys = MentionKeys()
    digests = [keys.encode(seed_records[k]) for k in sorted(seed_records)]
    again = MentionKeys()
    for d in digests:
        again.absorb(d)
    assert again.keys == keys.keys
    assert len(set(keys.keys)) == len(keys.keys)
    assert sum(len(d[5]) for d in digests) == len(keys.keys)  # each key defined once
    for d in digests:
        keys_, counts, _ = unpack([d[6]])
        assert len(set(keys_.tolist())) == len(keys_)  # a key once per article, with its count
        record = next(r for r in seed_records.values() if r["id"] == d[0])
        assert int(counts.sum()) == len(entities.stored_mentions(record))
        assert counts.min() >= 1


def test_quote_stems_sidecar_gives_the_word_rarity_of_every_stored_quote(
    seed_store: Path,
) -> None:
    from ukpeace_cli import quotes

    records = list(Store(seed_store).iter_records())
    resolver = entities.Resolver.build(records, entities.load_aliases())
    texts = [r["text"] for r in quotes.quote_rows(records, resolver)]
    assert len(texts) > 50  # the seeds hold over a hundred quotes
    stems = quotes.store_quote_stems(Store(seed_store))
    assert stems == [sorted(quotes._stems(t)) for t in texts]
    assert quotes.store_quote_stems(Store(seed_store)) == stems  # read back from the file
    from_texts, from_stems = quotes.Similarity(texts), quotes.Similarity(stems=stems)
    assert from_stems.idf == from_texts.idf
    assert from_stems.default == from_texts.default
