"""ukpeace: trace how one news story travels across outlets."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # Looked up lazily: importlib.metadata costs ~50 ms, too much for `ukpeace --help`.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ukpeace")
        except PackageNotFoundError:  # a source tree without install
            return "0.0.0"
    raise AttributeError(name)
