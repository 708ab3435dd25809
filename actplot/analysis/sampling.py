"""The x grid a figure or a table is sampled on."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["AXIS_LIMIT", "DEFAULT_STEP", "MAX_POINTS", "check_range", "grid", "mask_spans"]

DEFAULT_STEP = 0.001  # the lecture note's x = -10:0.001:10
# With the step left at its default, a wide range is sampled at this many
# points instead: finer than any screen or printer resolves.
DEFAULT_MAX_POINTS = 100_001
MAX_POINTS = 10_000_000  # beyond this a figure is minutes of work and GBs of RAM
# matplotlib's tick locators overflow on spans near float64's maximum, so axes
# limits stay within this; curves beyond it run off the axes.
AXIS_LIMIT = 1e300


def check_range(lo: float, hi: float, *, limit: float = math.inf) -> tuple[float, float]:
    """Return ``(lo, hi)`` as floats, or raise ValueError saying what is wrong.

    The one check of an x range or of y limits: finite, ``lo < hi``, a span
    float64 can hold, and within ``±limit`` (figures use AXIS_LIMIT:
    matplotlib's ticks overflow beyond it; a CSV takes any finite range).
    """
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"must be finite numbers, got {lo:g} {hi:g}")
    if not lo < hi:
        raise ValueError(f"needs LO < HI, got {lo:g} {hi:g}")
    if max(abs(lo), abs(hi)) > limit:
        raise ValueError(f"must lie within ±{limit:g}, got {lo:g} {hi:g}")
    if not math.isfinite(hi - lo):
        raise ValueError(f"{lo:g} {hi:g} is wider than float64 can span")
    return lo, hi


def grid(
    lo: float, hi: float, *, points: int | None = None, step: float | None = None
) -> np.ndarray:
    """Evenly spaced float64 points from ``lo`` to ``hi``, both ends included.

    Parameters
    ----------
    lo, hi
        The range: finite, ``lo < hi``, within ±AXIS_LIMIT (see :func:`check_range`).
    points
        Number of points (at least 2).
    step
        Spacing. The last interval may be shorter so that ``hi`` is included.
        With neither ``points`` nor ``step``, the step is 0.001 unless that
        gives more than 100001 points, in which case 100001 points are used.

    Raises
    ------
    ValueError
        For a bad range, point count or step, with a one-line explanation.
    """
    try:
        lo, hi = check_range(lo, hi)
    except ValueError as error:
        raise ValueError(f"range {error}") from None
    span = hi - lo
    if points is not None and step is not None:
        raise ValueError("give --points or --step, not both")
    if points is not None:
        if points < 2:
            raise ValueError(f"points must be at least 2, got {points}")
        if points > MAX_POINTS:
            raise ValueError(f"points must be at most {MAX_POINTS:,}, got {points:,}")
        return np.linspace(lo, hi, points)
    if step is None:
        if span / DEFAULT_STEP + 1 > DEFAULT_MAX_POINTS:  # inf included
            return np.linspace(lo, hi, DEFAULT_MAX_POINTS)
        step = DEFAULT_STEP
    if not (math.isfinite(step) and step > 0):
        raise ValueError(f"step must be a positive number, got {step:g}")
    intervals = span / step
    if intervals + 1 > MAX_POINTS:
        raise ValueError(
            f"step {step:g} over [{lo:g}, {hi:g}] gives {intervals + 1:,.0f} points; "
            f"the limit is {MAX_POINTS:,} (use a larger step)"
        )
    # Whole steps from lo (within rounding), then hi itself if a piece is left.
    n = math.floor(intervals + 1e-9)
    x = lo + step * np.arange(n + 1, dtype=np.float64)
    if hi - x[-1] > 1e-9 * step:
        x = np.append(x, hi)
    else:
        x[-1] = hi
    return x


def mask_spans(x: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """The runs of ``mask`` on the sorted grid ``x`` as (start, stop) spans.

    Each span reaches halfway to the neighbouring grid points (and to the ends
    of the grid), so that shading it covers the points of the run.
    """
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, stops = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    mid = np.concatenate([[x[0]], 0.5 * (x[1:] + x[:-1]), [x[-1]]])
    return [(float(mid[i]), float(mid[j + 1])) for i, j in zip(starts, stops, strict=True)]
