"""The synthetic corpus of bench/make_corpus.py, built for a test (one loader for every test)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

MAKE_CORPUS = Path(__file__).resolve().parents[2] / "bench" / "make_corpus.py"


def build_corpus(out: Path, size: int, seed: int) -> Path:
    """Write `size` synthetic articles to `out`; returns the truth file (article, cluster)."""
    spec = importlib.util.spec_from_file_location("make_corpus", MAKE_CORPUS)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    truth: Path = mod.build(size, out, seed=seed)
    return truth
