"""Audit one rule family where it fires: every quote it changes on unseen text, for a reader.

Usage: python bench/audit_rule.py FAMILY TEXTS... [--cache DIR] [--limit N] [--quiet]

A family that gains nothing on the annotated sets may only be one whose construction those sets
lack (GGT and PolNeAR have no headings, for example). This script finds out what the family does
on text nobody tuned quote rules on: each text is turned into a store record as ingest does
(`ingest.build_record`: headline, paragraphs, boilerplate set aside), annotated through the same
path (`annotate.annotate_record`, the Docs cached as in bench/eval_quotes.py), and its quotes are
extracted twice in this process, with the family on and with `UKPEACE_ABLATE=FAMILY`. Every quote
whose span, kind or speaker differs is printed with its sentence, to be judged by hand against
the guideline (docs/quotes.md, bench/devsets/README.md): right, wrong or unclear.

TEXTS are .txt files, folders of .txt files, or JSONL files (every distinct string in the fields
`text`, `text1`, `text2`, `article_text` is one text: the SemEval pairs give both sides).
`--limit N` audits the first N texts only (CPU: the machine is shared).

The output quotes third-party text: it is for the terminal, never for git. The last line is a
count: texts audited, texts where the family fires, quotes changed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_quotes import DocCache

TEXT_FIELDS = ("text", "text1", "text2", "article_text")


def read_texts(paths: list[str]) -> Iterator[tuple[str, str]]:
    """(label, text) for every text named, each distinct text once, in the order given."""
    seen: set[str] = set()
    for arg in paths:
        p = Path(arg)
        if p.is_dir():
            found = [(str(f), f.read_text("utf-8")) for f in sorted(p.glob("*.txt"))]
        elif p.suffix == ".jsonl":
            found = []
            with p.open(encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    row = json.loads(line) if line.strip() else {}
                    for field in TEXT_FIELDS:
                        if isinstance(row.get(field), str):
                            found.append((f"{p.name}:{n}:{field}", row[field]))
        else:
            found = [(str(p), p.read_text("utf-8"))]
        for label, text in found:
            if text.strip() and text not in seen:
                seen.add(text)
                yield label, text


def quotes_with(family: str | None, doc: Any, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's quotes as ingest stores them, with `family` switched off (None: all on)."""
    from ukpeace_cli import ablation
    from ukpeace_cli.annotate import annotate_record

    if family:
        os.environ[ablation.ENV] = family
    else:
        os.environ.pop(ablation.ENV, None)
    ablation.reset()
    return list(annotate_record(doc, record)["quotes"])


def view(q: dict[str, Any] | None) -> str:
    if q is None:
        return "(none)"
    who = q.get("speaker") or "-"
    return (
        f"{q['kind']}, speaker {who!r} (mention {q.get('speaker_mention')!r}, via {q.get('via')})"
    )


def differences(
    on: list[dict[str, Any]], off: list[dict[str, Any]]
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """(with the family, without it) for every span whose kind or speaker is not the same."""

    def key(q: dict[str, Any]) -> tuple[int, int]:
        return q["start"], q["end"]

    def seen(q: dict[str, Any] | None) -> tuple[Any, ...] | None:
        return None if q is None else (q["kind"], q.get("speaker"), q.get("speaker_mention"))

    a, b = {key(q): q for q in on}, {key(q): q for q in off}
    pairs = [(a.get(k), b.get(k)) for k in sorted(a.keys() | b.keys())]
    return [(x, y) for x, y in pairs if seen(x) != seen(y)]


def show(label: str, text: str, pairs: list[tuple[Any, Any]]) -> None:
    for on, off in pairs:
        q = on or off
        s, e = q["sentence"]
        print(f"--- {label} [{q['start']}:{q['end']}]")
        print(f"  quote:    {q['text']!r}")
        print(f"  sentence: {' '.join(text[s:e].split())!r}")
        print(f"  with:     {view(on)}")
        print(f"  without:  {view(off)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("family")
    ap.add_argument("texts", nargs="+")
    ap.add_argument("--cache", default=os.environ.get("UKPEACE_EVAL_CACHE"),
                    help="keep spaCy Docs here between runs (env UKPEACE_EVAL_CACHE)")  # fmt: skip
    ap.add_argument("--limit", type=int, default=0, help="the first N texts only")
    ap.add_argument("--quiet", action="store_true", help="the counts only")
    args = ap.parse_args(argv)
    from ukpeace_cli.ablation import FAMILIES

    if args.family not in FAMILIES:
        print(f"audit_rule: unknown family {args.family!r}", file=sys.stderr)
        return 2
    # never the user's own alias file: what is printed must not depend on who runs it
    os.environ["UKPEACE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="ukpeace-audit-config-")
    from ukpeace_cli.annotate import load_annotating_pipeline
    from ukpeace_cli.errors import InputError
    from ukpeace_cli.ingest import build_record
    from ukpeace_cli.inputs import RawInput

    cache = DocCache(args.cache, load_annotating_pipeline())
    audited = fired = changed = skipped = 0
    for label, raw in read_texts(args.texts):
        if args.limit and audited >= args.limit:
            break
        try:
            record = build_record(RawInput(source=label, text=raw), {})
        except InputError:
            skipped += 1
            continue
        doc = cache.doc(record["text"])
        pairs = differences(quotes_with(None, doc, record), quotes_with(args.family, doc, record))
        audited += 1
        if pairs:
            fired += 1
            changed += len(pairs)
            if not args.quiet:
                show(label, record["text"], pairs)
    print(
        f"{args.family}: {audited} texts audited ({skipped} with no text left), "
        f"fires in {fired}, {changed} quotes changed"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
