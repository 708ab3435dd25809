"""Open or closed: which ends of a measured output range f attains.

Kept beside :mod:`actplot.analysis.properties` (whose grids it reuses) for the
comparison table, which writes ranges as Wikipedia's does: (0, 1), [0, ∞).
"""

from __future__ import annotations

import math

import numpy as np

from actplot.analysis.properties import MeasuredProperties, _evaluator, _Fn
from actplot.catalogue import Activation

__all__ = ["attained_ends"]


def attained_ends(act: Activation, measured: MeasuredProperties) -> tuple[bool, bool]:
    """Whether f takes the lower and the upper end of its measured range.

    An infinite end is not attained; a finite one is, unless a side that
    saturates softly tends to it (sigmoid's 0 and 1: f(±1e300) equals the end
    there) or f jumps and no sample of the measurement grid equals it
    (threshold's infimum 0, approached from the right of its jump).
    """
    with np.errstate(all="ignore"):
        tails = (float(_evaluator(act)(-1e300)), float(_evaluator(act)(1e300)))
        fn = _Fn(act) if measured.continuity < 0 else None
    out = []
    for end in measured.output_range:
        if not math.isfinite(end):
            out.append(False)
            continue
        close = 1e-12 * (1.0 + abs(end))
        soft = any(
            side == "soft" and abs(tail - end) <= close
            for side, tail in zip(measured.saturation, tails, strict=True)
        )
        if soft:
            out.append(False)
        elif fn is not None:
            out.append(bool(np.any(fn.fx == end)))
        else:
            out.append(True)
    return out[0], out[1]
