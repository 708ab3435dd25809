"""The Gaussian family: GELU (exact and tanh approximation) and the Gaussian.

gelu, gelu_tanh and gaussian: each activation's kernels, then its record.
"""

from __future__ import annotations

import math

import numpy as np

from .records import Activation, Properties
from .stable import _blockwise, _logistic_pair, _pos, _sigmoid

# ---------------------------------------------------------------- gelu

_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _gelu_tail(x):
    # |x| and e * g = Phi(-|x|) = e^(-x^2/2) erfcx(|x|/sqrt 2)/2: the tail
    # keeps full relative precision (1 - Phi never appears), and gelu'
    # reuses e as sqrt(2 pi) phi(x)/2, so one exp and one erfcx serve both.
    # |x| is clipped at 37.5: x^2 stays finite, and exp stays off its slow
    # path for results below ~1e-307; beyond, Phi(-|x|), |x| Phi(-|x|) and
    # |x| phi(x) are all below 1e-304, the error allowed where the true value
    # underflows.
    from scipy.special import erfcx

    a = np.clip(x, -37.5, 37.5)
    np.abs(a, out=a)
    y = a * _INV_SQRT2
    e = y * y
    np.negative(e, out=e)
    np.exp(e, out=e)
    e *= 0.5
    np.putmask(e, a == 37.5, 0.0)  # beyond the clip: 0, as for _exp_neg_abs
    return a, e, erfcx(y, out=y)


@_blockwise
def gelu(x):
    # x Phi(x) = max(x, 0) - |x| Phi(-|x|) on both sides.
    a, e, g = _gelu_tail(x)
    e *= g
    e *= a
    f = _pos(x)
    f -= e
    return f


@_blockwise
def gelu_grad(x):
    # With D = Phi(-|x|) - |x| phi(x) = e (g - |x| sqrt(2/pi)): Phi + x phi is
    # D for x < 0 (dominated by -|x| phi in the far tail, no cancellation)
    # and 1 - D >= 1/2 for x >= 0.
    a, e, g = _gelu_tail(x)
    a *= -2.0 * _INV_SQRT_2PI
    g += a
    g *= e
    np.putmask(g, x >= 0, 1.0 - g)
    return g


GELU = Activation(
    name="gelu",
    label="GELU",
    fn=gelu,
    grad=gelu_grad,
    formula=r"x\,\Phi(x)",
    derivative_formula=r"\Phi(x)+x\,\phi(x)",
    reference="Hendrycks & Gimpel (2016), Gaussian error linear units (GELUs)",
    properties=Properties(
        output_range=(-0.16997120747990366, math.inf),  # at x = -0.75179
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    odd_slope=lambda v: 1.0,  # x Phi(x) - (-x) Phi(-x) = x
)


# ---------------------------------------------------------------- gelu (tanh approximation)

_GELU_K = 2.0 * math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


# |x| beyond which gelu_tanh's 2u exceeds 704 in size: sigma(2u) is 1 to the
# last bit or below 1e-305 there.
_GELU_TANH_MAX = 21.1


def _gelu_tanh_arg(x):
    # (1 + tanh u)/2 = sigma(2u), which has no cancellation where tanh u -> -1.
    # x is clipped at 21.1: x^3 stays finite, exp stays off its slow path for
    # results below ~1e-307, and every value computed from the clipped x is
    # within 1e-300 of the true one. Returns the clipped x, its square and 2u.
    t = np.clip(x, -_GELU_TANH_MAX, _GELU_TANH_MAX)
    t2 = t * t
    y = _GELU_K * _GELU_C * t2
    y += _GELU_K
    y *= t
    return t, t2, y


@_blockwise
def gelu_tanh(x):
    # t sigma(2u), and x itself where sigma(2u) is 1: the clipped t keeps
    # x sigma(2u) tiny (as it truly is) far left.
    t, _, y = _gelu_tanh_arg(x)
    f = _sigmoid(y)
    f *= t
    np.putmask(f, x > _GELU_TANH_MAX, x)
    np.putmask(f, x < -_GELU_TANH_MAX, 0.0)  # beyond the clip: 0, truly below 1e-304
    return f


@_blockwise
def gelu_tanh_grad(x):
    # sigma(y) + x sigma(y) sigma(-y) y' with y = 2u: the sech^2 term as a
    # product of two stable logistics, never 1 - tanh^2.
    t, dy, y = _gelu_tanh_arg(x)
    s, g = _logistic_pair(y)
    dy *= 3.0 * _GELU_C
    dy += 1.0
    dy *= _GELU_K * t
    g *= dy
    g += 1.0
    g *= s
    np.putmask(g, x < -_GELU_TANH_MAX, 0.0)  # beyond the clip: 0, truly below 1e-304
    return g


GELU_TANH = Activation(
    name="gelu_tanh",
    label="GELU (tanh approx.)",
    fn=gelu_tanh,
    grad=gelu_tanh_grad,
    formula=r"\frac{x}{2}\left(1+\tanh\left(\sqrt{2/\pi}\,"
    r"(x+0.044715x^{3})\right)\right)",
    derivative_formula=r"\frac{1+t}{2}+\frac{x}{2}\,(1-t^{2})\,\sqrt{2/\pi}\,"
    r"(1+0.134145x^{2}),\ t=\tanh(\ldots)",
    reference="Hendrycks & Gimpel (2016), Gaussian error linear units (GELUs)",
    properties=Properties(
        output_range=(-0.17004075057125405, math.inf),  # at x = -0.75246
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    odd_slope=lambda v: 1.0,  # u(x) is odd: x sigma(2u) + x sigma(-2u) = x
)


# ---------------------------------------------------------------- gaussian

# e^(-x^2) < 1e-304 for |x| > 26.5: clipping there keeps x^2 finite, the
# results within the absolute 1e-300 allowed where the true value underflows,
# and exp off its slow path for results below ~1e-307.
_GAUSS_MAX = 26.5


@_blockwise
def gaussian(x):
    c = np.clip(x, -_GAUSS_MAX, _GAUSS_MAX)
    c *= c
    np.negative(c, out=c)
    _exp_zero_at_clip(c)
    return c


@_blockwise
def gaussian_grad(x):
    c = np.clip(x, -_GAUSS_MAX, _GAUSS_MAX)
    g = c * c
    np.negative(g, out=g)
    _exp_zero_at_clip(g)
    g *= -2.0 * c
    return g


def _exp_zero_at_clip(e):
    # e^e in place for e = -x^2 with x clipped at _GAUSS_MAX: at the clip the
    # true value is below 1e-305, and exp(-inf) = 0 exactly (see _exp_neg_abs).
    np.putmask(e, e <= -(_GAUSS_MAX * _GAUSS_MAX), -np.inf)
    return np.exp(e, out=e)


GAUSSIAN = Activation(
    name="gaussian",
    label="Gaussian",
    fn=gaussian,
    grad=gaussian_grad,
    formula=r"e^{-x^{2}}",
    derivative_formula=r"-2x\,e^{-x^{2}}",
    reference="—",
    properties=Properties(
        output_range=(0.0, 1.0),
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("soft", "soft"),
    ),
    odd_slope=lambda v: 0.0,  # even
)
