"""ukpeace: trace how one news story travels across outlets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ukpeace")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
