"""bench/eval_framing.py on a synthetic PTC layout: train-only selection, the written list."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import eval_framing  # noqa: E402


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


def test_fit_keeps_forms_by_their_train_precision_only(tmp_path: Path) -> None:
    (tmp_path / "ptc").mkdir()
    ptc = _ptc(tmp_path / "ptc")
    vader = tmp_path / "vader.txt"
    vader.write_text("vile\t-3.1\t0.5\t[]\nnice\t1.8\t0.4\t[]\n:)\t2.0\t0.1\t[]\n", "utf-8")
    out = tmp_path / "loaded.yaml"
    assert eval_framing.main(["fit", str(ptc), "--vader", str(vader), "--out", str(out)]) == 0
    data = yaml.safe_load(out.read_text("utf-8"))
    assert data["loaded_language"] == {"vile": [10, 10, -3.1]}
    assert "MIT" in out.read_text("utf-8")


def test_read_vader_keeps_word_forms_only(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("so-called\t-0.5\t1\t[]\n:(\t-2\t1\t[]\nx\t1\t1\t[]\n", "utf-8")
    assert eval_framing.read_vader(path) == {"so-called": -0.5}


def test_score_without_gold_is_a_usage_error(tmp_path: Path) -> None:
    assert eval_framing.main(["score", str(tmp_path)]) == 2
