"""Where an activation saturates: regions of a grid found from its derivative.

The definitions follow Gulcehre et al. (2016), "Noisy Activation Functions",
made finite for a sampled range:

* **hard saturation** -- f'(x) = 0 exactly, over an interval (ReLU for x < 0);
* **soft saturation** -- 0 < |f'(x)| < eps (the sigmoid's two tails for
  eps = 0.05).

A single point where f' crosses zero (GELU near x = -0.75) is not an interval,
so it counts as soft saturation with its neighbours rather than as hard. Nor
is a run of zeros where a soft tail underflows float64 (sigmoid' for
x < -745): zeros next to a derivative below 1e-250 stay soft.

Each region is given a *side*: ``"left"`` if it reaches the left end of the
range (the tail towards -inf, as in the paper's "left saturation"),
``"right"`` if it reaches the right end, ``"interior"`` if it touches neither
end (hardshrink's dead zone on [-lambda, lambda)), and ``"whole"`` if it covers
the whole range (the binary step, whose derivative is 0 everywhere). So relu6
saturates hard on the left and on the right, and sigmoid softly on both sides.

Everything is computed from the catalogue's analytic derivative; nothing is
declared by hand. numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

__all__ = [
    "DEFAULT_EPS",
    "SaturationRegion",
    "check_eps",
    "saturated",
    "saturation_regions",
]

DEFAULT_EPS = 0.05
# Two functions' shades can overlap legibly; three blend into mud.
MAX_SATURATION_FUNCTIONS = 2

Kind = Literal["soft", "hard"]
Side = Literal["left", "right", "interior", "whole"]

_NONE, _SOFT, _HARD = 0, 1, 2
_BISECTIONS = 60  # halves a grid step down to far below float64 resolution of x
_UNDERFLOW = 1e-250  # a genuine plateau's neighbour is not this small


@dataclass(frozen=True)
class SaturationRegion:
    """One interval ``[start, stop]`` of the range where f saturates."""

    kind: Kind
    side: Side
    start: float
    stop: float

    @property
    def label(self) -> str:
        """A short description, e.g. ``left hard saturation``."""
        if self.side == "whole":
            return f"{self.kind} saturation everywhere"
        return f"{self.side} {self.kind} saturation"

    @property
    def width(self) -> float:
        return self.stop - self.start


def check_eps(eps: float) -> float:
    """Return ``eps`` as a float, or raise ValueError unless it is finite and > 0."""
    eps = float(eps)
    if not (np.isfinite(eps) and eps > 0):
        raise ValueError(f"the saturation threshold eps must be a positive number, got {eps:g}")
    return eps


def check_shadable(count: int) -> None:
    """Raise ValueError if ``count`` functions are too many to shade in one figure."""
    if count > MAX_SATURATION_FUNCTIONS:
        raise ValueError(
            f"saturation shading shows at most {MAX_SATURATION_FUNCTIONS} functions at once "
            f"(got {count}); more shades would blend into each other"
        )


def saturated(derivative: np.ndarray, eps: float = DEFAULT_EPS) -> np.ndarray:
    """Boolean mask of |f'| < eps: soft or hard saturation (NaN is neither)."""
    with np.errstate(invalid="ignore"):
        return np.abs(derivative) < eps


def _classify(d: np.ndarray, eps: float) -> np.ndarray:
    """Per point: hard (f' = 0 in a run of >= 2 points), soft (|f'| < eps), or none."""
    zero = d == 0
    # A zero is hard only next to another zero: an interval, not a crossing.
    run = np.zeros_like(zero)
    run[1:] |= zero[1:] & zero[:-1]
    run[:-1] |= zero[:-1] & zero[1:]
    cls = np.where(saturated(d, eps), _SOFT, _NONE)
    cls[run] = _HARD
    # Zeros bordering a derivative already below 1e-250 are a soft tail that
    # underflowed (sigmoid' for x < -745), not a mathematically flat interval.
    edges = np.flatnonzero(np.diff(run.astype(np.int8)))  # last index before each change
    starts = np.concatenate([[0] if run[0] else [], edges[~run[edges]] + 1]).astype(int)
    stops = np.concatenate([edges[run[edges]] + 1, [d.size] if run[-1] else []]).astype(int)
    tiny = (d != 0) & (np.abs(d) < _UNDERFLOW)
    for start, stop in zip(starts, stops, strict=True):
        if (start > 0 and tiny[start - 1]) or (stop < d.size and tiny[stop]):
            cls[start:stop] = _SOFT
    return cls


def _point_class(d: np.ndarray, eps: float) -> np.ndarray:
    """The class of isolated points (for refining edges): zero counts as hard."""
    return np.where(d == 0, _HARD, np.where(saturated(d, eps), _SOFT, _NONE))


def _refine(
    derivative: Any, inside: np.ndarray, outside: np.ndarray, cls: int, eps: float
) -> np.ndarray:
    """Edges between grid points, by bisection on "is this point of class ``cls``".

    ``inside`` lies in the region, ``outside`` is the neighbouring grid point
    beyond it; the result converges to the boundary (a kink for hard
    saturation, |f'| = eps for soft) from the inside.
    """
    lo, hi = inside.astype(np.float64), outside.astype(np.float64)
    for _ in range(_BISECTIONS):
        mid = lo + (hi - lo) / 2
        same = _point_class(np.asarray(derivative(mid), dtype=np.float64), eps) == cls
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    return lo


def saturation_regions(
    act: Any,
    x: np.ndarray,
    eps: float = DEFAULT_EPS,
    *,
    derivative: np.ndarray | None = None,
) -> list[SaturationRegion]:
    """The regions of the sorted grid ``x`` where ``act`` saturates, left to right.

    Parameters
    ----------
    act
        An activation (anything with ``.derivative(x)``, e.g. from
        :func:`actplot.get`).
    x
        Sorted sample points; regions are found on them, then their inner
        edges are located by bisection between neighbouring points, so a
        coarse grid still puts ReLU's edge at 0.
    eps
        Threshold of soft saturation: 0 < |f'| < eps.
    derivative
        f' on ``x``, if the caller has it already (a figure draws it too);
        otherwise it is computed here.

    Returns
    -------
    list of SaturationRegion
        Adjacent soft and hard regions (a hard plateau ending in a soft
        slope) are separate entries.

    Raises
    ------
    ValueError
        If ``eps`` is not a positive number or ``x`` has fewer than 2 points.
    """
    eps = check_eps(eps)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size < 2:
        raise ValueError("the grid needs at least 2 points")
    if derivative is None:
        with np.errstate(over="ignore", invalid="ignore"):
            derivative = act.derivative(x)
    d = np.asarray(derivative, dtype=np.float64)
    if d.shape != x.shape:
        raise ValueError("the derivative must have one value per grid point")
    cls = _classify(d, eps)
    # Runs of equal class: [starts[i], stops[i]) in grid indices.
    change = np.flatnonzero(cls[1:] != cls[:-1]) + 1
    starts = np.concatenate([[0], change])
    stops = np.concatenate([change, [x.size]])
    keep = cls[starts] != _NONE
    starts, stops, kinds = starts[keep], stops[keep], cls[starts[keep]]
    if starts.size == 0:
        return []
    lefts = x[starts]
    rights = x[stops - 1]
    # Refine the edges that lie inside the range.
    inner_left = starts > 0
    inner_right = stops < x.size
    with np.errstate(over="ignore", invalid="ignore"):
        for kind in (_SOFT, _HARD):
            sel = inner_left & (kinds == kind)
            if sel.any():
                lefts[sel] = _refine(act.derivative, x[starts[sel]], x[starts[sel] - 1], kind, eps)
            sel = inner_right & (kinds == kind)
            if sel.any():
                rights[sel] = _refine(act.derivative, x[stops[sel] - 1], x[stops[sel]], kind, eps)
    regions = []
    for i in range(starts.size):
        if not inner_left[i] and not inner_right[i]:
            side: Side = "whole"
        elif not inner_left[i]:
            side = "left"
        elif not inner_right[i]:
            side = "right"
        else:
            side = "interior"
        regions.append(
            SaturationRegion(
                kind="hard" if kinds[i] == _HARD else "soft",
                side=side,
                start=float(lefts[i]),
                stop=float(rights[i]),
            )
        )
    return regions
