"""Measured properties of an activation: what ``actplot info`` shows.

Everything here is computed numerically from the kernels (numpy only), for any
parameter values, so the catalogue's *declared* :class:`~actplot.catalogue.Properties`
can be checked against it. The methods, and how far each can be trusted:

output range
    min and max of f over a grid: 40 001 uniform points on [-L, L] (L = 20, or
    1.5 × the farthest kink), ±10^k for k = -300 … 300, and every kink with its
    neighbours; interior extrema are refined by zooming. A side is reported
    unbounded (±inf) when f overflows there, or when its values at x = ±10^k
    (or at distance 10^-k from the edge of a NaN region) keep moving the same way
    without their steps shrinking -- logarithmic growth or faster. An end is
    attained (closed) at an interior extremum or on a hard-saturated side; not
    when only approached at a point (threshold's 0+, a subnormal) or along a soft
    tail, where f merely rounds to its limit (sigmoid(40) == 1.0).
monotonic, monotonic derivative
    signs of successive differences of f (and f') on that grid, with a
    tolerance of 1e-12 relative (f' ≥ 0 is also required on the grid). Where f
    jumps (continuity -1), f' has an impulse there, so it is not monotonic
    (the binary step's f' is "no", as in Wikipedia's comparison table).
attained ends of the range
    :func:`actplot.analysis.ranges.attained_ends`: a finite end is attained
    unless only a soft tail tends to it, or f jumps and no sample reaches it.
continuity
    the order k of C^k, from one-sided limits of f, f', f'' and f''' at
    candidate points: the declared kinks, 0, and every point where a finite
    difference of f or f' (orders 1-3, on the uniform grid) is an outlier
    against its neighbours, located by bisection. The one-sided limits come
    from degree-4 interpolation of f' on 5 points at spacing 1e-3 on each side,
    repeated at 1e-4 and 1e-5: a jump must persist at all three (so a smooth
    feature narrower than 1e-3, such as softplus with beta = 100, is not one).
    Result: -1 (f jumps), 0, 1 or 2 (the first derivative that jumps), ``inf``
    when there are no kinks and no irregular point at all, and otherwise 3,
    meaning "at least C3": higher orders are not examined.
saturation, per side
    "hard" when f' is exactly 0 from some finite c on (checked on the grid and
    at ±30, ±100, ±1e3, …, ±1e300, and every 0.25 up to ±1000) and f' is
    not merely underflowing there: bisecting to c, the last non-zero |f'|
    before it exceeds 1e-290 (a soft tail reaches 0 through subnormals);
    "soft" when f' tends to 0 without being 0 (|f'| ≤ 1e-100 for
    |x| ≥ 1e150, or underflow as above); "none" otherwise, including a side
    where f is undefined (NaN).
identity near 0, crosses zero
    identity: f(0) = 0 and f' = 1 on both sides of 0 (relu's right-hand
    f'(0) = 1 alone is not enough); crosses zero: f(0) = 0 and f takes
    both signs (inf f < 0 < sup f). This is not "zero-centred output": GELU
    crosses zero, yet its mean output E f(Z) is 0.28 (the bias shift).
max |f'|
    over the grid, refined around the maximum by zooming, with one-sided limits
    at kinks; ``inf`` when |f'| grows without bound (same test as the range).
slope range, Lipschitz constant
    [inf f', sup f'] and max(|inf f'|, |sup f'|), ``inf`` where f jumps: see
    :mod:`actplot.analysis.slopes`.
Gaussian moments E f(Z), Var f(Z), E|f'(Z)| for Z ~ N(0, 1)
    adaptive Gauss-Legendre on [-40, 40] with panels of width ≤ 1 split at the
    kinks: each panel's 15- and 30-node results must agree to
    1e-16 + 1e-14 × |value|, or it is halved. Beyond ±40 the normal density
    is below 1e-347, so for every function that grows slower than e^(x²/4) the
    results are accurate to about 1e-12 (absolute, or relative if larger;
    the tests hold them to 1e-12 against closed forms and 1e-10 against
    mpmath). NaN when f is NaN on part of the line.

All values are floats; in :meth:`MeasuredProperties.to_dict` infinities become
the strings ``"inf"``/``"-inf"`` and NaN becomes ``null``, so the result is
strict JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from actplot.analysis.declared import (  # re-exported: the public names stay here
    CONTINUITY_CAP,
    continuity_label,
    mismatches,
    to_json_value,
)
from actplot.catalogue import Activation, Properties

__all__ = [
    "MeasuredProperties",
    "compute",
    "continuity_label",
    "mismatches",
    "to_json_value",
]


_EPS = np.finfo(np.float64).eps
_TAIL = 10.0 ** np.arange(1, 301)  # 10, 100, ..., 1e300
# 30, 100, 1e3, ..., 1e300, and every 0.25 up to 1000 so that a soft tail
# (e^-x underflows near 745, e^-x² near 27) is seen decaying to 0, not jumping.
_SAT_POINTS = np.concatenate([[30.0], _TAIL[1:], np.arange(1.0, 1000.0, 0.25)])
_CAP = CONTINUITY_CAP  # highest order of continuity examined ("at least C3")
_GL = {n: np.polynomial.legendre.leggauss(n) for n in (15, 30)}


@dataclass(frozen=True)
class MeasuredProperties:
    """The measured properties of one activation at its parameter values."""

    name: str
    params: dict[str, float]
    kinks: tuple[float, ...]
    domain: tuple[float, float]  # where f is defined (not NaN)
    output_range: tuple[float, float]
    range_attained: tuple[bool, bool]  # inf f, sup f are values of f (closed ends)
    monotonic: bool
    monotonic_derivative: bool
    continuity: float  # -1 (jump), 0, 1, 2, 3 (= at least C3) or inf
    identity_near_zero: bool
    crosses_zero: bool
    saturation: tuple[str, str]
    f0: float
    df0: float
    max_abs_derivative: float
    slope_range: tuple[float, float]  # [inf f', sup f'] over the line
    lipschitz: float  # max |f'|, inf where f jumps
    gaussian_mean: float
    gaussian_var: float
    gaussian_mean_abs_derivative: float

    def declared_fields(self) -> Properties:
        """These measurements in the shape of the catalogue's ``Properties``."""
        return Properties(
            output_range=self.output_range,
            monotonic=self.monotonic,
            monotonic_derivative=self.monotonic_derivative,
            continuity=self.continuity,
            identity_near_zero=self.identity_near_zero,
            crosses_zero=self.crosses_zero,
            saturation=self.saturation,
        )

    def to_dict(self) -> dict[str, Any]:
        """A strict-JSON-serialisable dict (inf as ``"inf"``, NaN as None)."""
        out = {f.name: to_json_value(getattr(self, f.name)) for f in fields(self)}
        out["continuity_label"] = continuity_label(self.continuity)
        return out


def _evaluator(fun: Callable[[np.ndarray], np.ndarray]) -> Callable[..., np.ndarray]:
    def call(x: Any) -> np.ndarray:
        # NaN outside the domain is part of the contract (softexponential with
        # alpha < 0); the measurements handle it, so don't let it warn.
        with np.errstate(all="ignore"):
            return np.asarray(fun(np.asarray(x, dtype=np.float64)), dtype=np.float64)

    return call


class _Fn:
    """f and f' of one activation, with the grids they are measured on."""

    def __init__(self, act: Activation):
        self.f = _evaluator(act)
        self.g = _evaluator(act.derivative)
        self.kinks = tuple(float(k) + 0.0 for k in act.kink_points)  # no -0.0
        self.span = max([20.0] + [1.5 * abs(k) for k in self.kinks])
        self.lin = np.linspace(-self.span, self.span, 40001)
        self.h = self.lin[1] - self.lin[0]
        near = []
        for k in self.kinks:
            d = 1e-9 * max(1.0, abs(k))
            near += [k, k - d, k + d, np.nextafter(k, -np.inf), np.nextafter(k, np.inf)]
        small = 10.0 ** np.arange(-300, 1)
        self.x = np.unique(np.concatenate([self.lin, _TAIL, -_TAIL, small, -small, near]))
        self.fx = self.f(self.x)
        self.gx = self.g(self.x)


# ---------------------------------------------------------------- range


def _runs_off(v: np.ndarray) -> int:
    """+1/-1 if the sequence runs off to ±inf, else 0.

    ``v`` are values along a path towards an end (x = 10, 100, … or ever closer
    to the edge of a NaN region). It runs off if it reaches ±inf, or if its last
    steps all have one sign and do not shrink (at least logarithmic growth).
    """
    v = v[~np.isnan(v)]
    if v.size == 0:
        return 0
    if np.isinf(v[-1]):
        return 1 if v[-1] > 0 else -1
    v = v[np.isfinite(v)][-7:]
    if v.size < 4:
        return 0
    d = np.diff(v)
    for sign in (1, -1):
        s = sign * d
        if np.all(s > 0) and s[-1] >= 0.5 * s[0]:
            return sign
    return 0


def _nan_edges(fn: _Fn) -> list[tuple[float, int]]:
    """Edges of NaN regions as (x, side): f is finite on ``side`` of x."""
    ok = np.isfinite(fn.fx) | np.isinf(fn.fx)
    out = []
    for i in np.nonzero(ok[1:] != ok[:-1])[0]:
        lo, hi = fn.x[i], fn.x[i + 1]
        good_right = bool(ok[i + 1])
        for _ in range(200):
            mid = lo + (hi - lo) / 2
            if mid in (lo, hi):
                break
            if bool(np.isfinite(fn.f(mid)) | np.isinf(fn.f(mid))) == good_right:
                hi = mid
            else:
                lo = mid
        out.append((hi, 1) if good_right else (lo, -1))
    return out


def _paths(fn: _Fn) -> list[np.ndarray]:
    """Points running to each end of the domain: ±inf and NaN edges."""
    paths = [_TAIL, -_TAIL]
    for edge, side in _nan_edges(fn):
        scale = max(1.0, abs(edge))
        paths.append(edge + side * scale * 10.0 ** -np.arange(0, 13.0))
    return paths


def _zoom(fun: Callable, x: np.ndarray, i: int, sign: float) -> float:
    """Refine an interior extremum of ``fun`` near grid point ``x[i]``."""
    if not 0 < i < x.size - 1:
        return float(sign * fun(x[i]))
    lo, hi = x[i - 1], x[i + 1]
    best = -math.inf
    for _ in range(8):
        xs = np.linspace(lo, hi, 201)
        ys = sign * fun(xs)
        if not np.any(np.isfinite(ys)):
            break
        j = int(np.nanargmax(np.where(np.isfinite(ys), ys, -np.inf)))
        best = max(best, float(ys[j]))
        lo, hi = xs[max(j - 1, 0)], xs[min(j + 1, 200)]
    return best


def _extreme(fn: _Fn, fun: Callable, values: np.ndarray, sign: float) -> float:
    """max of sign·fun over the line (inf if it runs off), values on fn.x."""
    for path in _paths(fn):
        if _runs_off(sign * fun(path)) == 1:
            return math.inf
    v = np.where(np.isfinite(values), sign * values, -np.inf)
    if not np.any(np.isfinite(v)):
        return math.nan
    i = int(np.argmax(v))
    best = max(float(v[i]), _zoom(fun, fn.x, i, sign))
    # Beyond 1e300 only a pole (1/x at 0) or an overflow gets: unbounded.
    return math.inf if best > 1e300 else best


def _attained(fn: _Fn, value: float, sign: int, saturation: tuple[str, str]) -> bool:
    """Whether the extreme ``value`` (sign -1: inf, +1: sup) is a value of f (see above)."""
    if not math.isfinite(value) or (value != 0 and abs(value) < 1e-250):
        return False
    v = np.where(np.isfinite(fn.fx), sign * fn.fx, -np.inf)
    if sign * value > float(np.max(v)):  # the zoom found it between grid points
        return True
    at, tail = fn.fx == value, np.zeros(fn.fx.shape, dtype=bool)
    for side, run in ((0, at), (1, at[::-1])):  # soft tails' points rounded to the limit
        if saturation[side] == "soft" and run[0]:
            n = run.size if run.all() else int(np.argmin(run))
            tail[slice(-n, None) if side else slice(0, n)] = True
    return bool(np.any(at & ~tail))


# ---------------------------------------------------------------- continuity


def _one_sided(fun: Callable, p: float, side: int, h: float) -> np.ndarray:
    """Value, first and second derivative of ``fun`` at p from one side."""
    d0 = 1e-9 * max(1.0, abs(p))
    x = p + side * (d0 + h * np.arange(5))
    t = (x - p) / h
    y = fun(x)
    c = np.linalg.solve(np.vander(t, 5, increasing=True), y)
    return np.array([c[0], c[1] / h, 2 * c[2] / h**2])


def _jump_order(fn: _Fn, p: float, h: float) -> int | None:
    """First order (-1: f, 0: f', 1: f'', 2: f''') that jumps at p, or None.

    A jump must show at spacings h, h/10 and h/100 without shrinking: a
    smooth feature narrower than h (softplus with a large beta) fools one
    spacing, but its apparent jump vanishes once the spacing resolves it.
    """
    d = 1e-9 * max(1.0, abs(p))
    fl, fr = fn.f(p - d), fn.f(p + d)
    steps = (h, h / 10, h / 100)
    left = [_one_sided(fn.g, p, -1, s) for s in steps]
    right = [_one_sided(fn.g, p, 1, s) for s in steps]
    if not all(np.all(np.isfinite(v)) for v in left + right):
        return None  # edge of the domain or a singularity: not a kink
    slope = abs(right[0][0]) + abs(left[0][0])
    if abs(fl - fr) > 1e-7 * (1 + max(abs(fl), abs(fr))) + 4 * d * slope:
        return -1
    for order, tol in enumerate((1e-7, 1e-5, 1e-3)):
        gaps = [
            abs(a[order] - b[order]) / (1 + max(abs(a[order]), abs(b[order])))
            for a, b in zip(left, right, strict=True)
        ]
        if min(gaps) > tol and gaps[-1] >= 0.3 * gaps[0]:
            return order
    return None


def _neighbour_max(a: np.ndarray, gap: int, w: int = 10) -> np.ndarray:
    """For each i, max of a over i-w..i-gap-1 and i+gap+1..i+w (NaN if cut)."""
    pad = np.concatenate([np.full(w, np.nan), a, np.full(w, np.nan)])
    win = np.lib.stride_tricks.sliding_window_view(pad, 2 * w + 1)
    keep = np.r_[np.arange(0, w - gap), np.arange(w + gap + 1, 2 * w + 1)]
    return np.max(win[:, keep], axis=1)


def _measure(fun: Callable, order: int, a: float, b: float) -> float:
    """How strongly an order-``order`` break inside [a, b] shows."""
    coef = {1: (-1, 1), 2: (1, -2, 1), 3: (-1, 3, -3, 1)}[order]
    xs = np.linspace(a, b, len(coef))
    return float(abs(np.dot(coef, fun(xs))))


def _locate(fun: Callable, order: int, a: float, b: float) -> float:
    """Bisect (with overlapping halves) to the break inside [a, b]."""
    for _ in range(200):
        if b - a <= 1e-13 * max(1.0, abs(a)):
            break
        length = b - a
        left = (a, a + 0.6 * length)
        right = (a + 0.4 * length, b)
        if _measure(fun, order, *left) >= _measure(fun, order, *right):
            a, b = left
        else:
            a, b = right
    return 0.5 * (a + b)


def _irregular_points(fn: _Fn) -> list[float]:
    """Points where f or f' looks non-smooth on the uniform grid."""
    x = fn.lin
    f, g = fn.f(x), fn.g(x)
    found: list[float] = []
    # (function, its values, difference order passed to _measure, order)
    for fun, y, k in ((fn.f, f, 1), (fn.g, g, 1), (fn.g, g, 2), (fn.g, g, 3)):
        with np.errstate(all="ignore"):
            d = np.abs(np.diff(y, n=k))
            size = np.abs(y)
            local = np.max(np.lib.stride_tricks.sliding_window_view(size, k + 1), axis=1)
            floor = 1e4 * _EPS * 2**k * local + 1e-290
            near = _neighbour_max(d, gap=k + 1)
            flag = (d > 30 * near + floor) & np.isfinite(near)
        idx = np.nonzero(flag)[0]
        if idx.size > 200:  # a noisy function, not a few breaks: give up here
            found.append(math.nan)
            continue
        for group in np.split(idx, np.nonzero(np.diff(idx) > k + 2)[0] + 1):
            if group.size == 0:
                continue
            lo = x[max(group[0] - 1, 0)]
            hi = x[min(group[-1] + k + 1, x.size - 1)]
            found.append(_locate(fun, k, lo, hi))
    return found


def _continuity(fn: _Fn) -> float:
    irregular = _irregular_points(fn)
    if any(math.isnan(p) for p in irregular):
        return float(_CAP)
    points = list(fn.kinks) + [0.0]
    for p in irregular:
        snap = [q for q in points if abs(q - p) <= 1e-7 * max(1.0, abs(q))]
        if not snap:
            points.append(p)
    points.sort()
    orders = []
    for i, p in enumerate(points):
        gaps = [abs(p - q) for j, q in enumerate(points) if j != i]
        h = min([1e-3 * max(1.0, abs(p))] + [0.05 * s for s in gaps if s > 0])
        order = _jump_order(fn, p, h)
        if order is not None:
            orders.append(order)
    if orders:
        return float(min(orders))
    if fn.kinks or len(points) > 1:
        return float(_CAP)
    return math.inf


# ---------------------------------------------------------------- saturation


def _saturation(fn: _Fn, side: int) -> str:
    x = np.concatenate([fn.lin[fn.lin * side > 0] * side, _SAT_POINTS])
    x = side * np.unique(x)  # from 0 outwards
    g = fn.g(x)
    if np.any(np.isnan(g)):
        return "none"
    zero = g == 0
    if zero[-1]:
        nonzero = np.nonzero(~zero)[0]
        if nonzero.size == 0:
            return "hard"
        # Bisect to the first x where f' is 0: just before it, a soft tail
        # has underflowed to a subnormal, a hard one has not.
        a, b = float(x[nonzero[-1]]), float(x[nonzero[-1] + 1])
        for _ in range(2100):
            mid = a + (b - a) / 2
            if mid in (a, b):
                break
            if fn.g(mid) != 0:
                a = mid
            else:
                b = mid
        last = abs(float(fn.g(a)))
        # Past 2^53, 1 + |x| rounds to |x|: a formula such as x/(1+abs(x))
        # computes f' = 0 there although its tail (~1/x^2) is soft.
        if abs(a) >= 2.0**53 and last < 1e-12:
            return "soft"
        return "hard" if last > 1e-290 else "soft"
    far = np.abs(g[np.abs(x) >= 1e150])
    return "soft" if np.all(far <= 1e-100) else "none"


# ---------------------------------------------------------------- quadrature


def _normal_expectation(fun: Callable, breaks: list[float]) -> float:
    """E[fun(Z)] for Z ~ N(0, 1) by adaptive Gauss-Legendre on [-40, 40]."""
    edges = np.unique(np.r_[np.arange(-40.0, 41.0), [b for b in breaks if -40 < b < 40]])
    a, b = edges[:-1], edges[1:]
    parts: list[float] = []

    def panel(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
        t, w = _GL[n]
        mid, half = (a + b) / 2, (b - a) / 2
        x = mid[:, None] + half[:, None] * t
        y = fun(x) * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
        return half * (y @ w)

    for _ in range(60):
        with np.errstate(all="ignore"):
            coarse, fine = panel(a, b, 15), panel(a, b, 30)
        if not np.all(np.isfinite(fine)):
            return math.nan
        ok = np.abs(coarse - fine) <= 1e-16 + 1e-14 * np.abs(fine)
        ok |= (b - a) < 1e-12
        parts.extend(fine[ok].tolist())
        if np.all(ok):
            return _beyond_noise(parts)
        a, b = a[~ok], b[~ok]
        mid = (a + b) / 2
        a, b = np.r_[a, mid], np.r_[mid, b]
    return _beyond_noise(parts + panel(a, b, 30).tolist())


def _beyond_noise(parts: list[float]) -> float:
    """The panels' sum, or 0 below the sum of their error bounds, 1e-16 + 1e-14 |panel|
    (tanh's E f(Z), whose halves cancel, is 0 rather than -1e-17)."""
    total = math.fsum(parts)
    bound = math.fsum(1e-16 + 1e-14 * abs(p) for p in parts)
    return 0.0 if abs(total) <= bound else total


# ---------------------------------------------------------------- compute


def compute(act: Activation) -> MeasuredProperties:
    """The properties of ``act`` (``actplot.get("elu", alpha=0.5)``) at its parameter values.

    A frozen record (``.to_dict()`` gives strict JSON); the module docstring
    gives the methods and their accuracy.
    """
    # The measurements compare huge, infinite and NaN values on purpose (1/x
    # near 0, a NaN region): numpy must not warn about them.
    with np.errstate(all="ignore"):
        return _compute(act)


def _compute(act: Activation) -> MeasuredProperties:
    fn = _Fn(act)
    raw = (-_extreme(fn, fn.f, fn.fx, -1.0), _extreme(fn, fn.f, fn.fx, 1.0))
    # An infimum approached but not attained at 0 (threshold's x -> 0+) shows
    # as the smallest subnormal; report the limit.
    lo, hi = (0.0 if abs(v) < 1e-250 else v for v in raw)
    saturation = (_saturation(fn, -1), _saturation(fn, 1))
    attained = (_attained(fn, raw[0], -1, saturation), _attained(fn, raw[1], 1, saturation))

    with np.errstate(invalid="ignore"):
        ok = np.isfinite(fn.fx)
        fx, gx = fn.fx[ok], fn.gx[ok]
        df = np.diff(fx)
        ftol = 1e-12 * (np.abs(fx[1:]) + np.abs(fx[:-1])) + 1e-300
        gfin = gx[np.isfinite(gx)]
        gscale = float(np.max(np.abs(gfin))) if gfin.size else 0.0
        monotonic = bool(np.all(df >= -ftol) and np.all(gfin >= -1e-12 * gscale))
        dg = np.diff(gfin)
        gtol = 1e-10 * (np.abs(gfin[1:]) + np.abs(gfin[:-1])) + 1e-300
        mono_grad = bool(np.all(dg >= -gtol) or np.all(dg <= gtol))

    f0, df0 = float(fn.f(0.0)) + 0.0, float(fn.g(0.0)) + 0.0  # no -0.0
    df0_left = float(fn.g(-1e-9))
    identity = abs(f0) <= 1e-12 and abs(df0 - 1) <= 1e-6 and abs(df0_left - 1) <= 1e-6
    crosses_zero = abs(f0) <= 1e-12 and lo < 0 < hi

    gabs = np.abs(fn.gx)
    max_grad = _extreme(fn, lambda x: np.abs(fn.g(x)), gabs, 1.0)
    for k in fn.kinks:  # one-sided limits at kinks (left is not a grid value)
        max_grad = max(max_grad, float(abs(fn.g(k - 1e-12 * max(1.0, abs(k))))))

    edges = _nan_edges(fn)
    domain = (
        max([e for e, side in edges if side > 0], default=-math.inf),
        min([e for e, side in edges if side < 0], default=math.inf),
    )
    breaks = list(fn.kinks) + [e for e, _ in edges]
    mean = _normal_expectation(fn.f, breaks)
    var = (
        _normal_expectation(lambda x: (fn.f(x) - mean) ** 2, breaks)
        if math.isfinite(mean)
        else math.nan
    )
    mean_abs_grad = _normal_expectation(lambda x: np.abs(fn.g(x)), breaks)
    continuity = _continuity(fn)
    from actplot.analysis.slopes import slope_range

    slopes = slope_range(fn, jumps=continuity < 0)

    if continuity < 0:  # an impulse in f' where f jumps
        mono_grad = False
    return MeasuredProperties(
        name=act.name,
        params=dict(act.values),
        kinks=fn.kinks,
        domain=domain,
        output_range=(lo, hi),
        range_attained=attained,
        monotonic=monotonic,
        monotonic_derivative=mono_grad,
        continuity=continuity,
        identity_near_zero=identity,
        crosses_zero=crosses_zero,
        saturation=saturation,
        f0=f0,
        df0=df0,
        max_abs_derivative=max_grad,
        slope_range=(slopes.low, slopes.high),
        lipschitz=slopes.lipschitz,
        gaussian_mean=mean,
        gaussian_var=var,
        gaussian_mean_abs_derivative=mean_abs_grad,
    )
