"""The exact difference of two activations, A - B, and of their derivatives.

Where A and B nearly agree, A(x) - B(x) of the two float64 values keeps only
what those values resolve: each is within ``VALUE_TOLERANCE`` (the catalogue's
bar, 1e-12 relative) of the truth, so the difference is known to
``VALUE_TOLERANCE * (|A| + |B|)`` -- the *resolution* of the points below.
The subtraction itself is exact there (Sterbenz: A/2 <= B <= 2A), so nothing
further is lost to rounding.

Far out on one side, A and B are often both close to the same line (GELU and
its tanh approximation to x) while their difference is tiny: the resolution of
|A| + |B| ~ 2|x| would hide it. When both functions have a linear odd part,
f(x) - f(-x) = c x (the catalogue's ``odd_slope``: GELU, SiLU, softplus,
ReLU...), the identity

    A(x) - B(x) = (c_A - c_B) x + A(-x) - B(-x)

takes the difference from the other side, where both values are tiny and
carry full relative precision; and A'(x) - B'(x) = (c_A - c_B) - (A'(-x) -
B'(-x)). Each point uses whichever form has the smaller operands (and so the
finer resolution). There GELU - GELU_tanh stays resolved to relative 1e-12 out
to x = 37, where both tails underflow.

Where |A - B| is below the resolution even so (near x = 0 for two functions
that agree to fourth order there), the difference is below what float64
values resolve: :attr:`Difference.unresolved` marks those points, and the
figure shades them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from actplot.catalogue import Activation

__all__ = ["VALUE_TOLERANCE", "Difference", "Extreme", "difference", "unresolved_intervals"]

VALUE_TOLERANCE = 1e-12  # the catalogue's bar: every value within this, relative, of the truth


@dataclass(frozen=True)
class Extreme:
    """The largest |difference| on the grid, refined between grid points."""

    x: float
    value: float  # signed: A - B there (or the relative difference)

    @property
    def size(self) -> float:
        return abs(self.value)


@dataclass(frozen=True)
class Difference:
    """A - B and A' - B' on a grid, each with the resolution it is known to.

    With ``relative``, ``delta`` is (A - B)/|B| and ``d_delta`` (A' - B')/|B'|
    (NaN where B or B' is 0), and the resolutions are divided likewise.
    """

    a: Activation
    b: Activation
    x: np.ndarray
    delta: np.ndarray
    resolution: np.ndarray
    d_delta: np.ndarray
    d_resolution: np.ndarray
    mirrored: np.ndarray  # where the difference was taken from -x (see the module docstring)
    relative: bool
    maximum: Extreme
    d_maximum: Extreme

    @property
    def unresolved(self) -> np.ndarray:
        """Where |A - B| is not above its resolution: below what float64 values resolve.

        (Not where it is undefined: NaN, where A or B is, or B = 0 with ``relative``.)
        """
        with np.errstate(invalid="ignore"):
            return np.abs(self.delta) <= self.resolution

    @property
    def d_unresolved(self) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return np.abs(self.d_delta) <= self.d_resolution


def _slope(act: Activation) -> float | None:
    return None if act.odd_slope is None else float(act.odd_slope(act.values))


def _values(
    a: Activation, b: Activation, x: np.ndarray, *, derivative: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(A - B, its resolution, mirrored) at x: of f, or of f' with ``derivative``."""
    fa = a.derivative if derivative else a
    fb = b.derivative if derivative else b
    with np.errstate(all="ignore"):  # inf and NaN where f is: the difference shows a gap
        va, vb = fa(x), fb(x)
        delta = va - vb
        scale = np.abs(va) + np.abs(vb)
        mirrored = np.zeros(x.shape, dtype=bool)
        ca, cb = _slope(a), _slope(b)
        if ca is not None and cb is not None:
            ma, mb = fa(-x), fb(-x)
            mirror_scale = np.abs(ma) + np.abs(mb)
            if derivative:  # f'(x) = c - f'(-x)
                mirror = (ca - cb) - (ma - mb)
            else:  # f(x) = c x + f(-x)
                mirror = (ca - cb) * x + (ma - mb)
            mirrored = np.isfinite(mirror) & (mirror_scale < scale)
            delta = np.where(mirrored, mirror, delta)
            scale = np.where(mirrored, mirror_scale, scale)
        # The operands' tolerance, plus the rounding of the result itself.
        resolution = VALUE_TOLERANCE * scale + np.spacing(np.abs(delta)) / 2
        return delta, resolution, mirrored


def _relative(
    delta: np.ndarray, resolution: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(all="ignore"):
        size = np.where(b != 0, np.abs(b), np.nan)
        return delta / size, resolution / size


def _refine(fun: Callable[[np.ndarray], np.ndarray], x: np.ndarray, values: np.ndarray) -> Extreme:
    """The maximum of |values| on the grid, zoomed in between its neighbours."""
    size = np.where(np.isfinite(values), np.abs(values), -np.inf)
    if not np.any(np.isfinite(values)):
        return Extreme(math.nan, math.nan)
    i = int(np.argmax(size))
    best_x, best = float(x[i]), float(values[i])
    lo, hi = x[max(i - 1, 0)], x[min(i + 1, x.size - 1)]
    for _ in range(12):
        if not hi > lo:
            break
        xs = np.linspace(lo, hi, 201)
        vs = fun(xs)
        sz = np.where(np.isfinite(vs), np.abs(vs), -np.inf)
        j = int(np.argmax(sz))
        if sz[j] > abs(best):
            best_x, best = float(xs[j]), float(vs[j])
        lo, hi = xs[max(j - 1, 0)], xs[min(j + 1, 200)]
    return Extreme(best_x + 0.0, best)


def difference(
    a: Activation, b: Activation, x: np.ndarray, *, relative: bool = False
) -> Difference:
    """A - B and A' - B' of two activations on the sorted grid ``x``.

    See the module docstring for how the difference is kept exact and what
    its resolution is. With ``relative``, the differences are divided by
    |B| (|B'|). The maxima are refined between grid points, within the grid's
    range.
    """
    x = np.asarray(x, dtype=np.float64)

    def on(points: np.ndarray, derivative: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        delta, res, mirrored = _values(a, b, points, derivative=derivative)
        if relative:
            fb = b.derivative if derivative else b
            with np.errstate(all="ignore"):
                delta, res = _relative(delta, res, fb(points))
        return delta, res, mirrored

    delta, res, mirrored = on(x, False)
    d_delta, d_res, _ = on(x, True)
    return Difference(
        a=a,
        b=b,
        x=x,
        delta=delta,
        resolution=res,
        d_delta=d_delta,
        d_resolution=d_res,
        mirrored=mirrored,
        relative=relative,
        maximum=_refine(lambda p: on(p, False)[0], x, delta),
        d_maximum=_refine(lambda p: on(p, True)[0], x, d_delta),
    )


def unresolved_intervals(x: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """The runs of ``mask`` on the grid ``x`` as (start, stop) intervals."""
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return []
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts, stops = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1
    return [(float(x[i]) + 0.0, float(x[j]) + 0.0) for i, j in zip(starts, stops, strict=True)]
