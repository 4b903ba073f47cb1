"""Library exceptions and the exit codes they map to (documented in docs/exit-codes.md)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INPUT_FAILED = 1  # some inputs failed; the rest were processed
    USAGE = 2  # bad flags or arguments
    NO_MATCH = 3  # a query matched nothing
    MODEL = 4  # no spaCy model installed, or it failed to load
    STORE = 5  # store missing, unreadable, locked or not writable
    DUPLICATES = 6  # dedupe --fail-on-duplicates found duplicates
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
