"""Library ingest: the five seeds with exact values, ids, re-ingest, re-annotation, failures."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from helpers import SEEDS, store_lines
from ukpeace_cli.ingest import article_id, build_record, ingest, text_hash
from ukpeace_cli.inputs import RawInput, iter_inputs
from ukpeace_cli.nlp import ANNOTATOR_VERSION, MODEL_CANDIDATES
from ukpeace_cli.store import SCHEMA_VERSION, Store

RECORD_KEYS = [
    "id",
    "schema",
    "text_hash",
    "source",
    "title",
    "outlet",
    "published",
    "byline",
    "url",
    "provenance",
    "words",
    "text",
    "paragraphs",
    "headings",
    "captions",
    "boilerplate",
    "cited_sources",
    "wire",
    "credits",
    "nlp",
]

# Text hashes of the clean body (the ids of schema 1): a change here means every user's store
# gets duplicates on the next ingest, so it must be deliberate.
SEED_TEXT_HASHES = {
    "000": "e454c66a4ebba3e1",
    "001": "c0286ee1da4807c4",
    "002": "83ba2fe651d8ab70",
    "003": "52acaf55b2b964b1",
    "004": "09e052bf18d5ddc9",
}
SEED_WORDS = {"000": 2135, "001": 566, "002": 926, "003": 1634, "004": 412}


def seed_paths() -> list[str]:
    return [str(p) for p in sorted(SEEDS.glob("*.txt"))]


# --- the seeds -------------------------------------------------------------------------------


def test_five_seed_records_in_file_order(seed_store_path: Path) -> None:
    records = store_lines(seed_store_path)
    assert [Path(r["source"]).name[:3] for r in records] == ["000", "001", "002", "003", "004"]
    assert [r["source"] for r in records] == seed_paths()
    assert all(list(r) == RECORD_KEYS for r in records)
    assert all(r["schema"] == SCHEMA_VERSION for r in records)


def test_seed_ids_hash_the_body_and_the_file(seed_records: dict[str, Any]) -> None:
    for r in seed_records.values():
        assert re.fullmatch(r"[0-9a-f]{16}", r["id"])
        assert r["text_hash"] == hashlib.sha256(r["text"].encode("utf-8")).hexdigest()[:16]
        assert r["text_hash"] == text_hash(r["text"])
        key = "file:" + os.path.normpath(r["source"])
        assert r["id"] == hashlib.sha256(f"{r['text_hash']}\n{key}".encode()).hexdigest()[:16]
        assert r["id"] == article_id(r["text_hash"], key)
    assert {k: r["text_hash"] for k, r in seed_records.items()} == SEED_TEXT_HASHES
    assert {k: r["words"] for k, r in seed_records.items()} == SEED_WORDS


def test_seed_metadata(seed_records: dict[str, Any]) -> None:
    got = {
        k: {f: r[f] for f in ("title", "outlet", "published", "byline", "url")}
        for k, r in seed_records.items()
    }
    assert got == {
        "000": {
            "title": None,
            "outlet": "dailymail.co.uk",
            "published": None,
            "byline": None,
            "url": None,
        },
        "001": {
            "title": "UK and France Weigh Troop Deployment in Ukraine Amid Peace Talks",
            "outlet": "novinite.com",
            "published": None,
            "byline": None,
            "url": None,
        },
        "002": {
            "title": "UK and France to deploy soldiers to Ukraine if a peace agreement is reached",
            "outlet": None,
            "published": None,
            "byline": "admin",
            "url": None,
        },
        "003": {"title": None, "outlet": None, "published": None, "byline": None, "url": None},
        "004": {
            "title": "France and UK plan troop deployment as ceasefire looms",
            "outlet": None,
            "published": "2024-12-03T06:22-05:00",
            "byline": None,
            "url": None,
        },
    }
    assert {k: r["provenance"] for k, r in seed_records.items()} == {
        "000": {"outlet": "text:republisher-footer"},
        "001": {"title": "text:headline", "outlet": "text:source-line"},
        "002": {"title": "text:headline", "byline": "text:byline"},
        "003": {},
        "004": {"title": "text:headline", "published": "text:dateline"},
    }


def test_seed_000_ledes_captions_and_footer(seed_records: dict[str, Any]) -> None:
    r = seed_records["000"]
    assert r["text"].startswith("Britain and France are said to be holding secret talks")
    assert len(r["captions"]) == 19
    assert r["captions"][0] == {
        "text": "Ukrainian soldiers fire targets on the front line in Donetsk",
        "position": 9,
    }
    assert r["captions"][-1] == {
        "text": "Roughly 3.2 million Ukrainians are living in occupied territory",
        "position": 64,
    }
    for c in r["captions"]:
        assert c["text"] not in r["text"]
    assert r["boilerplate"] == [
        {
            "text": "This article was originally published by a www.dailymail.co.uk . Read the "
            "Original article here. .",
            "reason": "republisher footer",
            "position": 70,
        }
    ]
    assert "originally published" not in r["text"]
    assert len(r["paragraphs"]) == 70
    assert r["headings"] == []


def test_seed_001_source_line_background_and_sources(seed_records: dict[str, Any]) -> None:
    r = seed_records["001"]
    assert r["headings"] == ["Background:"]
    assert r["cited_sources"] == [
        "Radio Free Europe/Radio Liberty - Ukraine",
        "Reuters",
        "Financial Times",
        "European Pravda",
        "Ukrainska Pravda",
    ]
    assert r["boilerplate"] == [{"text": "· novinite.com", "reason": "source line", "position": 0}]
    assert "Sources:" not in r["text"]
    assert "Ukrainska Pravda" not in r["text"]
    assert not r["text"].startswith(r["title"])
    assert r["text"].startswith("Great Britain and France are exploring strategies")


def test_seed_002_breadcrumb_repeated_title_and_furniture(seed_records: dict[str, Any]) -> None:
    r = seed_records["002"]
    assert "Home Global" not in r["title"]
    assert r["title"] not in r["text"]
    for line in ("0 comments", "You may also like", "Leave a Comment", "by admin"):
        assert line not in r["text"]
    assert [(b["text"], b["reason"]) for b in r["boilerplate"]] == [
        ("Home Global", "breadcrumb"),
        (r["title"], "repeated title"),
        ("by admin", "byline"),
        ("0 comments", "comment count"),
        (r["title"], "repeated title"),
        ("You may also like", "related links"),
        ("Leave a Comment", "comment prompt"),
    ]
    assert r["text"].startswith("UK Prime Minister Sir Keir Starmer has declared")


def test_seed_003_has_no_invented_metadata(seed_records: dict[str, Any]) -> None:
    r = seed_records["003"]
    assert r["text"].startswith("Let us remind you that the first person")
    # The scrape stops mid-sentence: that cut-off paragraph is still article text.
    assert r["text"].endswith("he is doing everything for stabilizing the situation – caring")
    assert r["captions"] == [] and r["boilerplate"] == [] and r["headings"] == []


def test_seed_004_dateline_and_headings(seed_records: dict[str, Any]) -> None:
    r = seed_records["004"]
    assert r["headings"] == ['France "excludes no option"', "Estonia: Do not send soldiers"]
    assert r["boilerplate"] == [
        {"text": "6:22 AM EST, December 3, 2024", "reason": "dateline", "position": 1}
    ]
    assert "6:22 AM" not in r["text"]
    assert r["text"].startswith("Paris and London are considering deploying")


def test_every_paragraph_offset_slices_the_text(seed_records: dict[str, Any]) -> None:
    for r in seed_records.values():
        text, paras = r["text"], r["paragraphs"]
        parts = [text[p["start"] : p["end"]] for p in paras]
        assert "\n\n".join(parts) == text
        assert all(p and p == p.strip() for p in parts)
        assert [text[p["start"] : p["end"]] for p in paras if p["heading"]] == r["headings"]


def test_nlp_block_names_model_and_version(seed_records: dict[str, Any], pipeline: Any) -> None:
    for r in seed_records.values():
        nlp = r["nlp"]
        assert nlp["model"] == pipeline.name
        assert nlp["model"] in MODEL_CANDIDATES
        assert nlp["model_version"] == "3.8.0"
        assert nlp["spacy"].startswith("3.8.")
        assert nlp["pipeline"] == pipeline.key
        assert nlp["pipeline"].startswith(f"{nlp['model']}@3.8.0/ukpeace-{ANNOTATOR_VERSION}")
        assert list(nlp)[:4] == ["pipeline", "model", "model_version", "spacy"]
        text = r["text"]
        sentences = nlp["sentences"]
        assert sentences[0][0] == 0 and sentences[-1][1] <= len(text)
        assert all(a < b for a, b in sentences)
        assert all(e["text"] == text[e["start"] : e["end"]] for e in nlp["entities"])
    # A few entities the small English model finds for sure in 004.
    ents = {(e["text"], e["label"]) for e in seed_records["004"]["nlp"]["entities"]}
    assert {("Paris", "GPE"), ("London", "GPE"), ("Radio Liberty", "ORG")} <= ents


def test_pronoun_us_is_not_the_united_states(seed_records: dict[str, Any]) -> None:
    # The EntityRuler matches aliases case-insensitively; the alias "US" must not turn the
    # pronoun in seed 003's "Let us remind you" into a GPE.
    r = seed_records["003"]
    assert [e for e in r["nlp"]["entities"] if e["text"] == "us"] == []


# --- re-ingest -------------------------------------------------------------------------------


def test_second_ingest_adds_nothing(seed_store: Path, pipeline: Any) -> None:
    from ukpeace_cli.annotate import annotate_record

    before = seed_store.read_bytes()
    results = list(
        ingest(
            iter_inputs(seed_paths()),
            Store(seed_store),
            pipeline=pipeline,
            annotator=annotate_record,
        )
    )
    assert [(r.status, r.id, r.annotated, r.reason) for r in results] == [
        ("unchanged", r["id"], True, None) for r in store_lines(seed_store)
    ]
    assert seed_store.read_bytes() == before


def test_no_nlp_reingest_of_annotated_store_is_unchanged(seed_store: Path) -> None:
    before = seed_store.read_bytes()
    results = list(ingest(iter_inputs(seed_paths()), Store(seed_store)))
    assert [r.status for r in results] == ["unchanged"] * 5
    assert seed_store.read_bytes() == before


def test_same_text_in_another_file_is_its_own_copy(tmp_path: Path, seed_store: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_paths()[4], copy)
    (res,) = ingest(iter_inputs([str(copy)]), Store(seed_store))
    records = store_lines(seed_store)
    assert (res.status, res.id) == ("added", records[-1]["id"])
    assert [r["text_hash"] for r in records].count(SEED_TEXT_HASHES["004"]) == 2
    assert records[-1]["source"] == str(copy)
    assert len({r["id"] for r in records}) == 6


def _write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_one_file_twice_in_a_run_is_one_copy_two_files_are_two(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.txt", "Talks in Paris\n\nThe talks went on. Nobody left.\n")
    b = _write(tmp_path, "b.txt", "Talks in Paris\n\nThe talks went on. Nobody left.\n")
    store = Store(tmp_path / "s.jsonl")
    dot_a = os.path.join(os.path.dirname(a), ".", "a.txt")  # the same file, named otherwise
    results = list(ingest(iter_inputs([a, b, dot_a]), store))
    assert [(r.status, r.reason) for r in results] == [
        ("added", None),
        ("added", None),
        ("unchanged", f"same copy as {a}"),
    ]
    records = store_lines(tmp_path / "s.jsonl")
    assert [r["source"] for r in records] == [a, b]
    assert records[0]["text_hash"] == records[1]["text_hash"] != records[0]["id"]


def test_stdin_copies_are_told_apart_by_outlet_and_url(tmp_path: Path) -> None:
    import io

    text = b"Talks in Paris\n\nThe talks went on. Nobody left.\n"
    store = Store(tmp_path / "s.jsonl")

    def piped(**flags: str) -> Any:
        (res,) = ingest(iter_inputs(["-"], stdin=io.BytesIO(text)), store, flags=flags)
        return res.status, res.id

    a = piped(outlet="one.example")
    assert a[0] == "added"
    b = piped(outlet="two.example")
    assert b[0] == "added" and b[1] != a[1]
    assert piped(outlet="one.example") == ("unchanged", a[1])
    u = piped(url="https://three.example/talks")
    assert u[0] == "added" and u[1] not in (a[1], b[1])
    assert piped(url="https://three.example/talks") == ("unchanged", u[1])
    records = store_lines(tmp_path / "s.jsonl")
    assert [r["outlet"] for r in records] == ["one.example", "two.example", None]
    assert len({r["text_hash"] for r in records}) == 1


def test_jsonl_copies_are_told_apart_by_url(tmp_path: Path) -> None:
    import io
    import json

    from ukpeace_cli.inputs import iter_jsonl

    body = "Talks in Paris\n\nThe talks went on. Nobody left.\n"
    rows = [
        {"text": body, "url": "https://one.example/a", "outlet": "one.example"},
        {"text": body, "url": "https://two.example/b", "outlet": "two.example"},
    ]
    feed = "".join(json.dumps(r) + "\n" for r in rows)
    store = Store(tmp_path / "s.jsonl")
    first = list(ingest(iter_jsonl(io.StringIO(feed), "feed.jsonl"), store))
    assert [r.status for r in first] == ["added", "added"]
    again = list(ingest(iter_jsonl(io.StringIO(feed), "other-name.jsonl"), store))
    assert [(r.status, r.id) for r in again] == [("unchanged", r.id) for r in first]


def _manifest(folder: Path, text: str) -> dict[str, Any]:
    from ukpeace_cli.inputs import load_manifest

    path = folder / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return load_manifest(str(path))


def test_reingest_keeps_stronger_sourced_metadata(tmp_path: Path) -> None:
    # The text names an outlet (a source line); the manifest gives another and a URL.
    path = _write(
        tmp_path, "a.txt", "Talks resume in Paris\n· textnews.example\n\nThe talks went on.\n"
    )
    manifest = _manifest(tmp_path, "a.txt: {outlet: wire.example, url: 'https://wire.example/1'}\n")
    store = Store(tmp_path / "s.jsonl")

    def run(flags: dict[str, str | None] | None = None, **kw: Any) -> Any:
        (res,) = ingest(iter_inputs([path], **kw), store, flags=flags)
        (rec,) = store_lines(tmp_path / "s.jsonl")
        return res.status, res.id, rec["outlet"], rec["url"], rec["provenance"]

    status, rid, *meta = run(manifest=manifest)
    assert (status, *meta) == (
        "added",
        "wire.example",
        "https://wire.example/1",
        {"title": "text:headline", "outlet": "manifest", "url": "manifest"},
    )
    # Without the manifest the text would say textnews.example: the manifest's outlet stays.
    assert run() == ("unchanged", rid, *meta)
    # A flag is stronger than the manifest; and it too survives a plain re-ingest.
    flagged = run({"outlet": "desk.example"})
    assert flagged[:3] == ("updated", rid, "desk.example")
    assert flagged[4]["outlet"] == "flag"
    assert run() == ("unchanged", *flagged[1:])
    assert run(manifest=manifest) == ("unchanged", *flagged[1:])


def test_schema_1_records_are_read_and_found_again(tmp_path: Path) -> None:
    """A store written before copies had their own ids: its records keep their ids, re-ingest
    finds them, and the same text from another file is added beside them."""
    a = _write(tmp_path, "a.txt", "Talks in Paris\n\nThe talks went on. Nobody left.\n")
    store_path = tmp_path / "s.jsonl"
    list(ingest(iter_inputs([a]), Store(store_path)))
    (rec,) = store_lines(store_path)
    old = {"id": rec["text_hash"], "schema": 1}
    old.update((k, v) for k, v in rec.items() if k not in ("id", "schema", "text_hash"))
    store_path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    (again,) = ingest(iter_inputs([a]), Store(store_path))
    assert (again.status, again.id) == ("unchanged", old["id"])
    (flagged,) = ingest(iter_inputs([a]), Store(store_path), flags={"outlet": "x.example"})
    assert (flagged.status, flagged.id) == ("updated", old["id"])
    (upgraded,) = store_lines(store_path)
    assert (upgraded["schema"], upgraded["text_hash"]) == (SCHEMA_VERSION, old["id"])
    (after,) = ingest(iter_inputs([a]), Store(store_path), flags={"outlet": "x.example"})
    assert (after.status, after.id) == ("unchanged", old["id"])  # found again once upgraded
    b = _write(tmp_path, "b.txt", "Talks in Paris\n\nThe talks went on. Nobody left.\n")
    (other,) = ingest(iter_inputs([b]), Store(store_path))
    assert other.status == "added" and other.id != old["id"]


def test_no_nlp_then_nlp_fills_annotations_in(tmp_path: Path, pipeline: Any) -> None:
    from ukpeace_cli.annotate import annotate_record

    path = _write(tmp_path, "a.txt", "Macron meets Starmer\n\nMacron met Starmer in Paris. Done.\n")
    store = Store(tmp_path / "s.jsonl")
    (first,) = ingest(iter_inputs([path]), store)
    assert (first.status, first.annotated) == ("added", False)
    assert store_lines(tmp_path / "s.jsonl")[0]["nlp"] is None
    (second,) = ingest(iter_inputs([path]), store, pipeline=pipeline, annotator=annotate_record)
    assert (second.status, second.annotated, second.id) == ("updated", True, first.id)
    (rec,) = store_lines(tmp_path / "s.jsonl")
    assert rec["nlp"]["pipeline"] == pipeline.key
    assert {"Macron", "Starmer", "Paris"} <= {e["text"] for e in rec["nlp"]["entities"]}
    (third,) = ingest(iter_inputs([path]), store, pipeline=pipeline, annotator=annotate_record)
    assert third.status == "unchanged"


def test_jobs_2_ingests_and_annotates_everything(tmp_path: Path, pipeline: Any) -> None:
    from ukpeace_cli.annotate import annotate_record

    paths = [
        _write(tmp_path, f"{i}.txt", f"Talks number {i}\n\nMacron met Starmer {i} times. Done.\n")
        for i in range(3)
    ]
    store = Store(tmp_path / "s.jsonl")
    results = list(
        ingest(iter_inputs(paths), store, pipeline=pipeline, annotator=annotate_record, jobs=2)
    )
    assert [(r.source, r.status, r.annotated) for r in results] == [
        (p, "added", True) for p in paths
    ]
    records = store_lines(tmp_path / "s.jsonl")
    assert [r["source"] for r in records] == paths
    assert all(r["nlp"]["pipeline"] == pipeline.key for r in records)


def test_results_follow_input_order_when_an_update_comes_first(tmp_path: Path) -> None:
    paths = [
        _write(tmp_path, f"{i}.txt", f"Report {i}\n\nDelegation {i} met. It agreed.\n")
        for i in range(3)
    ]
    store = Store(tmp_path / "s.jsonl")
    list(ingest(iter_inputs(paths[:1]), store, flags={"outlet": "x.com"}))
    results = list(ingest(iter_inputs(paths), store, flags={"outlet": "y.com"}, commit_every=1))
    assert [(r.source, r.status) for r in results] == [
        (paths[0], "updated"),
        (paths[1], "added"),
        (paths[2], "added"),
    ]


def test_a_newer_pipeline_re_annotates(tmp_path: Path, pipeline: Any) -> None:
    from ukpeace_cli.annotate import annotate_record

    path = _write(tmp_path, "a.txt", "Talks in Kyiv\n\nZelensky spoke in Kyiv. Done.\n")
    store_path = tmp_path / "s.jsonl"
    list(
        ingest(iter_inputs([path]), Store(store_path), pipeline=pipeline, annotator=annotate_record)
    )
    old = store_path.read_text(encoding="utf-8").replace(pipeline.key, "en_core_web_sm@3.7.0/old")
    store_path.write_text(old, encoding="utf-8")
    (res,) = ingest(
        iter_inputs([path]), Store(store_path), pipeline=pipeline, annotator=annotate_record
    )
    assert (res.status, res.annotated) == ("updated", True)
    (rec,) = store_lines(store_path)
    assert rec["nlp"]["pipeline"] == pipeline.key


def test_metadata_change_updates_and_keeps_annotations(seed_store: Path) -> None:
    src = seed_paths()[3]
    (res,) = ingest(iter_inputs([src]), Store(seed_store), flags={"outlet": "kyivpost.com"})
    assert (res.status, res.outlet, res.annotated) == ("updated", "kyivpost.com", True)
    records = {r["id"]: r for r in store_lines(seed_store)}
    assert len(records) == 5
    (r,) = [r for r in records.values() if r["text_hash"] == SEED_TEXT_HASHES["003"]]
    assert r["id"] == res.id
    assert (r["outlet"], r["provenance"]) == ("kyivpost.com", {"outlet": "flag"})
    assert r["nlp"] is not None and r["nlp"]["sentences"]


def test_metadata_precedence_and_provenance(tmp_path: Path) -> None:
    item = RawInput(
        source="x.txt",
        text=(
            "Text headline for the piece\nBy Text Author\n· text.example\n"
            "6:22 AM EST, December 3, 2024\nhttps://text.example/story\nThe body. More words.\n"
        ),
        meta={"title": "Front title", "outlet": "manifest.example", "byline": "FM Writer"},
        meta_origin={"title": "front_matter", "outlet": "manifest", "byline": "front_matter"},
    )
    rec = build_record(item, {"title": "Flag title", "outlet": None, "url": None})
    assert {k: rec[k] for k in ("title", "outlet", "published", "byline", "url")} == {
        "title": "Flag title",
        "outlet": "manifest.example",
        "published": "2024-12-03T06:22-05:00",
        "byline": "FM Writer",
        "url": "https://text.example/story",
    }
    assert rec["provenance"] == {
        "title": "flag",
        "outlet": "manifest",
        "published": "text:dateline",
        "byline": "front_matter",
        "url": "text:url-line",
    }
    assert rec["text"] == "The body. More words."


# --- failures --------------------------------------------------------------------------------


def test_failures_are_results_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", "Talks in Paris\n\nThe talks went on. Nobody left.\n")
    only = _write(tmp_path, "furniture.txt", "0 comments\nShare\nLeave a Comment\n")
    results = list(
        ingest(iter_inputs([only, str(tmp_path / "no.txt"), good]), Store(tmp_path / "s"))
    )
    assert [(r.status, r.reason) for r in results] == [
        ("failed", f"no article text left after setting aside boilerplate ({only})"),
        ("failed", f"no such file or no files match ({tmp_path / 'no.txt'}) - check the path"),
        ("added", None),
    ]


def test_strict_stops_at_the_first_failure(tmp_path: Path) -> None:
    a = _write(tmp_path, "a.txt", "Talks in Paris\n\nThe talks went on. Nobody left.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    c = _write(tmp_path, "c.txt", "Talks in Rome\n\nThe talks went on. Everybody left.\n")
    store = Store(tmp_path / "s.jsonl")
    results = list(ingest(iter_inputs([a, str(bad), c]), store, strict=True))
    assert [r.status for r in results] == ["added", "failed"]
    assert [r["source"] for r in store_lines(tmp_path / "s.jsonl")] == [a]


def test_results_follow_input_order_across_commit_batches(tmp_path: Path) -> None:
    paths = [
        _write(tmp_path, f"{i:03d}.txt", f"Report {i}\n\nDelegation {i} met. It agreed.\n")
        for i in range(150)
    ]
    results = list(ingest(iter_inputs(paths), Store(tmp_path / "s.jsonl"), commit_every=16))
    assert [r.source for r in results] == paths
    assert [r["source"] for r in store_lines(tmp_path / "s.jsonl")] == paths


def test_cli_three_outlets_three_records_and_the_manifest_outlets_stay(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    outlets = ["alpha.example", "beta.example", "gamma.example"]
    body = "Pier closed\n\nThe harbour authority closed the pier on Monday. Crews moved boats.\n"
    for outlet in outlets:
        _write(tmp_path, f"{outlet}.txt", body)
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("".join(f"{o}.txt: {{outlet: {o}}}\n" for o in outlets), encoding="utf-8")
    paths = [str(tmp_path / f"{o}.txt") for o in outlets]
    args = ["ingest", *paths, "-s", str(tmp_path / "s.jsonl"), "--no-nlp", "-f", "jsonl"]
    first = CliRunner().invoke(app, [*args, "--manifest", str(manifest)])
    assert first.exit_code == 0, first.stderr
    rows = [json.loads(line) for line in first.stdout.splitlines()]
    assert [(r["status"], r["outlet"]) for r in rows] == [("added", o) for o in outlets]
    again = CliRunner().invoke(app, args)  # no manifest this time
    assert again.exit_code == 0, again.stderr
    assert [
        (r["status"], r["id"], r["outlet"]) for r in map(json.loads, again.stdout.splitlines())
    ] == [("unchanged", r["id"], r["outlet"]) for r in rows]
    records = store_lines(tmp_path / "s.jsonl")
    assert [r["outlet"] for r in records] == outlets
    assert len({r["text_hash"] for r in records}) == 1
