"""Periodic functions.

sinusoid, sinc and snake: each activation's kernels, then its record.
"""

from __future__ import annotations

import math

import numpy as np

from .records import Activation, Param, Properties
from .stable import _blockwise, _cos, _patched, _polyval, _scaled, _sin, _tan_half

# ---------------------------------------------------------------- sinusoid


@_blockwise
def sinusoid(x):
    return _sin(x)


@_blockwise
def sinusoid_grad(x):
    return _cos(x)


SINUSOID = Activation(
    name="sinusoid",
    label="Sinusoid",
    fn=sinusoid,
    grad=sinusoid_grad,
    formula=r"\sin x",
    derivative_formula=r"\cos x",
    tex_symbol=r"\sin",
    aliases=("sin",),
    reference="Sitzmann, Martel, Bergman, Lindell & Wetzstein (2020), "
    "Implicit neural representations with periodic activation functions",
    properties=Properties(
        output_range=(-1.0, 1.0),
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
)


# ---------------------------------------------------------------- sinc


@_blockwise
def sinc(x):
    # 1 for |x| < 1e-8, where 1 - x^2/6 rounds to 1: not only at 0, for at
    # 5e-324 x/2 in _sin underflows to 0 (sin x/x would be 0).
    return np.divide(_sin(x), x, out=np.ones_like(x), where=np.abs(x) >= 1e-8)


# Taylor coefficients of sinc'(x)/x in powers of x^2: (-1)^k 2k/(2k + 1)!.
_SINC_GRAD_SERIES = tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1) for k in range(1, 10))


def _sinc_grad_series(x):
    return x * _polyval(x * x, _SINC_GRAD_SERIES)


@_blockwise
def sinc_grad(x):
    # (cos x - sin x / x)/x (no x^2 to overflow) = ((1 - t)(1 + t) - 2t/x)
    # / ((1 + t^2) x) with t = tan(x/2) (see _sin, _cos). It cancels ~(3/x^2)
    # ulp near 0: below |x| = 1/2 the series replaces it (terms shrink >= 40x
    # each).
    small = np.abs(x) < 0.5
    xs = np.where(small, 1.0, x)
    t = _tan_half(xs)
    g = 1.0 - t
    g *= t + 1.0
    g -= 2.0 * t / xs
    g /= xs
    t *= t
    t += 1.0
    g /= t
    return _patched(g, x, small, _sinc_grad_series)


SINC = Activation(
    name="sinc",
    label="Sinc",
    fn=sinc,
    grad=sinc_grad,
    formula=r"\frac{\sin x}{x}",
    derivative_formula=r"\frac{x\cos x-\sin x}{x^{2}}",
    reference="—",
    properties=Properties(
        output_range=(-0.21723362821122166, 1.0),  # at x = ±4.49341
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        # f' ~ cos(x)/x: it tends to 0 on both sides, oscillating.
        saturation=("soft", "soft"),
    ),
    odd_slope=lambda v: 0.0,  # even
)


# ---------------------------------------------------------------- snake

_SPLIT = 134217729.0  # 2^27 + 1: Dekker's splitting constant


def _split(v):
    # v = hi + lo exactly, each with at most 26 significant bits; v is scaled
    # by 2^-40 around the split so that 2^27 v cannot overflow.
    t = v * 2.0**-40
    hi = _SPLIT * t
    hi -= hi - t
    hi *= 2.0**40
    return hi, v - hi


def _tan_parts(x, a):
    # tan(a x) as num/den for the exact product a x. Rounded, a x is off by up
    # to half an ulp, many radians once |a x| is large (1e284 at 1e300), and
    # tan(fl(a x)) unrelated to tan(a x). With a x = p + e exactly (Dekker's
    # product, e a double) and libm reducing p and e exactly, tan(p + e) =
    # (tan p + tan e)/(1 - tan p tan e); callers use num and den in
    # homogeneous forms, so den = 0 (a pole) needs no division. For a power
    # of 2 (a = 1 by default), a x is exact: den = 1.
    p = _scaled(x, a)
    t = np.tan(p)
    if math.frexp(abs(a))[0] == 0.5:
        return t, 1.0
    # Where _scaled did not clip x (and x's split cannot round past 1.8e308).
    ok = np.abs(x) <= (1.79e308 if abs(a) <= 1.0 else 1.7e308 / abs(a))
    xs = np.where(ok, x, 0.0)
    a_hi, a_lo = _split(np.float64(a))
    x_hi, x_lo = _split(xs)
    e = a_hi * x_hi - np.where(ok, p, 0.0)
    e += a_hi * x_lo
    e += a_lo * x_hi
    e += a_lo * x_lo
    np.tan(e, out=e)
    den = t * e
    np.subtract(1.0, den, out=den)
    t += e
    return t, den


@_blockwise
def snake(x, a):
    # sin^2(ax) = tan^2/(1 + tan^2) = num^2/(num^2 + den^2): vectorised tans
    # (see _tan_half, _tan_parts).
    u, den = _tan_parts(x, a)
    u *= u
    d = u + den * den
    d *= a
    u /= d
    u += x
    return u


@_blockwise
def snake_grad(x, a):
    # 1 + sin 2ax = (1 + tan ax)^2/(1 + tan^2 ax) exactly. Near its zeros
    # 1 + tan is formed exactly, so only tan's own ulp error remains, within
    # the condition number; 1 + sin(2ax) would lose every digit there, and
    # 2 sin^2(ax + pi/4) loses pi/4 to rounding once ax is large.
    # With tan ax = num/den (_tan_parts): (den + num)^2/(den^2 + num^2).
    u, den = _tan_parts(x, a)
    g = u + den
    g *= g
    u *= u
    u += den * den
    g /= u
    return g


SNAKE = Activation(
    name="snake",
    label="Snake",
    fn=snake,
    grad=snake_grad,
    formula=r"x+\frac{\sin^{2}(ax)}{a}",
    derivative_formula=r"1+\sin(2ax)",
    params=(Param("a", 1.0, "a", "a", nonzero=True),),
    reference="Ziyin, Hartwig & Ueda (2020), Neural networks fail to learn "
    "periodic functions and how to fix it",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
    odd_slope=lambda v: 2.0,  # sin^2(ax)/a is even
)
