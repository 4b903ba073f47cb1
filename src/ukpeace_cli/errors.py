"""Library exceptions and the exit codes they map to (documented in docs/exit-codes.md)."""

from __future__ import annotations

import warnings
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    INPUT_FAILED = 1  # some inputs failed; the rest were processed
    USAGE = 2  # bad flags or arguments
    NO_MATCH = 3  # a query matched nothing
    MODEL = 4  # no spaCy model installed, or it failed to load
    STORE = 5  # store missing, unreadable, locked or not writable
    DUPLICATES = 6  # dedupe --fail-on-duplicates found duplicates
    CLUSTER = 7  # --scheduler: unreachable scheduler, workers killed, version skew
    INTERNAL = 70  # a bug: please report it with the --debug traceback
    INTERRUPTED = 130


class UkpeaceError(Exception):
    """Base class: a message for people, where it happened and how to fix it."""

    exit_code: ExitCode = ExitCode.INPUT_FAILED

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.where:
            text = f"{text} ({self.where})"
        if self.hint:
            text = f"{text} - {self.hint}"
        return text


class InputError(UkpeaceError):
    """One input could not be read or parsed; a batch goes on without it."""


class UsageError(UkpeaceError):
    exit_code = ExitCode.USAGE


class ConfigError(UkpeaceError):
    exit_code = ExitCode.USAGE


class NoMatchError(UkpeaceError):
    """A query (a story, an article, a speaker) matched nothing."""

    exit_code = ExitCode.NO_MATCH


class ModelError(UkpeaceError):
    exit_code = ExitCode.MODEL


class StoreError(UkpeaceError):
    exit_code = ExitCode.STORE


class ClusterError(UkpeaceError):
    """The Dask cluster (`--scheduler`) cannot be reached, lost its workers or runs other
    versions than the client."""

    exit_code = ExitCode.CLUSTER


class CacheWarning(UserWarning):
    """A cache next to the store (a sidecar, the stories file) could not be written: the
    answer is the same, only slower next time. The CLI shows each one once."""


def warn_cache(path: Any, exc: OSError) -> None:
    """A cache that cannot be written: a CacheWarning naming it and why, never an error."""
    reason = exc.strerror or str(exc)
    warnings.warn(
        CacheWarning(f"cannot update the cache {path}: {reason} - answering without it (slower)"),
        stacklevel=3,
    )
