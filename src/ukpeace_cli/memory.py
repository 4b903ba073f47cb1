"""Handing freed memory back to the system between two big phases of one run.

Python frees a phase's objects when they go, but the C allocator keeps most of the freed heap
mapped to the process: the next phase's arrays then come on top of it and the two peaks add.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys


def give_back() -> None:
    """Collect unreachable objects and return the allocator's free heap to the system (glibc;
    elsewhere only the collection)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        # Not glibc (e.g. musl): no malloc_trim, nothing to hand back.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
