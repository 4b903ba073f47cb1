"""Where article texts come from: files, folders, globs, stdin, JSONL, plus YAML metadata.

Every problem with one input becomes an `InputError` attached to that input, so a batch goes on.
"""

from __future__ import annotations

import codecs
import glob as globmod
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from ukpeace_cli.errors import InputError, UsageError
from ukpeace_cli.parsing import META_FIELDS, normalise, parse_date

DEFAULT_MAX_SIZE = 5_000_000


@dataclass
class RawInput:
    source: str
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    meta_origin: dict[str, str] = field(default_factory=dict)
    error: InputError | None = None
    warnings: list[str] = field(default_factory=list)


# --- decoding ------------------------------------------------------------------------------

# File signatures of common binary formats that may still get a .txt name.
_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b", b"\xff\xd8\xff", b"GIF8", b"\x7fELF")

_DECLARED = re.compile(rb"(?:charset|encoding)\s*[=:]\s*[\"']?([A-Za-z0-9_.:-]{2,40})", re.I)


def decode_bytes(data: bytes, where: str, encoding: str | None = None) -> tuple[str, list[str]]:
    """Text and warnings. Binary data and undecodable text raise InputError naming `where`."""
    warnings: list[str] = []
    if not data.strip():
        raise InputError("empty file (no text)", where=where)
    sample = data[:8192]
    binary = InputError("binary file, not text", where=where, hint="ingest takes plain text")
    if data.startswith(_MAGIC) or (
        b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff"))
    ):
        raise binary
    text, warnings = _decode(data, where, encoding)
    if _unprintable_share(text[:8192]) > 0.05:
        raise binary
    return text, warnings


def _unprintable_share(text: str) -> float:
    import unicodedata

    if not text:
        return 0.0
    bad = sum(
        1
        for ch in text
        if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
    )
    return bad / len(text)


# Invalid UTF-8 byte runs of the decode in progress, recorded by the error handler below.
_BAD_RUNS: list[tuple[int, int]] = []


def _record_bad_run(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    _BAD_RUNS.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("ukpeace-record", _record_bad_run)


def _utf8_with_bad_runs(data: bytes) -> tuple[str, list[tuple[int, int]]]:
    """UTF-8 text with each invalid byte run replaced by U+FFFD, and those runs' byte offsets."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    _BAD_RUNS.clear()
    text = data[bom:].decode("utf-8", errors="ukpeace-record")
    runs = [(s + bom, e + bom) for s, e in _BAD_RUNS]
    _BAD_RUNS.clear()
    return text, runs


def _decode(data: bytes, where: str, encoding: str | None) -> tuple[str, list[str]]:
    warnings: list[str] = []
    if encoding:
        try:
            return data.decode(encoding), warnings
        except UnicodeDecodeError as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}", where=where) from exc
        except LookupError as exc:
            raise UsageError(f"unknown encoding {encoding!r}", where=where) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), warnings
    text, runs = _utf8_with_bad_runs(data)
    if not runs:
        return text, warnings
    # UTF-8 with a few damaged bytes (a bad copy, a cut multi-byte character) keeps its good
    # characters: only when invalid runs outnumber valid non-ASCII characters is it a legacy
    # encoding (in cp1252 text almost no accented letter forms a valid UTF-8 sequence).
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - len(runs)
    if valid >= len(runs):
        offsets = ", ".join(str(s) for s, _ in runs[:5])
        more = f" and {len(runs) - 5} more" if len(runs) > 5 else ""
        warnings.append(
            f"not valid UTF-8 at byte{'s' if len(runs) > 1 else ''} {offsets}{more}; "
            f"{'that byte' if len(runs) == 1 else 'those bytes'} replaced with U+FFFD ({where})"
        )
        return text, warnings
    return _decode_legacy(data, where, runs[0][0])


def _decode_legacy(data: bytes, where: str, bad: int) -> tuple[str, list[str]]:
    """Text that is clearly not UTF-8: its declared charset, else what charset-normalizer finds."""
    warnings: list[str] = []
    declared = _DECLARED.search(data[:2048])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            text = data.decode(name)
            warnings.append(
                f"not valid UTF-8 (byte {bad}); decoded as declared encoding {name} ({where})"
            )
            return text, warnings
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes  # imported only for the rare legacy file

    matches = from_bytes(data)
    best = matches.best()
    if best is not None:
        # Several single-byte code pages fit Latin text equally well; cp1252 is by far the most
        # common for Western news, so it wins a tie.
        fits = [m for m in matches if m.chaos <= best.chaos + 0.01]
        if any("cp1252" in m.could_be_from_charset for m in fits):
            text = data.decode("cp1252", errors="replace")
            warnings.append(f"not valid UTF-8 (byte {bad}); decoded as cp1252 (detected) ({where})")
            return text, warnings
    if best is not None and best.encoding:
        warnings.append(
            f"not valid UTF-8 (byte {bad}); decoded as {best.encoding} (detected) ({where})"
        )
        return str(best), warnings
    raise InputError(
        f"not valid UTF-8 (byte {bad}) and no legacy encoding fits",
        where=where,
        hint="pass --encoding NAME",
    )


def read_file(path: Path, where: str, max_size: int, encoding: str | None) -> tuple[str, list[str]]:
    try:
        size = path.stat().st_size
        if size > max_size:
            raise _too_big(size, max_size, where)
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError("permission denied", where=where) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory", where=where) from exc
    except FileNotFoundError as exc:
        raise InputError("no such file", where=where) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=where) from exc
    return decode_bytes(data, where, encoding)


# --- metadata ------------------------------------------------------------------------------


def clean_meta(meta: dict[str, Any], where: str) -> dict[str, str]:
    """Keep the known metadata fields as strings; dates normalised to ISO 8601."""
    out: dict[str, str] = {}
    for key in META_FIELDS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        value = " ".join(normalise(value).split())  # same cleaning as the body, on one line
        if key == "published":
            iso = parse_date(value)
            if iso is None:
                raise InputError(f"published: cannot read {value!r} as a date", where=where)
            value = iso
        out[key] = value
    return out


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """YAML front matter between '---' lines at the very top, if any."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---\n") and not stripped.startswith("---\r\n"):
        return {}, text
    lines = stripped.splitlines(keepends=True)
    for n, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            block = "".join(lines[1:n])
            try:
                data = yaml.safe_load(block)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                at = f"{where}:{mark.line + 2}" if mark else where
                raise InputError("broken front matter: not valid YAML", where=at) from exc
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise InputError("broken front matter: not a mapping", where=f"{where}:2")
            return data, "".join(lines[n + 1 :])
    raise InputError("broken front matter: no closing '---' line", where=f"{where}:1")


def load_manifest(path: str) -> dict[str, dict[str, Any]]:
    """{absolute file path: metadata}. A manifest is a mapping of file to fields, or a list of
    entries with `file`. Relative file names are taken from the manifest's folder."""
    mpath = Path(path)
    try:
        data = yaml.safe_load(mpath.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read manifest: {exc.strerror}", where=path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(
            "broken manifest: not valid YAML", where=f"{path}:{mark.line + 1}" if mark else path
        ) from exc
    entries: list[tuple[str, Any]]
    if isinstance(data, dict):
        entries = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, list):
        entries = []
        for n, item in enumerate(data, 1):
            if not isinstance(item, dict) or "file" not in item:
                raise UsageError(f"broken manifest: entry {n} has no 'file'", where=path)
            entries.append((str(item["file"]), {k: v for k, v in item.items() if k != "file"}))
    else:
        raise UsageError("broken manifest: expected a mapping or a list of entries", where=path)
    out: dict[str, dict[str, Any]] = {}
    for name, meta in entries:
        if not isinstance(meta, dict):
            raise UsageError(f"broken manifest: entry {name!r} is not a mapping", where=path)
        unknown = sorted(set(meta) - set(META_FIELDS))
        if unknown:
            raise UsageError(
                f"broken manifest: entry {name!r} has unknown field(s) {', '.join(unknown)}",
                where=path,
                hint=f"known fields: {', '.join(META_FIELDS)}",
            )
        target = Path(name)
        if not target.is_absolute():
            target = mpath.parent / target
        out[str(target.resolve())] = meta
    return out


# --- enumerating inputs --------------------------------------------------------------------


@dataclass
class Target:
    """One input as named or found in a folder. `error` is set when it is known to fail before
    it is read (missing, no match, an unreadable folder, over the size limit)."""

    name: str
    path: Path | None  # None: stdin
    error: InputError | None = None


def expand(
    args: Iterable[str], pattern: str = "*.txt", max_size: int | None = None
) -> list[Target]:
    """Every input, found before any is read: '-' is stdin, folders recurse, globs expand, and
    with `max_size` files over it are refused here, so a batch's count and size problems are
    known before the model loads."""
    out: list[Target] = []
    for arg in args:
        if arg == "-":
            out.append(Target("-", None))
            continue
        p = Path(arg)
        if p.is_dir():
            found = _walk(p, pattern)
            if not found:
                error = InputError(f"no files match {pattern!r} in this folder", where=arg)
                found = [Target(arg, p, error)]
            out += found
        elif p.exists() or not any(c in arg for c in "*?["):
            out.append(Target(arg, p))
        else:
            matches = sorted(globmod.glob(arg, recursive=True))
            out += [Target(m, Path(m)) for m in matches] or [Target(arg, p)]
    for t in out:
        if t.path is not None and t.error is None:
            t.error = _precheck(t, max_size)
    return out


def _walk(folder: Path, pattern: str) -> list[Target]:
    """Files under `folder` matching `pattern` (as `rglob` would), plus one failed target per
    subfolder that cannot be listed: they are named, never skipped in silence."""
    found: list[tuple[Path, InputError | None]] = []

    def unreadable(exc: OSError) -> None:
        where = str(exc.filename)
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        found.append((Path(where), InputError(f"cannot list folder: {reason}", where=where)))

    for root, _dirs, files in os.walk(folder, onerror=unreadable):
        for name in files:
            path = Path(root, name)
            if path.relative_to(folder).match(pattern) and path.is_file():
                found.append((path, None))
    return [Target(str(path), path, error) for path, error in sorted(found, key=lambda f: f[0])]


def _precheck(target: Target, max_size: int | None) -> InputError | None:
    assert target.path is not None
    try:
        size = target.path.stat().st_size
    except FileNotFoundError:
        hint = "check the path" if not any(c in target.name for c in "*?[") else None
        return InputError("no such file or no files match", where=target.name, hint=hint)
    except OSError:
        return None  # reading it will say what is wrong
    if max_size is not None and size > max_size and target.path.is_file():
        return _too_big(size, max_size, target.name)
    return None


def _too_big(size: int, max_size: int, where: str) -> InputError:
    return InputError(
        f"file is {size:,} bytes, over the {max_size:,}-byte limit",
        where=where,
        hint="raise it with --max-size",
    )


def unused_manifest_entries(
    manifest: dict[str, dict[str, Any]], manifest_path: str, targets: Iterable[Target]
) -> list[str]:
    """Manifest entries (as written, relative to the manifest) that name none of `targets`."""
    used = {str(t.path.resolve()) for t in targets if t.path is not None}
    base = Path(manifest_path).resolve().parent
    return [os.path.relpath(key, base) for key in manifest if key not in used]


def iter_inputs(
    args: Iterable[str],
    *,
    pattern: str = "*.txt",
    manifest: dict[str, dict[str, Any]] | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    encoding: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[RawInput]:
    targets = expand(args, pattern, max_size)
    return read_inputs(
        targets, manifest=manifest, max_size=max_size, encoding=encoding, stdin=stdin
    )


def read_inputs(
    targets: Iterable[Target],
    *,
    manifest: dict[str, dict[str, Any]] | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    encoding: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[RawInput]:
    """One RawInput per target, read lazily, in order; a failed one carries its error."""
    for target in targets:
        name, path = target.name, target.path
        item = RawInput(source=name)
        try:
            if target.error is not None:
                raise target.error
            if path is None:
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = stream.read(max_size + 1)
                if len(data) > max_size:
                    raise InputError(
                        f"stdin is over the {max_size:,}-byte limit",
                        where="<stdin>",
                        hint="raise it with --max-size",
                    )
                item.source = "<stdin>"
                text, item.warnings = decode_bytes(data, "<stdin>", encoding)
            else:
                text, item.warnings = read_file(path, name, max_size, encoding)
            front, text = split_front_matter(text, item.source)
            item.text = text
            _merge(item, clean_meta(front, item.source), "front_matter")
            if manifest and path is not None:
                entry = manifest.get(str(path.resolve()))
                if entry:
                    _merge(item, clean_meta(entry, item.source), "manifest")
        except InputError as exc:
            item.error = exc
        yield item


def iter_jsonl(handle: IO[str], name: str) -> Iterator[RawInput]:
    """Records with `text` and optional metadata, one per line, as a scraper would pipe them."""
    for lineno, line in enumerate(handle, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        item = RawInput(source=where)
        try:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON: {exc.msg}", where=where) from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise InputError("record has no string 'text' field", where=where)
            if not rec["text"].strip():
                raise InputError("empty text", where=where)
            item.source = str(rec.get("source") or rec.get("url") or where)
            item.text = rec["text"]
            _merge(item, clean_meta(rec, where), "jsonl")
        except InputError as exc:
            item.error = exc
        yield item


def _merge(item: RawInput, meta: dict[str, str], origin: str) -> None:
    for key, value in meta.items():
        item.meta[key] = value
        item.meta_origin[key] = origin
