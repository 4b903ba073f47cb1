"""Candidate pairs on the cluster, by DataFrame shuffles: the LSH band join (rows shuffled on
the band key, pairs within each (band, key) bucket of at most 50 articles) and the rare-shingle
join (rows shuffled on the shingle, pairs within shingles in 2..RARE_MAX_DF articles, then a
shuffled sum of the pair counts, kept at RARE_MIN_SHARED or more). The same pair sets as
`shingles.band_join` and `shingles.shared_key_join`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.params import RARE_MAX_DF, RARE_MIN_SHARED

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MAX_BUCKET = 50  # as shingles.band_join


def _frame(futures: list[Any], columns: tuple[str, ...]) -> Any:
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd

    meta = pd.DataFrame({c: np.zeros(0, dtype=np.int64) for c in columns})
    return dd.from_delayed(futures, meta=meta, verify_meta=False)


def _pairs_frame(pairs: np.ndarray) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"i": pairs[:, 0], "j": pairs[:, 1]})


def _band_partition(df: pd.DataFrame) -> pd.DataFrame:
    """Pairs of articles sharing a (band, key) bucket of at most MAX_BUCKET articles."""
    import numpy as np

    band, key, idx = (df[c].to_numpy(np.int64) for c in ("band", "key", "idx"))
    order = np.lexsort((idx, key, band))
    band, key, idx = band[order], key[order], idx[order]
    new = np.ones(len(idx), dtype=bool)
    new[1:] = (band[1:] != band[:-1]) | (key[1:] != key[:-1])
    return _pairs_frame(sh._pairs_in_runs(idx, np.cumsum(new), MAX_BUCKET))


def _rare_partition(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """(pair code, shingles the pair shares) within this partition's shingles."""
    import numpy as np
    import pandas as pd

    key, idx = df["key"].to_numpy(np.int64), df["idx"].to_numpy(np.int64)
    marked = idx < 0  # a partition already saw the key in too many articles
    ok = ~np.isin(key, key[marked]) if marked.any() else slice(None)
    pairs, counts = sh.key_pairs(key[ok], idx[ok], n, RARE_MAX_DF)  # keys are 64-bit hashes
    return pd.DataFrame({"code": pairs[:, 0] * n + pairs[:, 1], "count": counts})


def band_pairs(client: Any, futures: list[Any], n: int, method: str) -> np.ndarray:
    import numpy as np

    frame = _frame(futures, ("band", "key", "idx"))
    meta = _pairs_frame(np.zeros((0, 2), dtype=np.int64))
    found = frame.shuffle(on="key", shuffle_method=method).map_partitions(
        _band_partition, meta=meta
    )
    got = client.compute(found).result()  # on this client, not the default one
    return sh.unique_pairs(got[["i", "j"]].to_numpy(np.int64).reshape(-1, 2), n)[0]


def rare_pairs(client: Any, futures: list[Any], n: int, method: str) -> np.ndarray:
    import numpy as np
    import pandas as pd

    frame = _frame(futures, ("key", "idx"))
    meta = pd.DataFrame({"code": np.zeros(0, np.int64), "count": np.zeros(0, np.int64)})
    per_key = frame.shuffle(on="key", shuffle_method=method).map_partitions(
        _rare_partition, n, meta=meta
    )
    total = per_key.groupby("code")["count"].sum(
        split_out=per_key.npartitions, shuffle_method=method
    )
    kept = client.compute(total[total >= RARE_MIN_SHARED]).result()
    codes = np.sort(kept.index.to_numpy(np.int64))
    return np.stack((codes // n, codes % n), axis=1).reshape(-1, 2)
