"""Run a block with the BLAS library limited to a number of threads.

Training multiplies small matrices (a mini-batch of 10 rows) thousands of
times. A multi-threaded BLAS hands each product to its threads; on a machine
whose cores are busy with other work, every product then waits for a
descheduled thread: measured on a loaded 2-core machine, one update of a
5 × 1000 network took 680 ms with OpenBLAS's default threads and 31 ms with
one. :func:`blas_threads` sets the thread count of the OpenBLAS that numpy
loaded (numpy's wheels ship one) for the duration of a block and restores it
after. Where no OpenBLAS can be found (another BLAS, another platform), it
does nothing. ctypes only; the same thing threadpoolctl does, for one library.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import sys
from collections.abc import Iterator
from typing import Any

__all__ = ["blas_threads"]

# Symbol names of OpenBLAS builds: plain, 64-bit-integer, and numpy's scipy-openblas.
_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "")


def _openblas_functions() -> list[tuple[Any, Any]]:
    """(get_num_threads, set_num_threads) of each OpenBLAS loaded in this process."""
    if not sys.platform.startswith("linux"):
        return []
    import numpy  # noqa: F401 - the library must be loaded to be found

    try:
        with open("/proc/self/maps") as maps:
            paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so[.\d]*)\s*$", maps.read(), re.M)))
    except OSError:
        return []
    found = []
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                getter = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                setter = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                if getter is not None and setter is not None:
                    getter.restype = ctypes.c_int
                    found.append((getter, setter))
                    break
            else:
                continue
            break
    return found


_FUNCTIONS: list[tuple[Any, Any]] | None = None


@contextlib.contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Limit OpenBLAS to ``n`` threads inside the block (``None``: leave it alone)."""
    global _FUNCTIONS
    if n is None:
        yield
        return
    if _FUNCTIONS is None:
        _FUNCTIONS = _openblas_functions()
    before = [int(get()) for get, _ in _FUNCTIONS]
    try:
        for _, set_ in _FUNCTIONS:
            set_(int(n))
        yield
    finally:
        for (_, set_), count in zip(_FUNCTIONS, before, strict=True):
            set_(count)
