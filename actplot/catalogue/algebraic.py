"""Algebraic functions: rational and square-root shapes.

softsign, arctan, bent_identity, isru, isrlu and squareplus: each
activation's kernels, then its record.
"""

from __future__ import annotations

import math

import numpy as np

from .records import Activation, Param, Properties
from .stable import _blockwise, _neg, _patched, _pos

# |x| up to which x*x stays finite with room to spare. Formulas that square x
# clip to it where the clipped result is the true one to the last bit.
_SQUARE_MAX = 1e150


# ---------------------------------------------------------------- softsign


@_blockwise
def softsign(x):
    d = np.abs(x)
    d += 1.0
    return x / d


@_blockwise
def softsign_grad(x):
    # Square the reciprocal, not the denominator: (1 + |x|)^2 overflows for
    # |x| > 1e154, while its reciprocal squared merely underflows to 0.
    r = np.abs(x)
    r += 1.0
    np.divide(1.0, r, out=r)
    r *= r
    return r


SOFTSIGN = Activation(
    name="softsign",
    label="Softsign",
    fn=softsign,
    grad=softsign_grad,
    formula=r"\frac{x}{1+|x|}",
    derivative_formula=r"\frac{1}{(1+|x|)^2}",
    aliases=("soft_sign",),
    reference="Bergstra et al. (2009), Quadratic polynomials learn better "
    "image features; Glorot & Bengio (2010)",
    properties=Properties(
        output_range=(-1.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        # f'' = -2 sign(x) / (1+|x|)^3 jumps from +2 to -2 at 0.
        continuity=1,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "soft"),
    ),
)


# ---------------------------------------------------------------- arctan


@_blockwise
def arctan(x):
    return np.arctan(x)


@_blockwise
def arctan_grad(x):
    # Beyond 1e150, 1/(1 + x^2) is below 1e-300: the clip keeps x^2 finite
    # with an absolute error under 1e-300.
    d = np.clip(x, -_SQUARE_MAX, _SQUARE_MAX)
    d *= d
    d += 1.0
    np.divide(1.0, d, out=d)
    # Beyond the clip, (1/x)^2: a formula x*arctan'(x) must not see 1e-300.
    return _patched(d, x, np.abs(x) > _SQUARE_MAX, lambda v: np.square(1.0 / v))


ARCTAN = Activation(
    name="arctan",
    label="Arctan",
    fn=arctan,
    grad=arctan_grad,
    formula=r"\arctan x",
    derivative_formula=r"\frac{1}{1+x^{2}}",
    tex_symbol=r"\arctan",
    aliases=("atan",),
    reference="—",
    properties=Properties(
        output_range=(-math.pi / 2, math.pi / 2),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "soft"),
    ),
)


# ---------------------------------------------------------------- bent identity


def _hypot1(c):
    # sqrt(1 + c^2) for |c| <= 1e150 (finite); callers clip.
    h = c * c
    h += 1.0
    return np.sqrt(h, out=h)


@_blockwise
def bent_identity(x):
    # (sqrt(x^2 + 1) - 1)/2 + x = x (1 + x/(2 (h + 1))): no cancellation near
    # 0, and x/(h + 1) in (-1, 1) never overflows. Beyond 1e150, x/(h + 1) is
    # +-1 to the last bit, so the clipped x gives it exactly.
    c = np.clip(x, -_SQUARE_MAX, _SQUARE_MAX)
    d = _hypot1(c)
    d += 1.0
    d *= 2.0
    c /= d
    c += 1.0
    with np.errstate(over="ignore"):  # inf only where f > 1.8e308, truly
        c *= x
    return c


@_blockwise
def bent_identity_grad(x):
    c = np.clip(x, -_SQUARE_MAX, _SQUARE_MAX)
    d = _hypot1(c)
    d *= 2.0
    c /= d
    c += 1.0
    return c


BENT_IDENTITY = Activation(
    name="bent_identity",
    label="Bent identity",
    fn=bent_identity,
    grad=bent_identity_grad,
    formula=r"\frac{\sqrt{x^{2}+1}-1}{2}+x",
    derivative_formula=r"\frac{x}{2\sqrt{x^{2}+1}}+1",
    reference="—",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
    odd_slope=lambda v: 2.0,
)


# ---------------------------------------------------------------- isru, isrlu


def _isru(x, alpha, derivative):
    # With y = sqrt(alpha) x clipped to 1e150 (beyond, y/sqrt(1 + y^2) is +-1
    # and (1 + y^2)^(-3/2) is 0 to the last bit): f = y/(h sqrt alpha) and
    # f' = 1/h^3, h = sqrt(1 + y^2).
    bound = _SQUARE_MAX / math.sqrt(alpha)
    y = np.clip(x, -bound, bound)
    if alpha != 1.0:
        y *= math.sqrt(alpha)
    h = _hypot1(y)
    if derivative:
        np.divide(1.0, h, out=h)
        y = h * h
        y *= h
        return y
    if alpha != 1.0:
        h *= math.sqrt(alpha)
    y /= h
    return y


@_blockwise
def isru(x, alpha):
    return _isru(x, alpha, derivative=False)


@_blockwise
def isru_grad(x, alpha):
    return _isru(x, alpha, derivative=True)


ISRU = Activation(
    name="isru",
    label="ISRU",
    fn=isru,
    grad=isru_grad,
    formula=r"\frac{x}{\sqrt{1+\alpha x^{2}}}",
    derivative_formula=r"\left(\frac{1}{\sqrt{1+\alpha x^{2}}}\right)^{3}",
    params=(Param("alpha", 1.0, "α", r"\alpha", low=0.0, low_open=True),),
    reference="Carlile, Delamarter, Kinney, Marti & Whitney (2017), Improving "
    "deep learning by inverse square root linear units (ISRLUs)",
    properties=Properties(
        output_range=(-1.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "soft"),
    ),
)


@_blockwise
def isrlu(x, alpha):
    # isru of min(x, 0) is exactly 0 for x >= 0, where max(x, 0) takes over.
    f = _isru(_neg(x), alpha, derivative=False)
    f += _pos(x)
    return f


@_blockwise
def isrlu_grad(x, alpha):
    # 1 at x >= 0: isru'(0) = 1.
    return _isru(_neg(x), alpha, derivative=True)


ISRLU = Activation(
    name="isrlu",
    label="ISRLU",
    fn=isrlu,
    grad=isrlu_grad,
    formula=r"x\ (x\geq 0),\ \frac{x}{\sqrt{1+\alpha x^{2}}}\ (x<0)",
    derivative_formula=r"1\ (x\geq 0),\ "
    r"\left(\frac{1}{\sqrt{1+\alpha x^{2}}}\right)^{3}\ (x<0)",
    params=(Param("alpha", 1.0, "α", r"\alpha", low=0.0, low_open=True),),
    reference="Carlile, Delamarter, Kinney, Marti & Whitney (2017), Improving "
    "deep learning by inverse square root linear units (ISRLUs)",
    properties=Properties(
        output_range=(-1.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        # f'' = -3 alpha x (1 + alpha x^2)^(-5/2) -> 0 at 0-; f''' jumps.
        continuity=2,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
)


# ---------------------------------------------------------------- squareplus


def _squareplus(x, b, derivative):
    # s = sqrt(x^2 + b) and H = (s + |x|)/2 (a sum of positives): f = H for
    # x >= 0, and b/(4H) for x < 0, where (x + s)/2 would cancel; f' =
    # (1 + x/s)/2 = f/s. Beyond 1e150, s = |x| to the last bit: the clipped
    # square plus the clipped-off part restores it without overflow, and
    # halving before adding keeps H finite up to 1.8e308.
    a = np.abs(x)
    c = np.clip(a, 0.0, _SQUARE_MAX)
    s = c * c
    s += b
    np.sqrt(s, out=s)
    a -= c
    s += a
    a += c
    a *= 0.5
    a += 0.5 * s
    f = np.where(x < 0, (0.25 * b) / a, a)
    if derivative:
        f /= s
    return f


@_blockwise
def squareplus(x, b):
    return _squareplus(x, b, derivative=False)


@_blockwise
def squareplus_grad(x, b):
    return _squareplus(x, b, derivative=True)


SQUAREPLUS = Activation(
    name="squareplus",
    label="Squareplus",
    fn=squareplus,
    grad=squareplus_grad,
    formula=r"\frac{x+\sqrt{x^{2}+b}}{2}",
    derivative_formula=r"\frac{1}{2}\left(1+\frac{x}{\sqrt{x^{2}+b}}\right)",
    params=(Param("b", 4.0, "b", "b", low=0.0, low_open=True),),
    reference="Barron (2021), Squareplus: a softplus-like algebraic rectifier",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("soft", "none"),
    ),
    odd_slope=lambda v: 1.0,  # (x + s)/2 - (-x + s)/2 = x
)
