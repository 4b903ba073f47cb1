"""Fixed dev/test halves of the external evaluation sets, and where those sets live.

Rule (docs/quotes.md, "Splits"): an item's split is the parity of the SHA-256 of its id, read as
a big-endian integer: even is `dev`, odd is `test`. The id is GGT's article id or SemEval's
`pair_id`, as a UTF-8 string. Parity depends on the id alone, so adding or dropping items never
moves another one; both sets come out near half and half (GGT 50/48 articles, SemEval 168/186
pairs). PolNeAR keeps its own published split (the file says which: `polnear_test.jsonl` is all
`test`), and PTC's train/dev split is fixed by ../shared/eval/framing/README.md.

Tune on `dev` only; report `test`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, TypeVar

Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")
ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def hash_split(item_id: str) -> Split:
    """`dev` when the SHA-256 of the id is even, else `test`."""
    digest = hashlib.sha256(str(item_id).encode("utf-8")).digest()
    return "dev" if digest[-1] % 2 == 0 else "test"


def file_split(path: str | Path) -> Split | None:
    """A set whose file carries its own published split (PolNeAR's `polnear_test.jsonl`,
    `polnear_dev.jsonl`): that split for every item; None when the hash rule applies."""
    name = Path(path).name.lower()
    if "polnear" not in name:
        return None
    return "dev" if "dev" in name else "test"


def split_of(item_id: str, path: str | Path) -> Split:
    return file_split(path) or hash_split(item_id)


def select(items: Iterable[T], ids: Iterable[str], path: str | Path, split: str) -> list[T]:
    """The items whose split is `split` ("all" keeps every item), in their order."""
    pairs = zip(items, ids, strict=True)
    return [x for x, i in pairs if split == "all" or split_of(i, path) == split]


def parts(split: str) -> list[str]:
    """What to report for a `--split` choice: that half, or each half and then the whole."""
    return [*SPLITS, "all"] if split == "all" else [split]


def _shared_candidates(root: Path) -> list[Path]:
    """`shared/` beside the checkout (a clone, CI), beside any folder above it, and beside the
    main checkout of a git worktree (whose own folder can be anywhere)."""
    dirs = [root, *root.parents]
    try:
        common = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--path-format=absolute", "--git-common-dir"],
            capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        main = Path(common).parent
        dirs += [main, *main.parents]
    except (OSError, subprocess.SubprocessError):
        pass
    return [d.parent / "shared" for d in dirs if d != d.parent]


def find_shared(
    relative: str, override: str | None = None, env: str = "", root: Path = ROOT
) -> Path:
    """A file under the project's `shared/` folder (e.g. "eval/quotes/eval_quotes.py").

    `override` (a flag) wins, then the environment variable `env`, then the first `shared/`
    found from the checkout `root` (`_shared_candidates`). Raises FileNotFoundError naming
    the places tried."""
    given = override or (os.environ.get(env) if env else None)
    if given:
        path = Path(given).expanduser()
        if path.is_file():
            return path
        raise FileNotFoundError(f"{path}: not found (given by {'the flag' if override else env})")
    tried = []
    for shared in _shared_candidates(root):
        path = shared / relative
        if path.is_file():
            return path
        if path not in tried:
            tried.append(path)
    hint = f"; pass --scorer or set {env}" if env else ""
    raise FileNotFoundError(
        f"shared/{relative}: not found (tried {', '.join(map(str, tried[:4]))}){hint}"
    )
