"""Estimates of time and memory, checked before anything is allocated.

The time estimate counts floating-point operations of the matrix products
(and eigenvalue problems) and divides by a deliberately modest rate, so it
errs on the long side; it is a guard against absurd sizes, not a forecast.
"""

from __future__ import annotations

__all__ = [
    "BYTES_PER_SECOND",
    "FLOPS_PER_SECOND",
    "MAX_BYTES",
    "MAX_SECONDS",
    "check_budget",
    "format_bytes",
    "format_seconds",
]

# Refuse runs estimated to need more than this (override with max_bytes=).
MAX_BYTES = 2 * 1024**3
# ... or to take longer than this (override with max_seconds=).
MAX_SECONDS = 6 * 3600.0
# Conservative sustained rates of one core: matrix products, and memory
# traffic (what products of a mini-batch of 10 rows are limited by).
FLOPS_PER_SECOND = 5e9
BYTES_PER_SECOND = 4e9


def format_bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # unreachable


def format_seconds(t: float) -> str:
    if t < 90:
        return f"{t:.0f} s"
    if t < 90 * 60:
        return f"{t / 60:.0f} minutes"
    if t < 48 * 3600:
        return f"{t / 3600:.1f} hours"
    if t < 730 * 86400:
        return f"{t / 86400:.0f} days"
    return f"{t / (365.25 * 86400):.2g} years"


def check_budget(
    what: str,
    *,
    need_bytes: float,
    seconds: float,
    max_bytes: float = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    remedy: str,
) -> None:
    """ValueError with the estimate when ``what`` needs too much memory or time."""
    if need_bytes > max_bytes:
        raise ValueError(
            f"{what} needs about {format_bytes(need_bytes)} of memory, more than the "
            f"{format_bytes(max_bytes)} allowed; {remedy}"
        )
    if seconds > max_seconds:
        raise ValueError(
            f"{what} would take about {format_seconds(seconds)} "
            f"(more than the {format_seconds(max_seconds)} allowed); {remedy}"
        )
