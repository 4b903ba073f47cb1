"""Entities on the seeds (the issue's done-when items), the library pieces, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ukpeace_cli import entities as ent
from ukpeace_cli.cli import app
from ukpeace_cli.errors import ConfigError
from ukpeace_cli.store import Store

runner = CliRunner()


def records(path: Path) -> list[dict[str, Any]]:
    return list(Store(path).iter_records())


def report_rows(path: Path, table: dict[str, Any] | None = None, **filters: Any) -> list[dict]:
    table = table if table is not None else ent.load_aliases()
    return ent.build_report(records(path), table, ent.Filters(**filters)).rows()


def row(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [r for r in rows if r["name"] == name]
    assert len(found) == 1, f"{name!r}: {len(found)} rows"
    return found[0]


def without(table: dict[str, Any], *names: str) -> dict[str, Any]:
    return {"entities": [e for e in table["entities"] if e["name"] not in names]}


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# --- done-when items on the seeds ------------------------------------------------------------


def test_one_donald_trump_row_across_all_five(seed_store_path: Path) -> None:
    rows = report_rows(seed_store_path)
    trump = row(rows, "Donald Trump")
    assert trump["label"] == "PERSON"
    assert trump["articles"] == 5
    assert len(trump["outlets"]) == 5
    assert set(trump["variants"]) == {"Trump", "Donald Trump"}
    assert trump["descriptors"]["dailymail.co.uk"] == ["US president-elect"]
    assert sorted(trump["descriptors"]["novinite.com"]) == [
        "President-elect",
        "U.S. President-elect",
    ]
    assert not [r for r in rows if "Trump" in r["name"] and r["name"] != "Donald Trump"]


def test_trump_mentions_with_titles_map_to_the_one_entity(seed_store_path: Path) -> None:
    recs = records(seed_store_path)
    resolver = ent.Resolver.build(recs, ent.load_aliases())
    by_text = {m["text"]: m["entity"] for m in ent.mention_rows(recs, resolver)}
    for text in (
        "Trump",
        "Donald Trump",
        "US president-elect Donald Trump",
        "U.S. President-elect Donald Trump",
        "President-elect Trump",
        "US President Donald Trump",
    ):
        assert by_text[text] == "Donald Trump", text


def test_barrot_spellings_one_entity(seed_store_path: Path) -> None:
    barrot = row(report_rows(seed_store_path), "Jean-Noël Barrot")
    assert set(barrot["variants"]) == {"Jean-Noël Barrot", "Jean-Noel Barrot", "Barrot"}
    assert barrot["variants"]["Jean-Noel Barrot"] == {"dailymail.co.uk": 1}
    assert barrot["articles"] == 4
    assert {d for ds in barrot["descriptors"].values() for d in ds} == {"French Foreign Minister"}


def test_barrot_merges_without_alias_entry(seed_store_path: Path) -> None:
    # Level 3 (surname in article) + level 4 (accent fold), no help from the alias file.
    table = without(ent.load_aliases(), "Jean-Noël Barrot")
    rows = report_rows(seed_store_path, table)
    barrot = [r for r in rows if "Barrot" in r["name"]]
    assert [r["name"] for r in barrot] == ["Jean-Noël Barrot"]
    assert barrot[0]["mentions"] == 6


def test_matulionis_one_entity(seed_store_path: Path) -> None:
    m = row(report_rows(seed_store_path), "Deividas Matulionis")
    assert m["variants"] == {
        "Deividas Matulionis": {"novinite.com": 1},
        "Deyvidas Matulionis": {"004_1e520945f68134c3": 1},
    }


def test_matulionis_merges_by_transliteration_fold_alone(seed_store_path: Path) -> None:
    table = without(ent.load_aliases(), "Deividas Matulionis")
    rows = [r for r in report_rows(seed_store_path, table) if "Matulionis" in r["name"]]
    assert len(rows) == 1 and rows[0]["mentions"] == 2


def test_lamy_is_suggested_for_lammy_not_merged(seed_store_path: Path) -> None:
    # The packaged table knows no people: the user's alias file naming the person decides which
    # spelling is the canonical one.
    user = {"entities": [{"name": "David Lammy", "label": "PERSON"}]}
    report = ent.build_report(records(seed_store_path), ent.merge_tables(ent.load_aliases(), user))
    names = {r["name"] for r in report.rows()}
    assert {"David Lamy", "David Lammy"} <= names
    found = ent.suggestions(report)
    lamy = [s for s in found if s["variant"] == "David Lamy"]
    assert len(lamy) == 1
    s = lamy[0]
    assert s["canonical"] == "David Lammy"
    assert s["evidence"] == "doubled letter"
    assert s["levenshtein"] == 1
    assert s["variant_outlets"] == ["novinite.com"]
    assert "British Foreign Secretary David Lamy" in s["variant_context"]
    assert s["accept"] == "David Lamy=David Lammy"


def test_boris_johnson_and_pistorius_never_merged(seed_store_path: Path) -> None:
    for table in (ent.load_aliases(), {"entities": []}):
        rows = report_rows(seed_store_path, table, labels=frozenset({"PERSON"}))
        names = {r["name"] for r in rows}
        assert {"Boris Johnson", "Boris Pistorius"} <= names
        report = ent.build_report(records(seed_store_path), table)
        pairs = {(s["variant"], s["canonical"]) for s in ent.suggestions(report)}
        assert not {p for p in pairs if "Boris" in p[0] and "Boris" in p[1]}


def test_radio_liberty_one_outlet_entity(seed_store_path: Path) -> None:
    # No table entry: "RFE/RL" is defined in brackets in 000, "Radio Liberty" is one half of the
    # slashed full name, linked across the story; the kind comes only from an alias file.
    rferl = row(report_rows(seed_store_path), "Radio Free Europe/Radio Liberty")
    assert rferl["label"] == "ORG" and rferl["kind"] is None
    assert {"Radio Liberty", "RFE/RL", "Radio Free Europe/Radio Liberty"} <= set(rferl["variants"])
    assert rferl["articles"] == 4  # 002 does not cite it
    assert not [r for r in report_rows(seed_store_path) if r["name"] == "Radio Liberty"]
    user = {
        "entities": [{"name": "Radio Free Europe/Radio Liberty", "label": "ORG", "kind": "outlet"}]
    }
    table = ent.merge_tables(ent.load_aliases(), user)
    assert (
        row(report_rows(seed_store_path, table), "Radio Free Europe/Radio Liberty")["kind"]
        == "outlet"
    )


def test_descriptor_stripping_on_seeds(seed_records: dict[str, dict[str, Any]]) -> None:
    def people(key: str) -> list[tuple[str, str, str | None]]:
        ents = seed_records[key]["nlp"]["entities"]
        return [(m["text"], m["name"], m["descriptor"]) for m in ents if m["label"] == "PERSON"]

    assert ("US president-elect Donald Trump", "Donald Trump", "US president-elect") in people(
        "000"
    )
    assert ("Dr Russell Foster", "Russell Foster", "Dr") in people("000")
    assert (
        "UK Prime Minister Sir Keir Starmer",
        "Keir Starmer",
        "UK Prime Minister",
    ) in people("002")
    # 003 never gives Peskov's full name; 004 spells Matulionis its own way (merged across
    # articles by the transliteration fold, not here).
    assert ("Putin's spokesperson Peskov", "Peskov", "Putin's spokesperson") in people("003")
    assert (
        "Lithuanian Ambassador to NATO, Deyvidas Matulionis",
        "Deyvidas Matulionis",
        "Lithuanian Ambassador to NATO",
    ) in people("004")
    # A modifier alone ("the incoming Trump administration", "under Putin") is no title.
    assert all(d is None for t, _n, d in people("000") if t in ("Trump", "Putin"))


def test_mention_offsets_point_at_their_text(seed_records: dict[str, dict[str, Any]]) -> None:
    for rec in seed_records.values():
        for m in rec["nlp"]["entities"]:
            assert rec["text"][m["start"] : m["end"]] == m["text"]
            assert m["label"] in ent.LABELS
            assert set(m) == {
                "text", "label", "start", "end", "name", "descriptor", "ambiguous", "kind"
            }  # fmt: skip


def test_junk_entities_dropped(seed_records: dict[str, dict[str, Any]]) -> None:
    texts = {m["text"] for r in seed_records.values() for m in r["nlp"]["entities"]}
    assert not {"kefir", "us", "Lieutenant General", "Defense", "the “"} & texts
    assert "Le Monde" in texts


# --- in-article linking and ambiguity ----------------------------------------------------------


def test_surname_ambiguous_between_two_full_names(pipeline: Any) -> None:
    text = (
        "Donald Trump spoke on Monday. Donald Trump Jr. spoke on Tuesday. "
        "Later Trump said the talks would go on."
    )
    doc = pipeline.nlp(text)
    ms = ent.article_mentions(doc, {"text": text})
    people = [(m.text, m.name, m.ambiguous) for m in ms if m.label == "PERSON"]
    assert ("Trump", "Trump", True) in people
    assert ("Donald Trump", "Donald Trump", False) in people


def test_surname_links_to_the_one_full_name(pipeline: Any) -> None:
    text = "Foreign minister Anna Kowalczyk met Boris Pistorius. Kowalczyk said little."
    doc = pipeline.nlp(text)
    ms = ent.article_mentions(doc, {"text": text})
    named = {m.text: (m.name, m.descriptor) for m in ms if m.label == "PERSON"}
    assert named["Kowalczyk"] == ("Anna Kowalczyk", None)
    assert named["Foreign minister Anna Kowalczyk"] == ("Anna Kowalczyk", "Foreign minister")


def test_trump_tower_is_a_place(pipeline: Any) -> None:
    text = "Protesters gathered outside Trump Tower in New York on Sunday."
    ms = ent.article_mentions(pipeline.nlp(text), {"text": text})
    tower = [m for m in ms if "Tower" in m.text]
    assert [(m.text, m.label) for m in tower] == [("Trump Tower", "FAC")]
    assert not [m for m in ms if m.name == "Donald Trump"]


# --- library: alias files, outlet labels, resolver ---------------------------------------------


def test_outlet_label_falls_back_to_source_stem() -> None:
    assert ent.outlet_label({"outlet": "novinite.com", "source": "x/001.txt"}) == "novinite.com"
    assert ent.outlet_label({"outlet": None, "source": "data/seeds/002_ab.txt"}) == "002_ab"
    assert ent.outlet_label({"outlet": None, "source": "-", "id": "abc"}) == "abc"


def test_user_alias_file_merges_over_packaged(tmp_path: Path) -> None:
    user = tmp_path / "a.yaml"
    user.write_text(
        "entities:\n"
        "  - {name: Amara Okafor, label: PERSON, variants: [Amara Okafur]}\n"
        "  - {name: Anna Kowalczyk, label: PERSON, aliases: [Kowalczyk]}\n"
        "  - {name: Alpine Press Foundation, label: ORG, aliases: [APF, AFP], kind: other}\n"
        "  - {name: Russia, label: GPE, variants: [Rossia]}\n",
        encoding="utf-8",
    )
    table = ent.load_aliases(str(user))
    index = ent.AliasIndex(table)
    assert index.lookup("amara okafur").name == "Amara Okafor"
    assert index.lookup("Kowalczyk").name == "Anna Kowalczyk"
    # The user's variant extends the packaged country; its packaged spellings are kept.
    assert index.lookup("Russian Federation").name == index.lookup("Rossia").name == "Russia"
    # A form the user gives to another entity is taken away from the packaged one.
    assert index.lookup("AFP").name == "Alpine Press Foundation"
    assert index.lookup("Agence France Presse").name == "Agence France-Presse"


def test_default_user_alias_file_is_read(tmp_path: Path) -> None:
    path = ent.default_user_aliases_path()
    path.parent.mkdir(parents=True)
    path.write_text("entities: [{name: Kier Starmer, label: PERSON}]\n", encoding="utf-8")
    assert ent.AliasIndex(ent.load_aliases()).lookup("Kier Starmer") is not None


@pytest.mark.parametrize(
    "content, message",
    [
        ("entities: [\n", "not valid YAML"),
        ("- just a list\n", "`entities:` list"),
        ("entities: [{name: X}]\n", "needs a `name` and a `label`"),
        ("entities: [{name: X, label: PEOPLE}]\n", "unknown label"),
    ],
)
def test_bad_alias_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        ent.load_aliases(str(path))
    assert str(path) in str(info.value)


def test_missing_explicit_alias_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        ent.load_aliases(str(tmp_path / "nope.yaml"))


def test_ruler_patterns_carry_ids_and_accent_free_forms() -> None:
    user = {
        "entities": [
            {"name": "Élysée Palace", "label": "FAC"},
            {"name": "Amara Okafor", "label": "PERSON", "aliases": ["Okafor"]},
        ]
    }
    pats = ent.ruler_patterns(ent.merge_tables(ent.load_aliases(), user))
    forms = {(_hashable(p["pattern"]), p["id"], p["label"]) for p in pats}
    assert ("Elysee Palace", "Élysée Palace", "FAC") in forms
    assert ("Agence France Presse", "Agence France-Presse", "ORG") in forms
    # Abbreviations in capitals are matched as written ("un", "ap" are words of running text).
    assert ((("ORTH", "AFP"),), "Agence France-Presse", "ORG") in forms
    # People are never matched before NER (a surname alias would claim other people's names).
    assert not [p for p in pats if p["label"] == "PERSON"]
    # Nor the gazetteer's countries ("Export Development Canada", "Jordan", "us").
    assert not [f for f in forms if f[2] == "GPE"]


def _hashable(pattern: Any) -> Any:
    return pattern if isinstance(pattern, str) else tuple(next(iter(t.items())) for t in pattern)


def _store_of(names: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """One synthetic article per (name, label), as stored mentions."""
    recs = []
    for i, (name, label) in enumerate(names):
        m = ent.Mention(name, label, 0, len(name), name)
        recs.append(
            {"id": f"a{i}", "outlet": f"o{i}", "text": name, "nlp": {"entities": [vars(m)]}}
        )
    return recs


def test_hard_negative_blocks_a_fold_merge() -> None:
    # "Valery Smith" and "Valerii Smith" fold together, unless the alias file says "not".
    recs = _store_of([("Valery Smith", "PERSON"), ("Valerii Smith", "PERSON")])
    merged = ent.Resolver.build(recs, {"entities": []})
    assert merged.canonical("Valery Smith") == merged.canonical("Valerii Smith")
    table = {
        "entities": [
            {"name": "Valery Smith", "label": "PERSON", "not": ["Valerii Smith"]},
        ]
    }
    apart = ent.Resolver.build(recs, table)
    assert apart.canonical("Valery Smith", "PERSON") == "Valery Smith"
    assert apart.canonical("Valerii Smith", "PERSON") == "Valerii Smith"


def test_resolver_canonical_for_unseen_names() -> None:
    r = ent.Resolver.build(_store_of([("Jean-Noël Barrot", "PERSON")]), {"entities": []})
    assert r.canonical("Jean-Noel Barrot", "PERSON") == "Jean-Noël Barrot"
    assert r.canonical("Foreign Minister Jean Noel Barrot") == "Jean-Noël Barrot"
    assert r.canonical("Somebody Else") == "Somebody Else"
    assert r.members("Jean-Noël Barrot") == ["Jean-Noël Barrot"]


def test_record_decision_writes_yaml_and_refuses_hard_negatives(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "aliases.yaml"
    out = ent.record_decision(path, "David Lamy", "David Lammy", "PERSON")
    assert out["decision"] == "accepted"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data == {
        "entities": [{"name": "David Lammy", "label": "PERSON", "variants": ["David Lamy"]}]
    }
    ent.record_decision(path, "David Lamy", "David Lammy", "PERSON")  # idempotent
    assert yaml.safe_load(path.read_text("utf-8")) == data
    ent.record_decision(path, "Boris Pistorius", "Boris Johnson", "PERSON", reject=True)
    with pytest.raises(Exception, match="hard negative"):
        ent.record_decision(path, "Boris Pistorius", "Boris Johnson", "PERSON")


# --- CLI ---------------------------------------------------------------------------------------


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["entities", *args])


def test_cli_jsonl_top_and_order(seed_store_path: Path) -> None:
    res = invoke("-s", str(seed_store_path), "-f", "jsonl", "--top", "5")
    assert res.exit_code == 0, res.stderr
    rows = jsonl(res.stdout)
    assert [r["name"] for r in rows] == ["Ukraine", "Russia", "Donald Trump", "NATO", "European"]
    assert list(rows[0]) == [
        "name", "label", "kind", "mentions", "articles", "outlets", "variants", "descriptors",
        "first_outlet", "first_published",
    ]  # fmt: skip
    again = invoke("-s", str(seed_store_path), "-f", "jsonl", "--top", "5")
    assert again.stdout == res.stdout


def test_cli_filters(seed_store_path: Path) -> None:
    s = str(seed_store_path)
    res = invoke("-s", s, "-f", "jsonl", "--label", "PERSON", "--outlet", "novinite.com")
    names = [r["name"] for r in jsonl(res.stdout)]
    assert names[:3] == ["Donald Trump", "Mark Rutte", "Jean-Noël Barrot"]
    # Then one mention each, A-Z; 001 writes only "Starmer", linked to the story's full name.
    assert names[3:6] == ["David Lamy", "Deividas Matulionis", "Keir Starmer"]
    assert "David Lamy" in names and "Vladimir Putin" not in names
    res = invoke("-s", s, "-f", "jsonl", "--article", "004", "--label", "person,org")
    rows = jsonl(res.stdout)
    assert {r["label"] for r in rows} == {"PERSON", "ORG"}
    assert row(rows, "Radio Free Europe/Radio Liberty")["mentions"] == 4
    res = invoke("-s", s, "-f", "jsonl", "--min-mentions", "20")
    assert [r["name"] for r in jsonl(res.stdout)] == [
        "Ukraine", "Russia", "Donald Trump", "NATO", "European", "United States",
    ]  # fmt: skip


def test_cli_by_outlet_matrix(seed_store_path: Path) -> None:
    res = invoke("-s", str(seed_store_path), "-f", "jsonl", "--by-outlet", "--label", "PERSON")
    assert res.exit_code == 0
    rows = jsonl(res.stdout)
    lammy = row(rows, "David Lammy")
    assert lammy["003_a1e1d91c46314945"] == 1 and lammy["novinite.com"] == 0
    trump = row(rows, "Donald Trump")
    assert sum(v for k, v in trump.items() if k not in ("name", "label", "mentions")) == 27


def test_cli_mentions_with_sentences(seed_store_path: Path) -> None:
    res = invoke(
        "-s", str(seed_store_path), "-f", "jsonl", "--mentions", "--article", "001",
        "--label", "PERSON",
    )  # fmt: skip
    rows = jsonl(res.stdout)
    lamy = [r for r in rows if r["text"].endswith("David Lamy")]
    assert lamy[0]["entity"] == "David Lamy"
    assert lamy[0]["descriptor"] == "British Foreign Secretary"
    assert lamy[0]["sentence"].startswith("Meanwhile, British Foreign Secretary David Lamy")
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_cli_suggest_accept_then_merged(seed_store: Path) -> None:
    s = str(seed_store)
    res = invoke("-s", s, "-f", "jsonl", "--suggest")
    assert res.exit_code == 0
    # One mention each: nothing in the text says which spelling is right; the user decides.
    (found,) = jsonl(res.stdout)
    assert {found["variant"], found["canonical"]} == {"David Lamy", "David Lammy"}
    res = invoke("-s", s, "-f", "jsonl", "--accept", "David Lamy=David Lammy")
    assert res.exit_code == 0, res.stderr
    path = ent.default_user_aliases_path()
    assert jsonl(res.stdout)[0]["file"] == str(path)
    assert "Accepted: David Lamy = David Lammy" in res.stderr
    assert "David Lamy" in yaml.safe_load(path.read_text("utf-8"))["entities"][0]["variants"]
    rows = jsonl(invoke("-s", s, "-f", "jsonl", "--label", "PERSON").stdout)
    lammy = row(rows, "David Lammy")
    assert lammy["mentions"] == 2 and set(lammy["variants"]) == {"David Lamy", "David Lammy"}
    assert not [r for r in rows if r["name"] == "David Lamy"]
    assert invoke("-s", s, "-f", "jsonl", "--suggest").stdout == ""


def test_cli_reject_silences_a_suggestion(seed_store: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    s = str(seed_store)
    res = invoke("-s", s, "--aliases", str(mine), "--reject", "David Lamy=David Lammy")
    assert res.exit_code == 0, res.stderr
    assert yaml.safe_load(mine.read_text("utf-8"))["entities"][0]["not"] == ["David Lamy"]
    res = invoke("-s", s, "--aliases", str(mine), "-f", "jsonl", "--suggest")
    assert res.stdout == ""


def test_cli_table_output(seed_store_path: Path) -> None:
    res = invoke("-s", str(seed_store_path), "-f", "table", "--label", "PERSON", "--top", "3")
    assert res.exit_code == 0
    assert "Donald Trump" in res.stdout and "Trump ×19 (4 outlets)" in res.stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--label", "PEOPLE"], 2, "unknown entity label"),
        (["--outlet", "nowhere.example"], 3, "No entity matched"),
        (["--suggest", "--by-outlet"], 2, "use one of"),
        (["--accept", "David Lamy"], 2, "VARIANT=CANONICAL"),
    ],
)
def test_cli_errors(seed_store_path: Path, args: list[str], code: int, message: str) -> None:
    res = invoke("-s", str(seed_store_path), "-f", "jsonl", *args)
    assert res.exit_code == code
    assert message in res.stderr


def test_cli_accept_refuses_a_hard_negative(seed_store_path: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "entities: [{name: Boris Johnson, label: PERSON, not: [Boris Pistorius]}]\n", "utf-8"
    )
    res = invoke(
        "-s", str(seed_store_path), "--aliases", str(mine), "--accept",
        "Boris Pistorius=Boris Johnson",
    )  # fmt: skip
    assert res.exit_code == 2
    assert "hard negative" in res.stderr


def test_cli_missing_store(tmp_path: Path) -> None:
    res = invoke("-s", str(tmp_path / "none.jsonl"))
    assert res.exit_code == 5
    assert res.stderr.startswith("Error: no article store here")


def _article(i: int, outlet: str, *names: str, published: str | None = None) -> dict[str, Any]:
    text = ". ".join(names)
    ents, pos = [], 0
    for n in names:
        ents.append(vars(ent.Mention(n, "PERSON", pos, pos + len(n), n)))
        pos += len(n) + 2
    return {
        "id": f"id{i}",
        "outlet": outlet,
        "published": published,
        "text": text,
        "nlp": {"entities": ents, "sentences": [[0, len(text)]]},
    }


def test_two_spellings_in_one_article_count_it_once() -> None:
    recs = [
        _article(0, "a.example", "Deividas Matulionis", "Deyvidas Matulionis"),
        _article(1, "b.example", "Deividas Matulionis", published="2024-12-01T10:00:00+00:00"),
    ]
    (r,) = ent.build_report(recs, {"entities": []}).rows()
    assert (r["name"], r["mentions"], r["articles"]) == ("Deividas Matulionis", 3, 2)
    assert r["variants"] == {
        "Deividas Matulionis": {"a.example": 1, "b.example": 1},
        "Deyvidas Matulionis": {"a.example": 1},
    }
    # First seen: the earliest dated article; undated ones come after.
    assert (r["first_outlet"], r["first_published"]) == ("b.example", "2024-12-01T10:00:00+00:00")


def test_ambiguous_mentions_get_their_own_row() -> None:
    rec = _article(0, "a.example", "Donald Trump", "Donald Trump Jr.", "Trump")
    rec["nlp"]["entities"][2]["ambiguous"] = True
    names = [r["name"] for r in ent.build_report([rec], ent.load_aliases()).rows()]
    assert sorted(names) == ["Donald Trump", "Donald Trump Jr.", "Trump (ambiguous)"]


def test_filters_do_not_change_canonical_names() -> None:
    # The resolver sees every article, so a filtered view names entities the same way.
    recs = [
        _article(0, "a.example", "Jean-Noel Barrot"),
        _article(1, "b.example", "Jean-Noël Barrot", "Jean-Noël Barrot"),
    ]
    rows = ent.build_report(recs, {"entities": []}, ent.Filters(outlets=frozenset({"a.example"})))
    assert [(r["name"], r["mentions"]) for r in rows.rows()] == [("Jean-Noël Barrot", 1)]


def test_cli_csv_has_every_field(seed_store_path: Path) -> None:
    import csv
    import io

    res = invoke("-s", str(seed_store_path), "-f", "csv", "--label", "ORG", "--top", "2")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["name"] for r in rows] == ["NATO", "Radio Free Europe/Radio Liberty"]
    assert rows[0]["kind"] == "international"  # the packaged table's kind
    assert json.loads(rows[1]["variants"])["RFE/RL"] == {"dailymail.co.uk": 1}


def test_cli_pipe_closed_early_ends_quietly(seed_store_path: Path) -> None:
    import subprocess
    import sys

    cmd = f"{sys.executable} -m ukpeace_cli entities -s {seed_store_path} --mentions | head -1"
    res = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60)
    assert json.loads(res.stdout)["entity"]
    assert res.stderr == ""


def test_resolver_never_resolves_an_ambiguous_mention() -> None:
    user = {"entities": [{"name": "Donald Trump", "label": "PERSON", "aliases": ["Trump"]}]}
    r = ent.Resolver.build([], ent.merge_tables(ent.load_aliases(), user))
    assert r.canonical("Trump", "PERSON") == "Donald Trump"
    assert r.canonical("Trump", "PERSON", ambiguous=True) == "Trump (ambiguous)"


def test_role_words_alone_are_junk_but_not_armies(pipeline: Any) -> None:
    text = "A Lieutenant General said the Army and the Air Force would help."
    ms = ent.article_mentions(pipeline.nlp(text), {"text": text})
    assert "Lieutenant General" not in {m.text for m in ms}


def test_descriptor_stops_at_a_dateline_dash(pipeline: Any) -> None:
    text = "Reuters WASHINGTON - President Donald Trump said on Monday he would go."
    ms = ent.article_mentions(pipeline.nlp(text), {"text": text})
    trump = [m for m in ms if m.name == "Donald Trump"]
    assert [(m.text, m.descriptor) for m in trump] == [("President Donald Trump", "President")]


def test_cli_mentions_of_the_top_entities(seed_store_path: Path) -> None:
    res = invoke(
        "-s", str(seed_store_path), "-f", "jsonl", "--mentions", "--label", "PERSON", "--top", "1"
    )  # fmt: skip
    rows = jsonl(res.stdout)
    assert {r["entity"] for r in rows} == {"Donald Trump"} and len(rows) == 27


# --- names from the text: short forms linked after NER (names/link.py) ---------------------------


def _people_and_orgs(pipeline: Any, text: str) -> list[tuple[str, str, str, bool]]:
    ms = ent.article_mentions(pipeline.nlp(text), {"text": text})
    return [(m.text, m.label, m.name, m.ambiguous) for m in ms if m.label in ("PERSON", "ORG")]


def test_organisation_short_forms_link_to_the_full_name(pipeline: Any) -> None:
    text = (
        "Radio Free Northland/Radio Northland (RFN/RN) reported on Monday that talks stalled. "
        "Radio Northland said the delegation left. RFN/RN added that nothing was signed."
    )
    got = _people_and_orgs(pipeline, text)
    full = "Radio Free Northland/Radio Northland"
    assert ("Radio Northland", "ORG", full, False) in got
    # NER misses the bracketed short form; the definition vouches for both of its uses.
    assert [g for g in got if g[0] == "RFN/RN"] == [("RFN/RN", "ORG", full, False)] * 2


def test_organisation_tail_links_only_when_one_name_fits(pipeline: Any) -> None:
    one = "The Freedonian Defence Ministry said on Tuesday it had no comment. "
    two = "The Ruritanian Defence Ministry disagreed. "
    tail = "The Defence Ministry later issued a statement."
    got = _people_and_orgs(pipeline, one + tail)
    assert ("The Defence Ministry", "ORG", "Freedonian Defence Ministry", False) in got
    got = _people_and_orgs(pipeline, one + two + tail)
    assert ("The Defence Ministry", "ORG", "Defence Ministry", False) in got


def test_surname_ner_missed_is_found_and_linked(pipeline: Any) -> None:
    text = (
        'General Amara Okafor spoke to reporters. "We are ready," Okafor said. Okafor is a veteran.'
    )
    got = _people_and_orgs(pipeline, text)
    assert [g for g in got if g[0] == "Okafor"] == [("Okafor", "PERSON", "Amara Okafor", False)] * 2
    # A common word that is also the surname, opening a sentence, is not taken for the person.
    text = "Jane Green leads the party. Green energy is cheap, she said. Later, Green said so."
    ms = ent.article_mentions(pipeline.nlp(text), {"text": text})
    assert [m.start for m in ms if m.text == "Green"] == [text.index("Green said")]


def test_a_surname_shared_by_two_people_is_not_added_or_linked(pipeline: Any) -> None:
    text = "Hunter Vale met Joe Vale in Paris. Vale said the meeting went well."
    got = _people_and_orgs(pipeline, text)
    assert ("Hunter Vale", "PERSON", "Hunter Vale", False) in got
    assert all(g[2] in ("Hunter Vale", "Joe Vale") or g[3] for g in got if "Vale" in g[0])


def test_surnames_and_short_forms_link_across_the_story() -> None:
    recs = _store_of(
        [
            ("Amara Okafor", "PERSON"),
            ("Okafor", "PERSON"),
            ("Radio Free Northland/Radio Northland", "ORG"),
            ("Radio Northland", "ORG"),
            ("RFN", "ORG"),
        ]
    )
    r = ent.Resolver.build(recs, {"entities": []})
    assert r.canonical("Okafor", "PERSON") == "Amara Okafor"
    full = "Radio Free Northland/Radio Northland"
    # The full name is the canonical even when a short form is mentioned more often.
    assert r.canonical("Radio Northland", "ORG") == r.canonical("RFN", "ORG") == full
    both = ent.Resolver.build([*recs, *_store_of([("Chidi Okafor", "PERSON")])], {"entities": []})
    assert both.canonical("Okafor", "PERSON") == "Okafor"


def test_a_surname_the_model_calls_an_organisation_is_relabelled() -> None:
    from ukpeace_cli.names.link import relabel_surnames

    full = ent.Mention("Amara Okafor", "PERSON", 0, 12, "Amara Okafor")
    short = ent.Mention("Okafor", "ORG", 20, 26, "Okafor")
    firm = ent.Mention("Okafor", "ORG", 40, 46, "Okafor Foods")  # a longer ORG uses the word
    relabel_surnames([(full, "Amara Okafor"), (short, "Okafor")])
    assert short.label == "PERSON"
    other = ent.Mention("Okafor", "ORG", 20, 26, "Okafor")
    relabel_surnames([(full, "Amara Okafor"), (other, "Okafor"), (firm, "Okafor Foods")])
    assert other.label == "ORG"


def test_a_countrys_ministry_is_named_with_its_adjective(pipeline: Any) -> None:
    # The packaged table gives Russia's adjective; other outlets write "Russian Defence Ministry".
    text = "Russia's Defence Ministry said on Friday it had no comment. Russia's Gazprom declined."
    got = _people_and_orgs(pipeline, text)
    assert ("Defence Ministry", "ORG", "Russian Defence Ministry", False) in got
    assert not [g for g in got if g[2].startswith("Russian Gazprom")]
    # The small model tags "Ukraine" here but not the ministry: the mention is still made.
    text = "Earlier, Ukraine’s Foreign Ministry reiterated that only full membership would do."
    got = _people_and_orgs(pipeline, text)
    assert ("Foreign Ministry", "ORG", "Ukrainian Foreign Ministry", False) in got


def test_the_ministry_links_to_the_one_ministry_named(pipeline: Any) -> None:
    text = (
        "The Ministry of Defence said on Monday that the drills would go ahead. "
        "The ministry added that no troops would move."
    )
    got = _people_and_orgs(pipeline, text)
    assert ("ministry", "ORG", "Ministry of Defence", False) in got
    two = "The Freedonian Defence Ministry and the Ruritanian Defence Ministry met. "
    got = _people_and_orgs(pipeline, two + "The ministry said nothing.")
    assert not [g for g in got if g[0] == "ministry"]
