"""Slope bounds: [inf f', sup f'] over the real line, and the Lipschitz constant.

Measured as :mod:`actplot.analysis.properties` measures max |f'|: on its grid
(40 001 points on [-L, L], ±10^k for k = -300 ... 300, the kinks and their
neighbours), refined around the extremum by zooming, with the one-sided
limits at each kink, and unbounded where f' runs off towards an end. The zoom
locates an interior extremum to float64 resolution, where f' is flat, so the
bounds are exact to a few ulp (SiLU's [-0.0998393, 1.09984] agrees with
mpmath's to 1e-15). An extremum of 0 met only near the double closest to it
(snake's 1 + sin 2x, ~1e-32 there) is reported as 0, as is a bound approached
at x = ±1e300. The Lipschitz constant is max(|inf f'|, |sup f'|), and ``inf``
where f jumps: a discontinuous f has none (its bounds are then those of f'
away from the jumps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.analysis.properties import _EPS, _extreme, _Fn, _jump_order, to_json_value
from actplot.catalogue import Activation

__all__ = ["SlopeBounds", "slope_bounds", "slope_range"]


@dataclass(frozen=True)
class SlopeBounds:
    """[inf f', sup f'] over the real line and the Lipschitz constant."""

    low: float
    high: float
    lipschitz: float

    def to_dict(self) -> dict[str, Any]:
        """``{"slope_range": [low, high], "lipschitz": ...}``, strict JSON."""
        return {
            "slope_range": to_json_value((self.low, self.high)),
            "lipschitz": to_json_value(self.lipschitz),
        }


def slope_range(fn: _Fn, jumps: bool) -> SlopeBounds:
    """The bounds of f' measured on ``fn``'s grids; ``jumps``: whether f jumps."""
    low = -_extreme(fn, fn.g, fn.gx, -1.0)
    high = _extreme(fn, fn.g, fn.gx, 1.0)
    for k in fn.kinks:  # the left-hand limits (right-hand values are on the grid)
        left = float(fn.g(k - 1e-12 * max(1.0, abs(k))))
        if math.isfinite(left):
            low, high = min(low, left), max(high, left)
    # An interior extremum of 0 (snake's 1 + sin 2x) is met only near the
    # double closest to it, where f' is ~1e-32: below float64's resolution of
    # f' itself, it is 0; so is a bound approached at x = ±1e300 (2e-300).
    scale = max([abs(v) for v in (low, high) if math.isfinite(v)], default=0.0)
    low, high = (0.0 if abs(v) <= max(4 * _EPS * scale, 1e-250) else v + 0.0 for v in (low, high))
    lipschitz = math.inf if jumps else max(abs(low), abs(high))
    return SlopeBounds(low, high, lipschitz)


def _jumps(fn: _Fn) -> bool:
    """Whether f jumps at one of its declared kinks."""
    return any(_jump_order(fn, k, 1e-3 * max(1.0, abs(k))) == -1 for k in fn.kinks)


def slope_bounds(act: Activation) -> SlopeBounds:
    """The slope range and Lipschitz constant of ``act`` (cheaper than a whole ``compute``).

    f counts as jumping where it does at a declared kink;
    :func:`actplot.analysis.properties.compute`
    examines every irregular point, and agrees on every catalogue function.
    """
    with np.errstate(all="ignore"):
        fn = _Fn(act)
        return slope_range(fn, _jumps(fn))
