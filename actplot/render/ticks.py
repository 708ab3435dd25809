"""Ticks a person would choose: −10 −5 0 5 10 and 0 0.5 1, never −7.5 or "1.0".

MATLAB and Octave label their axes this way; matplotlib's defaults step by
2.5 and write every label with the decimals of the finest one. On a tiny or
huge axis the labels are scaled and the axis reads ``×10⁻⁶``, not an offset.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.ticker import Formatter, MaxNLocator

__all__ = ["RoundLocator", "TickFormatter", "set_ticks"]


class RoundLocator(MaxNLocator):
    """Steps of 1, 2 or 5 × 10^k, 3 to 6 ticks, on both ends of the view when they are round.

    −10 … 10 gets −10 −5 0 5 10, −5 … 5 gets −5 0 5, never −7.5.
    """

    def __init__(self) -> None:
        super().__init__(nbins=5, steps=[1, 2, 5, 10], min_n_ticks=3)

    def tick_values(self, vmin: float, vmax: float) -> Any:
        lo, hi = min(vmin, vmax), max(vmin, vmax)
        span = hi - lo
        if span > 0 and math.isfinite(span):
            base = 10.0 ** math.floor(math.log10(span))
            for step in (0.1 * base, 0.2 * base, 0.5 * base, base, 2 * base, 5 * base):
                count = span / step
                n_lo, n_hi = lo / step, hi / step
                if 2 <= round(count) <= 6 and _whole(n_lo) and _whole(n_hi):
                    return np.arange(round(n_lo), round(n_hi) + 1) * step
        return super().tick_values(vmin, vmax)


def _whole(value: float) -> bool:
    return abs(value - round(value)) <= 1e-9 * max(1.0, abs(value))


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


class TickFormatter(Formatter):
    """Tick labels as a person writes them: 0 0.5 1, −5 0 5, no offset.

    As many decimals as the tick spacing needs, without trailing zeros; on a
    tiny or huge axis the labels are scaled and the axis carries ``×10⁻⁶``
    instead of an offset.
    """

    def __init__(self) -> None:
        self._exponent = 0
        self._decimals = 0

    def set_locs(self, locs: Any) -> None:
        view = [float(v) for v in locs if math.isfinite(v)]
        if self.axis is not None:
            lo, hi = sorted(self.axis.get_view_interval())
            view = [v for v in view if lo - 1e-9 * (hi - lo) <= v <= hi + 1e-9 * (hi - lo)]
        biggest = max((abs(v) for v in view), default=0.0)
        self._exponent = 0
        if biggest and (biggest < 1e-3 or biggest >= 1e5):
            self._exponent = math.floor(math.log10(biggest))
        scale = 10.0**self._exponent
        steps = np.diff(sorted(view)) / scale if len(view) > 1 else np.array([])
        step = float(np.min(steps)) if steps.size and np.min(steps) > 0 else 1.0
        self._decimals = max(0, -math.floor(math.log10(step) + 1e-9))

    def __call__(self, x: float, pos: int | None = None) -> str:
        value = x / 10.0**self._exponent
        text = f"{value:.{self._decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", ""):
            text = "0"
        return self.fix_minus(text)

    def get_offset(self) -> str:
        if not self._exponent:
            return ""
        return self.fix_minus("×10" + str(self._exponent).translate(_SUPERSCRIPT))

    def format_data_short(self, value: float) -> str:
        return self.fix_minus(f"{value:.4g}")


def set_ticks(ax: Any) -> None:
    """Round-number ticks and plain labels on both axes of ``ax``."""
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(RoundLocator())
        axis.set_major_formatter(TickFormatter())
