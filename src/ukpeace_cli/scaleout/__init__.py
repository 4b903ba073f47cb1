"""Running `ingest` and `dedupe` on a Dask cluster (`--scheduler`, docs/scale-out.md).

The CLI process stays the client: it plans partitions, holds the store lock, merges the small
global reductions and formats the output. Workers run partition-sized pure functions that the
single-process path already has. Nothing here imports dask at module level except the modules
that only run once a scheduler was asked for; nothing here knows Typer or rich.

Modules: `connect` (the scheduler spec, the client, errors as exit codes), `parts` (reading a
single-file store in line ranges), `dedupe_tasks` (what dedupe workers run), `dedupe_shuffle`
(candidate pairs by DataFrame shuffles), `dedupe` (the dedupe driver), `plugin` (the spaCy
pipeline loaded once per worker), `ingest` (the ingest driver), `progress` (tasks done per
stage as they finish, and the dashboard address, for a callback).
"""
