"""bench/framing_model.py and eval_framing.py on a synthetic PTC layout: train-only fit, the
written model file."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import eval_framing  # noqa: E402
import framing_model  # noqa: E402
from ukpeace_cli.framing.features import Token  # noqa: E402


def _ptc(tmp: Path, n: int = 10) -> Path:
    (tmp / "articles").mkdir()
    lines = []
    for i in range(n):
        for split in ("train", "dev"):
            aid = f"{split}{i}"
            # "vile" is always inside a labelled span on train; "nice" never. On dev the
            # labels are reversed: a fit that read dev would keep "nice".
            text = "A vile plan. A nice day."
            (tmp / "articles" / f"{aid}.txt").write_text(text, encoding="utf-8")
            word = "vile" if split == "train" else "nice"
            s = text.index(word)
            spans = [{"start": s, "end": s + len(word), "technique": "Loaded_Language"}]
            gold = {"id": aid, "split": split, "chars": len(text), "words": 6, "spans": spans}
            lines.append(json.dumps(gold))
    (tmp / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp


def _wheel(tmp: Path) -> Path:
    wheel = tmp / "vaderSentiment-3.3.2-py2.py3-none-any.whl"
    code = (
        "B_INCR = 0.293\nB_DECR = -0.293\n"
        'BOOSTER_DICT = \\\n    {"very": B_INCR, "sort of": B_DECR,\n'
        '     "slightly": B_DECR}\n\n# check for sentiment laden idioms that ...\n'
    )
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr(
            "vaderSentiment/vader_lexicon.txt",
            "vile\t-3.1\t0.5\t[]\nnice\t1.8\t0.4\t[]\n:)\t2\t1\t[]\n",
        )
        z.writestr("vaderSentiment/vaderSentiment.py", code)
    return wheel


def test_read_vader_keeps_word_forms_and_single_word_boosters(tmp_path: Path) -> None:
    valence, boosters = framing_model.read_vader(_wheel(tmp_path))
    assert valence == {"vile": -3.1, "nice": 1.8}
    assert boosters == ["slightly", "very"]


def test_model_fit_reads_train_only_and_writes_its_provenance(tmp_path: Path) -> None:
    (tmp_path / "ptc").mkdir()
    ptc = _ptc(tmp_path / "ptc")
    out = tmp_path / "model.json"
    argv = ["fit", str(ptc), "--vader-wheel", str(_wheel(tmp_path)), "--out", str(out)]
    assert framing_model.main([*argv, "--min-df", "3", "--c", "1", "--threshold", "0.5"]) == 0
    data = json.loads(out.read_text("utf-8"))
    w = data["weights"]
    assert w["w=vile"] > 0 > w["w=nice"]  # dev would teach the opposite
    assert "train" in data["provenance"]["corpus"] and "MIT" in data["provenance"]["valence"]
    assert data["provenance"]["cross_validation"]["f1"] > 0.5
    assert data["valence"] == {"nice": 1.8, "vile": -3.1}
    art = data["article"]
    assert art["alpha"] in framing_model.GRID_ALPHA
    assert len(art["coef"]) == len(art["features"]) == len(art["mean"])
    assert "train" in data["provenance"]["article"]


def test_score_without_gold_is_a_usage_error(tmp_path: Path) -> None:
    assert eval_framing.main(["score", str(tmp_path)]) == 2


def test_story_folds_keep_a_story_in_one_fold(tmp_path: Path) -> None:
    import framing_article_cv

    stories = [
        "Troops crossed the river at dawn near the old bridge",
        "The central bank raised interest rates again on Monday",
        "A storm flooded the harbour and closed the ferry port",
        "Farmers protested grain import quotas outside parliament",
        "The football club sacked its coach after five defeats",
        "Scientists found water ice in a crater on the moon",
    ]
    texts = [s for s in stories for _ in range(3)]  # three reports of each story
    docs = [{"tokens": [Token(0, 0, w.lower()) for w in t.split()]} for t in texts]
    for seed in (13, 14):
        folds = framing_article_cv.story_folds(docs, seed)
        assert sorted(i for f in folds for i in f) == list(range(len(docs)))  # a partition
        fold_of = {i: k for k, f in enumerate(folds) for i in f}
        for s in range(len(stories)):
            assert len({fold_of[3 * s + j] for j in range(3)}) == 1
        assert len({fold_of[3 * s] for s in range(len(stories))}) == framing_model.FOLDS
