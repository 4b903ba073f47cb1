"""The evaluation scripts' own machinery (bench/): the fixed dev/test splits, finding the shared
scorer from any checkout, and the strict figures read from the scorer's counts. No external data
is needed: the layouts and ids here are synthetic."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import eval_quotes  # noqa: E402
import eval_semeval  # noqa: E402
import splits  # noqa: E402

REL = "eval/quotes/eval_quotes.py"


# --- splits ------------------------------------------------------------------------------------


@given(st.text(min_size=1, max_size=40))
def test_split_is_the_parity_of_the_ids_sha256(item_id: str) -> None:
    even = int(hashlib.sha256(item_id.encode("utf-8")).hexdigest(), 16) % 2 == 0
    assert splits.hash_split(item_id) == ("dev" if even else "test")


def test_split_values_are_pinned() -> None:
    # a change of rule would silently move articles between dev and test: pin a few
    got = {i: splits.hash_split(i) for i in ("a", "b", "c", "d", "1484188861_1483842637")}
    assert got == {
        "a": "test",
        "b": "test",
        "c": "dev",
        "d": "dev",
        "1484188861_1483842637": "test",
    }


def test_both_halves_near_half() -> None:
    ids = [f"article-{n}" for n in range(1000)]
    dev = sum(splits.hash_split(i) == "dev" for i in ids)
    assert 440 <= dev <= 560


def test_polnear_files_keep_their_published_split() -> None:
    assert splits.split_of("b", "/x/polnear_test.jsonl") == "test"
    assert splits.split_of("a", "/x/polnear_dev.jsonl") == "dev"
    assert splits.split_of("a", "/x/ggt_eval.jsonl") == "test"  # the hash rule
    rows = ["A", "B", "C", "D"]
    assert splits.select(rows, ["a", "b", "c", "d"], "ggt.jsonl", "dev") == ["C", "D"]
    assert splits.select(rows, ["a", "b", "c", "d"], "ggt.jsonl", "all") == rows
    assert splits.select(rows, ["a", "b", "c", "d"], "polnear_test.jsonl", "dev") == []


def test_semeval_pairs_split_by_pair_id() -> None:
    rows = [{"pair_id": i} for i in ("a", "b", "c", "d")]
    assert eval_semeval.split_rows(rows, "dev") == [2, 3]
    assert eval_semeval.split_rows(rows, "test") == [0, 1]
    assert eval_semeval.split_rows(rows, "all") == [0, 1, 2, 3]


# --- finding the shared scorer -----------------------------------------------------------------


def _scorer_under(folder: Path) -> Path:
    path = folder / "shared" / REL
    path.parent.mkdir(parents=True)
    path.write_text("# scorer\n")
    return path


def test_scorer_beside_the_clone(tmp_path: Path) -> None:
    scorer = _scorer_under(tmp_path)
    (tmp_path / "clone").mkdir()
    assert splits.find_shared(REL, root=tmp_path / "clone") == scorer


def test_scorer_beside_a_folder_above_the_clone(tmp_path: Path) -> None:
    # a clone two levels down (e.g. a worktrees folder) still finds it
    scorer = _scorer_under(tmp_path)
    root = tmp_path / "wt" / "branch"
    root.mkdir(parents=True)
    assert splits.find_shared(REL, root=root) == scorer


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_scorer_beside_the_main_checkout_of_a_worktree(tmp_path: Path) -> None:
    scorer = _scorer_under(tmp_path / "project")
    main, elsewhere = tmp_path / "project" / "main", tmp_path / "elsewhere" / "wt"
    main.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(main)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    subprocess.run([*git, "worktree", "add", "-q", str(elsewhere)], check=True)
    assert splits.find_shared(REL, root=elsewhere) == scorer


def test_scorer_flag_and_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "my_scorer.py"
    mine.write_text("# mine\n")
    root = tmp_path / "clone"
    root.mkdir()
    assert splits.find_shared(REL, str(mine), "X_SCORER", root=root) == mine
    monkeypatch.setenv("X_SCORER", str(mine))
    assert splits.find_shared(REL, None, "X_SCORER", root=root) == mine
    monkeypatch.setenv("X_SCORER", str(tmp_path / "gone.py"))
    with pytest.raises(FileNotFoundError, match=r"gone\.py: not found \(given by X_SCORER\)"):
        splits.find_shared(REL, None, "X_SCORER", root=root)


def test_scorer_absent_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "clone"
    root.mkdir()
    with pytest.raises(FileNotFoundError, match=r"shared/eval/quotes/eval_quotes.py: not found"):
        splits.find_shared(REL, root=root)


def test_eval_quotes_exits_2_naming_a_missing_scorer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("")
    code = eval_quotes.main([str(gold), "--scorer", str(tmp_path / "none.py")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "none.py: not found" in err


# --- strict figures ----------------------------------------------------------------------------


def test_strict_figures_from_the_scorers_counts() -> None:
    counts = {
        th: {
            "gold": 100,
            "predicted": 80,
            "matched": 70,
            "matched_strict_spans": 60,
            "speaker_strict_ok": 56,
        }
        for th in ("0.3", "0.8")
    }
    f = eval_quotes.strict_figures(counts)["0.3"]
    assert (f["span_p"], f["span_r"]) == (0.75, 0.6)
    assert f["span_f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert f["speaker"] == 0.8  # on the ordinary matches, as the scorer counts it
    assert (f["qs_p"], f["qs_r"]) == (0.7, 0.56)


def test_run_scorer_reads_its_json_line(tmp_path: Path) -> None:
    fake = tmp_path / "scorer.py"
    out = {"0.3": {"gold": 1}}
    fake.write_text(f"print('report')\nprint('json: ' + {json.dumps(json.dumps(out))})\n")
    counts, report = eval_quotes.run_scorer(fake, [{"id": "a"}], [{"id": "a", "quotes": []}])
    assert counts == out and report.startswith("report")


# --- the packaged alias table emptied (bench only) --------------------------------------------


def test_empty_packaged_aliases_leaves_no_table_and_no_ruler() -> None:
    from ukpeace_cli.names import aliases as entities

    original = entities.packaged_aliases_text
    assert entities.load_aliases(None)["entities"]  # the packaged table has entries
    try:
        eval_quotes.empty_packaged_aliases()
        assert entities.load_aliases(None) == {"entities": []}
        assert entities.ruler_patterns(entities.load_aliases(None)) == []
    finally:
        entities.packaged_aliases_text = original  # type: ignore[assignment]
        entities._packaged_table.cache_clear()
        entities._active_index = None
    assert entities.load_aliases(None)["entities"]


def test_demo_scorer_is_the_tests_own() -> None:
    import eval_demo

    assert eval_demo._score_seeds().__name__ == "score_seeds"


# --- the ablation harness ----------------------------------------------------------------------


def _figures(span: float, speaker: float, qs: float) -> dict[str, dict[str, float]]:
    return {"0.3": {"span_f1": span, "speaker": speaker, "qs_f1": qs}}


def test_ablation_gain_is_baseline_minus_family_off() -> None:
    import ablate

    base = {
        "figures": {"dev": _figures(0.8, 0.9, 0.7), "test": _figures(0.8, 0.9, 0.7)},
        "pred": ["a", "b", "c"],
    }
    off = {
        "figures": {"dev": _figures(0.75, 0.9, 0.72), "test": _figures(0.8, 0.85, 0.7)},
        "pred": ["a", "B", "c"],
    }
    g = ablate.gains(base, off, "0.3")
    assert g["dev_span_f1"] == pytest.approx(5.0)  # the family helps on dev spans
    assert g["dev_qs_f1"] == pytest.approx(-2.0)  # and hurts quote+speaker there
    assert g["test_speaker"] == pytest.approx(5.0)
    assert g["changed"] == 1
    same = ablate.gains(base, base, "0.3")
    assert "0 (no effect)" in ablate.render(base, {"x": same}, "0.3")


def test_ablation_sets_the_variable_for_code_families_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ablate

    seen: list[tuple[list[str], str | None]] = []

    def fake_run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        env = kw["env"]
        assert isinstance(env, dict)
        seen.append((cmd, env.get("UKPEACE_ABLATE")))
        Path(cmd[cmd.index("--pred") + 1]).write_text("{}\n")
        return subprocess.CompletedProcess(cmd, 0, '{"figures": {}}\n', "")

    monkeypatch.setattr(ablate.subprocess, "run", fake_run)
    monkeypatch.setenv("UKPEACE_ABLATE", "leftover")
    ablate.run("g.jsonl", None, None, tmp_path)
    ablate.run("g.jsonl", "roles, packaged-aliases,continuation", None, tmp_path)
    (base_cmd, base_env), (cmd, env) = seen
    assert base_env is None and "--no-packaged-aliases" not in base_cmd
    assert env == "roles,continuation" and "--no-packaged-aliases" in cmd


def test_ablation_takes_the_codes_family_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    import ablate

    monkeypatch.setitem(sys.modules, "ukpeace_cli.ablation", None)  # import fails: none yet
    assert ablate.code_families() == []
    fake = types.ModuleType("ukpeace_cli.ablation")
    fake.FAMILIES = {"roles": "role nouns to people", "continuation": "quote paragraphs"}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ukpeace_cli.ablation", fake)
    assert ablate.code_families() == ["roles", "continuation"]


# --- sets 3 and 4 of our dev sets: the cut and the labels (bench/devsets; no texts needed) ------

sys.path.insert(0, str(BENCH / "devsets"))
import cut_set  # noqa: E402
import devset  # noqa: E402

_PROSE = st.text(st.characters(categories=("L", "Zs")), min_size=1, max_size=300)


@given(st.lists(_PROSE, min_size=1, max_size=8), st.booleans())
def test_set3_cut_keeps_a_whole_page_and_ends_a_cut_one_at_a_paragraph(
    paras: list[str], dated: bool
) -> None:
    marker = " date 2023-07-16 " if dated else ""
    body = "\n\n".join(p.strip() or "x" for p in paras) + "."
    excerpt = marker + body
    start, chars, date = cut_set.cut(excerpt)
    assert start == len(marker) and date == ("2023-07-16" if dated else None)
    if len(excerpt) < cut_set.CUT_LEN:  # the page ended inside the excerpt: all of it is kept
        assert excerpt[start : start + chars] == body.rstrip()
    cut_off = excerpt + "\n\n" + "w" * cut_set.CUT_LEN + " half a wor"
    start, chars, _ = cut_set.cut(cut_off)
    assert cut_off[start : start + chars] == body.rstrip()  # the unfinished paragraph is dropped


def test_set3_labels_fit_the_recipe_and_the_split() -> None:
    recipe = devset.recipe(devset.SETS[3][0])
    labels = json.loads(devset.SETS[3][1].read_text(encoding="utf-8"))["stories"]
    ids = {a["id"] for a in recipe["articles"]}
    assert set(devset.story_of(devset.SETS[3][1])) == ids  # every text labelled, no label spare
    assert len({a["url"] for a in recipe["articles"]}) == len(ids)  # no page twice
    for sid, story in labels.items():
        assert not set(story["members"]) & set(story["hard_negatives"]), sid
        assert all(set(c) <= set(story["members"]) for c in story["copies"]), sid
    import eval_events

    halves = eval_events.set3_halves()
    assert halves["dev"] | halves["test"] == ids and not halves["dev"] & halves["test"]
    pairs = devset.story_pairs(devset.SETS[3][1])
    assert len(pairs) == len(ids) * (len(ids) - 1) // 2
    assert not any(p["same_story"] and p["hard_negative"] for p in pairs)


def test_one_cutter_takes_a_set_number_or_a_recipe_path(tmp_path: Path) -> None:
    rest, path, write = cut_set.parse(["RAW", "OUT", "--set", "4", "--write-recipe"])
    assert rest == ["RAW", "OUT"] and path == devset.SETS[4][0] and write
    rest, path, write = cut_set.parse(["--recipe", str(tmp_path / "r.json"), "RAW", "OUT"])
    assert rest == ["RAW", "OUT"] and path == tmp_path / "r.json" and not write
    assert cut_set.parse(["RAW", "OUT", "--set"])[1] is None
    assert cut_set.main(["RAW", "OUT"]) == 2  # no recipe named: usage
    assert cut_set.main([str(tmp_path), str(tmp_path), "--set", "9"]) == 2  # no such set


def test_cutter_cuts_a_recipe_from_raw_answers(tmp_path: Path) -> None:
    """A recipe and raw answers made here: the cutter writes the text and the recipe's hashes,
    and devset's check then accepts the text and refuses a changed one."""
    page = " date 2024-10-10 Storm makes landfall.\n\nWinds 120 mph."
    raw = tmp_path / "raw"
    raw.mkdir()
    answer = {
        "query": "storm",
        "results": [{"rank": 2, "url": "https://www.x.co.uk/a", "excerpt": page}],
    }
    (raw / "Q1.json").write_text(json.dumps(answer), encoding="utf-8")
    arts = [{"id": "t1", "url": "https://www.x.co.uk/a", "query": "Q1", "rank": 2}]
    recipe = tmp_path / "recipe.json"
    recipe.write_text(json.dumps({"queries": {"Q1": "storm"}, "articles": arts}), encoding="utf-8")
    out = tmp_path / "out"
    assert cut_set.main([str(raw), str(out), "--recipe", str(recipe), "--write-recipe"]) == 0
    art = json.loads(recipe.read_text(encoding="utf-8"))["articles"][0]
    assert (out / "t1.txt").read_text(encoding="utf-8") == "Storm makes landfall.\n\nWinds 120 mph."
    assert art["corpus_date"] == "2024-10-10" and art["page_domain"] == "x.co.uk"
    assert devset.check(out, recipe) == 0
    (out / "t1.txt").write_text("Storm makes landfall.", encoding="utf-8")
    assert devset.check(out, recipe) == 1


@pytest.mark.parametrize("set_no", [4, 5, 6])
def test_sealed_set_labels_fit_the_recipe_and_are_new(set_no: int) -> None:
    """Sets 4, 5 and 6 were built sealed (the whole set is test): every text labelled once, each
    family two parallel stories that are each other's hard negatives (from set 6 on, also a family
    of one event told in independent reports, with no hard negatives), no page of an older set
    reused, credits and copies only of labelled members."""
    recipe = devset.recipe(devset.SETS[set_no][0])
    doc = json.loads(devset.SETS[set_no][1].read_text(encoding="utf-8"))
    labels = doc["stories"]
    ids = {a["id"] for a in recipe["articles"]}
    assert set(devset.story_of(devset.SETS[set_no][1])) == ids
    assert set(doc["credits"]) <= ids and all(doc["credits"].values())
    assert len({a["url"] for a in recipe["articles"]}) == len(ids)
    older = {
        a["url"] for n in range(2, set_no) for a in devset.recipe(devset.SETS[n][0])["articles"]
    }
    assert not older & {a["url"] for a in recipe["articles"]}
    assert all(a["sha256"] and a["query"] in recipe["queries"] for a in recipe["articles"])
    members = [m for st in labels.values() for m in st["members"]]
    assert len(members) == len(set(members)) == len(ids)  # every article reports one story
    site = {a["id"]: urlparse(a["url"]).netloc for a in recipe["articles"]}
    families: dict[str, list[str]] = {}
    for sid, story in labels.items():
        families.setdefault(story["family"], []).append(sid)
        assert len(story["members"]) >= 3, sid
        assert all(set(c) <= set(story["members"]) and len(c) > 1 for c in story["copies"]), sid
        if set_no >= 5:  # from set 5 on: each event reported by 4+ different sites
            assert len({site[m] for m in story["members"]}) == len(story["members"]) >= 4, sid
    single = {f for f, s in families.items() if len(s) == 1}
    assert len(families) >= (6 if set_no < 6 else 4)
    assert not single if set_no < 6 else len(single) >= 1  # set 6: one event, independent reports
    for fam in single:
        story = labels[families[fam][0]]
        assert story["kind"] == "one event, independent reports" and not story["hard_negatives"]
    for fam, (a, b) in ((f, sorted(s)) for f, s in families.items() if f not in single):
        assert labels[a]["hard_negatives"] == labels[b]["members"], fam
        assert labels[b]["hard_negatives"] == labels[a]["members"], fam
    pairs = devset.story_pairs(devset.SETS[set_no][1])
    assert len(pairs) == len(ids) * (len(ids) - 1) // 2
    assert not any(p["same_story"] and p["hard_negative"] for p in pairs)
