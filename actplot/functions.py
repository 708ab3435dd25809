"""Numerical kernels: each activation ``f`` directly followed by its ``f_grad``.

Pure, vectorised float64 numpy. No metadata lives here (that is the catalogue's
job). Every kernel meets the catalogue's precision bar -- 1e-12 relative error
against a high-precision reference over the whole float64 line -- and emits no
RuntimeWarning: overflow and invalid operations are avoided by the choice of
formula, not silenced; harmless underflow to 0 is left alone.

Kernels take ``x`` as a float64 ndarray (the catalogue converts) and the
activation's parameters as keyword arguments.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import polynomial as _poly

# |x| up to which x*x stays finite with room to spare. Formulas that square x
# clip to it where the clipped result is the true one to the last bit.
_SQUARE_MAX = 1e150

# e^(-x^2/2) and e^(-x^2) are 0 in float64 for |x| > 38.6; clipping there keeps
# x^2 finite and changes nothing.
_GAUSS_MAX = 40.0

# ---------------------------------------------------------------- helpers


def _exp_neg_abs(x):
    # e^-|x| lies in (0, 1]: it never overflows, whatever x is.
    return np.exp(-np.abs(x))


def _logistic_pair(y):
    # sigma(y) and 1 - sigma(y) = sigma(-y) from one e^-|y|: both are quotients
    # of numbers in (0, 2], so neither suffers the cancellation of 1 - sigma.
    z = _exp_neg_abs(y)
    r = 1.0 / (1.0 + z)
    zr = z * r
    pos = y >= 0
    return np.where(pos, r, zr), np.where(pos, zr, r)


def _sech2(x):
    # 1 - tanh^2 is 0 for |x| > 19 although sech^2 is ~1e-17 there;
    # 4w / (1 + w)^2 with w = e^-2|x| in (0, 1] keeps full relative precision.
    # Squaring e^-|x| rather than computing -2|x| avoids its overflow at 1e308.
    w = _exp_neg_abs(x)
    w *= w
    return 4.0 * w / ((1.0 + w) * (1.0 + w))


def _tan_half(x):
    # numpy's float64 sin and cos are scalar libm loops, ~6x slower than its
    # vectorised tan; the half-angle forms below need one tan and keep full
    # relative precision (see sinusoid and sinusoid_grad). |tan| of a double
    # never exceeds ~2e18 (no double lies closer than 4.7e-19 to a pole), so
    # t*t cannot overflow.
    return np.tan(0.5 * x)


def _window(x, lo, hi, value=1.0):
    # Derivative of a piecewise-linear function: right-hand values at kinks.
    return np.where((x >= lo) & (x < hi), value, 0.0)


def _patched(y, x, mask, series):
    # Replace y where the direct formula cancels by a series evaluated there
    # only (np.asarray: a 0-d input makes numpy return a scalar).
    y = np.asarray(y)
    y[mask] = series(x[mask])
    return y


def _sided(pos, right, left):
    # A parameter-dependent constant taking one value for x >= 0 and another
    # for x < 0; a scalar when they agree, so no array is built.
    return right if right == left else np.where(pos, right, left)


# ---------------------------------------------------------------- logistic


def sigmoid(x):
    # 1/(1+e^-x) overflows e^-x for x << 0; with z = e^-|x| both branches are
    # quotients of numbers in (0, 2], exact to a few ulp, and x = -745 gives a
    # subnormal rather than 0/0.
    z = _exp_neg_abs(x)
    return np.where(x >= 0, 1.0, z) / (1.0 + z)


def sigmoid_grad(x):
    # sigma(1 - sigma) loses everything to cancellation once sigma rounds to 1;
    # the derivative is even, and e^-|x| / (1 + e^-|x|)^2 has no cancellation.
    z = _exp_neg_abs(x)
    return z / ((1.0 + z) * (1.0 + z))


# ---------------------------------------------------------------- tanh


def tanh(x):
    return np.tanh(x)


def tanh_grad(x):
    return _sech2(x)


# ---------------------------------------------------------------- softsign


def softsign(x):
    return x / (1.0 + np.abs(x))


def softsign_grad(x):
    # Square the reciprocal, not the denominator: (1 + |x|)^2 overflows for
    # |x| > 1e154, while its reciprocal squared merely underflows to 0.
    r = 1.0 / (1.0 + np.abs(x))
    return r * r


# ---------------------------------------------------------------- relu family


def relu(x):
    return np.maximum(x, 0.0)


def relu_grad(x):
    # Right-hand value at the kink: relu'(0) = 1, as the lecture note's x>=0.
    return np.where(x >= 0, 1.0, 0.0)


def identity(x):
    return x.copy()


def identity_grad(x):
    return np.ones_like(x)


def binary_step(x):
    return np.where(x >= 0, 1.0, 0.0)


def binary_step_grad(x):
    # The impulse at 0 is not drawn.
    return np.zeros_like(x)


def leaky_relu(x, alpha):
    return np.where(x >= 0, x, alpha * x)


def leaky_relu_grad(x, alpha):
    return np.where(x >= 0, 1.0, alpha)


def prelu(x, alpha):
    return leaky_relu(x, alpha)


def prelu_grad(x, alpha):
    return leaky_relu_grad(x, alpha)


def rrelu(x, lower, upper):
    # Evaluation mode: the mean of the training-time random slope.
    return leaky_relu(x, 0.5 * (lower + upper))


def rrelu_grad(x, lower, upper):
    return leaky_relu_grad(x, 0.5 * (lower + upper))


def relu6(x):
    return np.clip(x, 0.0, 6.0)


def relu6_grad(x):
    return _window(x, 0.0, 6.0)


def relu_squared(x):
    r = np.maximum(x, 0.0)
    with np.errstate(over="ignore"):  # inf only where x^2 > 1.8e308, truly
        return r * r


def relu_squared_grad(x):
    return 2.0 * np.maximum(x, 0.0)


def threshold(x, threshold, value):
    return np.where(x > threshold, x, value)


def threshold_grad(x, threshold, value):
    return np.where(x >= threshold, 1.0, 0.0)


def srelu(x, t_left, a_left, t_right, a_right):
    # Each outer piece is t + a(x - t) exactly as written; the unused pieces
    # add exact zeros.
    return (
        np.clip(x, t_left, t_right)
        + a_left * np.minimum(x - t_left, 0.0)
        + a_right * np.maximum(x - t_right, 0.0)
    )


def srelu_grad(x, t_left, a_left, t_right, a_right):
    return np.where(x < t_left, a_left, np.where(x < t_right, 1.0, a_right))


# ---------------------------------------------------------------- hard / sparse


def hardtanh(x, min_val, max_val):
    return np.clip(x, min_val, max_val)


def hardtanh_grad(x, min_val, max_val):
    return _window(x, min_val, max_val)


def hardsigmoid(x):
    # x + 3 is exact near -3 (Sterbenz), so the zero there keeps its precision.
    return relu6(x + 3.0) / 6.0


def hardsigmoid_grad(x):
    return _window(x, -3.0, 3.0, 1.0 / 6.0)


def hardswish(x):
    return x * hardsigmoid(x)


def hardswish_grad(x):
    # (2x + 3)/6 on the clipped x: exact-ish near its zero at -1.5, no
    # overflow of 2x.
    inner = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0
    return np.where(x >= 3.0, 1.0, np.where(x < -3.0, 0.0, inner))


def sparse_sigmoid(x):
    return np.clip(0.5 * (x + 1.0), 0.0, 1.0)


def sparse_sigmoid_grad(x):
    return _window(x, -1.0, 1.0, 0.5)


def sparse_plus(x):
    c = np.clip(x, -1.0, 1.0) + 1.0
    return np.where(x >= 1.0, x, 0.25 * c * c)


def sparse_plus_grad(x):
    # (x + 1)/2 clipped to [0, 1] is already 0 left of -1 and 1 right of 1.
    return sparse_sigmoid(x)


def softshrink(x, lambd):
    # x - clip(x) is x - lambd, x + lambd or exactly 0.
    return x - np.clip(x, -lambd, lambd)


def softshrink_grad(x, lambd):
    return 1.0 - _window(x, -lambd, lambd)


def hardshrink(x, lambd):
    return np.where(np.abs(x) > lambd, x, 0.0)


def hardshrink_grad(x, lambd):
    return softshrink_grad(x, lambd)


# ---------------------------------------------------------------- exponential


def exponential(x):
    with np.errstate(over="ignore"):  # inf only where e^x > 1.8e308, truly
        return np.exp(x)


def exponential_grad(x):
    return exponential(x)


def _elu_arg(x, width):
    # min(x, 0)/width, clipped where e^(x/width) is 0 anyway (below -800):
    # the unused branch cannot overflow, nor can x/width for a small width.
    m = np.clip(x, -800.0 * width, 0.0)
    if width != 1.0:
        m /= width
    return m


def _elu(x, alpha, width):
    # expm1 keeps full precision near 0, where e^x - 1 cancels.
    return np.where(x > 0, x, alpha * np.expm1(_elu_arg(x, width)))


def _elu_grad(x, factor, width):
    return np.where(x >= 0, 1.0, factor * np.exp(_elu_arg(x, width)))


def elu(x, alpha):
    return _elu(x, alpha, 1.0)


def elu_grad(x, alpha):
    return _elu_grad(x, alpha, 1.0)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    return _SELU_SCALE * _elu(x, _SELU_ALPHA, 1.0)


def selu_grad(x):
    return _SELU_SCALE * _elu_grad(x, _SELU_ALPHA, 1.0)


def celu(x, alpha):
    return _elu(x, alpha, alpha)


def celu_grad(x, alpha):
    return _elu_grad(x, 1.0, alpha)


def softexponential(x, alpha):
    if alpha > 0:
        with np.errstate(over="ignore"):  # inf only where the true value is
            return np.expm1(alpha * x) / alpha + alpha
    if alpha == 0:
        return identity(x)
    u, inside, edge = _softexponential_log_arg(x, alpha)
    return np.where(inside, -np.log1p(u) / alpha, np.where(edge, -np.inf, np.nan))


def softexponential_grad(x, alpha):
    if alpha >= 0:
        with np.errstate(over="ignore"):  # inf only where the true value is
            return np.exp(alpha * x)
    u, inside, edge = _softexponential_log_arg(x, alpha)
    return np.where(inside, 1.0 / (1.0 + u), np.where(edge, np.inf, np.nan))


def _softexponential_log_arg(x, alpha):
    # For alpha < 0, f = -ln(1 + u)/alpha with u = -alpha(x + alpha): log1p
    # keeps the zero of f at x = -alpha (where x + alpha is exact). Outside
    # the domain u < -1 the result is NaN, silently; at u = -1 it is the limit.
    u = -alpha * (x + alpha)
    inside = u > -1.0
    return np.where(inside, u, 0.0), inside, u == -1.0


# ---------------------------------------------------------------- softplus


def softplus(x, beta):
    # ln(1 + e^(bx))/b = max(x, 0) + ln(1 + e^(-b|x|))/b: exact for every x
    # (1e300 stays 1e300), no overflow, and no threshold cut-off.
    t = np.log1p(_exp_neg_abs(beta * x))
    if beta != 1.0:
        t /= beta
    return np.maximum(x, 0.0) + t


def softplus_grad(x, beta):
    return sigmoid(beta * x)


def logsigmoid(x):
    return -softplus(-x, 1.0)


def logsigmoid_grad(x):
    return sigmoid(-x)


# ---------------------------------------------------------------- swish family


def swish(x, beta):
    # x * sigma: at x = -1e300 sigma underflows to 0 and x * 0 = -0, never
    # inf * 0.
    return x * sigmoid(x if beta == 1.0 else beta * x)


def swish_grad(x, beta):
    # sigma + bx sigma(1 - sigma) = sigma (1 + bx sigma(-bx)), with sigma(-bx)
    # computed directly, not as 1 - sigma.
    y = x if beta == 1.0 else beta * x
    s, sc = _logistic_pair(y)
    return s * (1.0 + y * sc)


def silu(x):
    return swish(x, 1.0)


def silu_grad(x):
    return swish_grad(x, 1.0)


def quick_gelu(x):
    return swish(x, 1.702)


def quick_gelu_grad(x):
    return swish_grad(x, 1.702)


def elish(x):
    # (e^x - 1) sigma(x) = expm1(x) e^x / (1 + e^x) for x < 0: expm1 keeps the
    # precision near 0, and e^-|x| is the same exponential on both sides.
    z = _exp_neg_abs(x)
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0.0)) * z) / (1.0 + z)


def elish_grad(x):
    # x >= 0: sigma (1 + x sigma(-x)); x < 0: sigma (e^x + expm1(x) sigma(-x)).
    z = _exp_neg_abs(x)
    q = 1.0 / (1.0 + z)
    em = np.expm1(np.minimum(x, 0.0))
    return np.where(x >= 0, q * (1.0 + x * z * q), z * q * (z + em * q))


def hard_elish(x):
    return np.where(x >= 0, x, np.expm1(np.minimum(x, 0.0))) * sparse_sigmoid(x)


def hard_elish_grad(x):
    e = np.exp(np.minimum(x, 0.0))
    return np.select(
        [x >= 1.0, x >= 0.0, x >= -1.0],
        [1.0, x + 0.5, 0.5 * (e * (x + 2.0) - 1.0)],
        0.0,
    )


# ---------------------------------------------------------------- mish


def _mish_parts(x):
    # tanh(ln(1 + e^x)) = n/(n + 2) with n = e^x (e^x + 2). Dividing by e^2x
    # for x >= 0 writes everything in z = e^-|x| <= 1: no overflow, and only
    # sums of positive terms.
    z = _exp_neg_abs(x)
    z2 = z * z
    pos = x >= 0
    num = np.where(pos, 1.0 + 2.0 * z, z2 + 2.0 * z)
    den = np.where(pos, 1.0 + 2.0 * z + 2.0 * z2, 2.0 + 2.0 * z + z2)
    return z, pos, num, den


def mish(x):
    z, pos, num, den = _mish_parts(x)
    return x * (num / den)


def mish_grad(x):
    # tanh(sp) + x sech^2(sp) sigma(x), sech^2(sp) = 4(n + 1)/(n + 2)^2, in z.
    z, pos, num, den = _mish_parts(x)
    w = np.where(pos, z * z, z)
    return num / den + 4.0 * x * (1.0 + z) * w / (den * den)


# ---------------------------------------------------------------- gelu


_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _gelu_parts(x):
    # Phi(-|x|) = e^(-x^2/2) * erfcx(|x|/sqrt 2)/2 as the product (e, g): the
    # tail keeps full relative precision (1 - Phi never appears), and gelu'
    # reuses e as sqrt(2 pi) phi(x), so one exp and one erfcx serve both.
    from scipy.special import erfcx

    a = np.abs(x)
    c = np.minimum(a, _GAUSS_MAX)
    e = np.exp(-0.5 * c * c)
    g = 0.5 * erfcx(a * _INV_SQRT2)
    return e, g


def gelu(x):
    e, g = _gelu_parts(x)
    t = e * g
    return x * np.where(x < 0, t, 1.0 - t)


def gelu_grad(x):
    # Phi + x phi = e (g + x/sqrt(2 pi)) for x < 0 (dominated by x phi in the
    # far tail, no cancellation) and 1 + e (x/sqrt(2 pi) - g) for x >= 0.
    e, g = _gelu_parts(x)
    neg = np.signbit(x)
    return ~neg + e * (x * _INV_SQRT_2PI + np.where(neg, g, -g))


_GELU_K = 2.0 * math.sqrt(2.0 / math.pi)
_GELU_C = 0.044715


def _gelu_tanh_arg(x):
    # (1 + tanh u)/2 = sigma(2u), which has no cancellation where tanh u -> -1.
    # Beyond |x| = 50, sigma(2u) is exactly 0 or 1 and x^3 could overflow.
    t = np.clip(x, -50.0, 50.0)
    return t, _GELU_K * t * (1.0 + _GELU_C * t * t)


def gelu_tanh(x):
    _, y = _gelu_tanh_arg(x)
    return x * sigmoid(y)


def gelu_tanh_grad(x):
    # sigma(y) + x sigma(y) sigma(-y) y' with y = 2u: the sech^2 term as a
    # product of two stable logistics, never 1 - tanh^2.
    t, y = _gelu_tanh_arg(x)
    s, sc = _logistic_pair(y)
    dy = _GELU_K * (1.0 + 3.0 * _GELU_C * t * t)
    return s * (1.0 + t * dy * sc)


# ---------------------------------------------------------------- tanh-based


# Taylor coefficients of (x - tanh x)/x^3 in powers of x^2:
# 2^2n (2^2n - 1) |B_2n| / (2n)!, n = 2..13.
_TANHSHRINK_SERIES = (
    0.3333333333333333,
    -0.13333333333333333,
    0.05396825396825397,
    -0.021869488536155203,
    0.008863235529902197,
    -0.003592128036572481,
    0.0014558343870513183,
    -0.000590027440945586,
    0.00023912911424355248,
    -9.691537956929451e-05,
    3.927832388331683e-05,
    -1.5918905069328964e-05,
)


def _tanhshrink_series(x):
    y = x * x
    return x * y * _poly.polyval(y, _TANHSHRINK_SERIES)


def tanhshrink(x):
    # x - tanh x ~ x^3/3 cancels ~(3/x^2) ulp; below |x| = 1/4 the series
    # (terms shrinking ~40x each, 12 terms to 1e-17) replaces it.
    return _patched(x - np.tanh(x), x, np.abs(x) < 0.25, _tanhshrink_series)


def tanhshrink_grad(x):
    t = np.tanh(x)
    return t * t


def lisht(x):
    return x * np.tanh(x)


def lisht_grad(x):
    return np.tanh(x) + x * _sech2(x)


# ---------------------------------------------------------------- algebraic


def arctan(x):
    return np.arctan(x)


def arctan_grad(x):
    # Beyond 1e150, 1/(1 + x^2) is below 1e-300: the clip keeps x^2 finite
    # with an absolute error under 1e-300.
    c = np.clip(x, -_SQUARE_MAX, _SQUARE_MAX)
    return 1.0 / (1.0 + c * c)


def gaussian(x):
    c = np.clip(x, -_GAUSS_MAX, _GAUSS_MAX)
    return np.exp(-c * c)


def gaussian_grad(x):
    c = np.clip(x, -_GAUSS_MAX, _GAUSS_MAX)
    return -2.0 * c * np.exp(-c * c)


def _sqrt1p_sq(c):
    # sqrt(1 + c^2) for |c| <= 1e150 (finite); callers clip.
    return np.sqrt(1.0 + c * c)


def bent_identity(x):
    # (sqrt(x^2 + 1) - 1)/2 + x = x (1 + x/(2 (h + 1))): no cancellation near
    # 0, and x/(h + 1) in (-1, 1) never overflows. Beyond 1e150, x/(h + 1) is
    # +-1 to the last bit, so the clipped x gives it exactly.
    c = np.clip(x, -_SQUARE_MAX, _SQUARE_MAX)
    return x * (1.0 + 0.5 * c / (_sqrt1p_sq(c) + 1.0))


def bent_identity_grad(x):
    c = np.clip(x, -_SQUARE_MAX, _SQUARE_MAX)
    return 1.0 + 0.5 * c / _sqrt1p_sq(c)


def _isru_scaled(x, alpha):
    # y = sqrt(alpha) x, clipped: beyond 1e150, y/sqrt(1 + y^2) is +-1 and
    # (1 + y^2)^(-3/2) is 0 to the last bit.
    y = math.sqrt(alpha) * x if alpha != 1.0 else x
    return np.clip(y, -_SQUARE_MAX, _SQUARE_MAX)


def isru(x, alpha):
    y = _isru_scaled(x, alpha)
    f = y / _sqrt1p_sq(y)
    return f / math.sqrt(alpha) if alpha != 1.0 else f


def isru_grad(x, alpha):
    r = 1.0 / _sqrt1p_sq(_isru_scaled(x, alpha))
    return r * r * r


def isrlu(x, alpha):
    # isru of min(x, 0) is exactly 0 for x >= 0, where max(x, 0) takes over.
    return np.maximum(x, 0.0) + isru(np.minimum(x, 0.0), alpha)


def isrlu_grad(x, alpha):
    # 1 at x >= 0: isru'(0) = 1.
    return isru_grad(np.minimum(x, 0.0), alpha)


def _squareplus_parts(x, b):
    # s = sqrt(x^2 + b), A = s + |x| (a sum of positives). Beyond 1e150,
    # s = |x| to the last bit: the clipped square plus the clipped-off part
    # restores it without overflow.
    a = np.abs(x)
    c = np.minimum(a, _SQUARE_MAX)
    s = np.sqrt(c * c + b) + (a - c)
    return s, s + a


def squareplus(x, b):
    # (x + s)/2 cancels for x << 0; there it equals b / (2 (s - x)) = b/(2A).
    s, big = _squareplus_parts(x, b)
    return 0.5 * np.where(x < 0, b / big, big)


def squareplus_grad(x, b):
    # (1 + x/s)/2 = f/s, a quotient of two accurate values on both sides.
    s, big = _squareplus_parts(x, b)
    return 0.5 * np.where(x < 0, b / big, big) / s


# ---------------------------------------------------------------- periodic


def sinusoid(x):
    # sin x = 2t/(1 + t^2): relative error a few ulp of t's.
    t = _tan_half(x)
    return 2.0 * t / (1.0 + t * t)


def sinusoid_grad(x):
    # cos x = (1 - t)(1 + t)/(1 + t^2): near t = 1 (x near pi/2) 1 - t is
    # exact, so the error stays within the condition number there.
    t = _tan_half(x)
    return (1.0 - t) * (1.0 + t) / (1.0 + t * t)


def sinc(x):
    return np.divide(sinusoid(x), x, out=np.ones_like(x), where=x != 0)


# Taylor coefficients of sinc'(x)/x in powers of x^2: (-1)^k 2k/(2k + 1)!.
_SINC_GRAD_SERIES = tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1) for k in range(1, 10))


def _sinc_grad_series(x):
    return x * _poly.polyval(x * x, _SINC_GRAD_SERIES)


def sinc_grad(x):
    # (cos x - sinc x)/x (no x^2 to overflow) cancels ~(3/x^2) ulp near 0:
    # below |x| = 1/2 the series replaces it (terms shrink >= 40x each).
    small = np.abs(x) < 0.5
    xs = np.where(small, 1.0, x)
    t = _tan_half(xs)
    d = 1.0 + t * t
    direct = ((1.0 - t) * (1.0 + t) - 2.0 * t / xs) / (d * xs)
    return _patched(direct, x, small, _sinc_grad_series)


def snake(x, a):
    # sin^2(ax) = tan^2/(1 + tan^2): one vectorised tan (see _tan_half).
    u = np.tan(a * x)
    u *= u
    return x + u / ((1.0 + u) * a)


def snake_grad(x, a):
    # 1 + sin 2ax = (1 + tan ax)^2/(1 + tan^2 ax) exactly. Near its zeros
    # 1 + tan is formed exactly, so only tan's own ulp error remains, within
    # the condition number; 1 + sin(2ax) would lose every digit there, and
    # 2 sin^2(ax + pi/4) loses pi/4 to rounding once ax is large.
    u = np.tan(a * x)
    v = 1.0 + u
    return v * v / (1.0 + u * u)


# ---------------------------------------------------------------- smht


def _smht_scale(x, pos, a, b, c, d):
    # After dividing numerator and denominator by their dominant exponentials
    # (e^ax and e^cx for x >= 0, e^-bx and e^-dx for x < 0) this factor is
    # left; it is 1 for a = c and b = d (the defaults). Assumes a + b > 0 and
    # c + d > 0.
    k = _sided(pos, a - c, d - b)
    if np.ndim(k) == 0 and k == 0:
        return 1.0
    with np.errstate(over="ignore"):  # inf only where f itself overflows
        return np.exp(k * x)


def smht(x, a, b, c, d):
    # (e^ax - e^-bx)/(e^cx + e^-dx) = scale * sign(x) (1 - e^-(a+b)|x|)
    # / (1 + e^-(c+d)|x|): expm1 keeps x ~ 0, exponentials are all <= 1.
    ax = np.abs(x)
    num = np.copysign(-np.expm1(-(a + b) * ax), x)
    v = np.exp(-(c + d) * ax)
    return _smht_scale(x, x >= 0, a, b, c, d) * num / (1.0 + v)


def smht_grad(x, a, b, c, d):
    # (N'D - ND')/D^2 = (a-c) e^(a+c)x + (a+d) e^(a-d)x + (b+c) e^(c-b)x
    # + (b-d) e^-(b+d)x over D^2; divided by the dominant exponentials this
    # is scale (p + q v + r u + s uv)/(1 + v)^2 with u = e^-(a+b)|x| and
    # v = e^-(c+d)|x|, the coefficients swapping roles on the two sides. The
    # defaults give 4e^-2|x|/(1 + e^-2|x|)^2: no 1 - tanh^2 cancellation.
    pos = x >= 0
    ax = np.abs(x)
    u = np.exp(-(a + b) * ax)
    v = np.exp(-(c + d) * ax)
    p = _sided(pos, a - c, b - d)
    q = _sided(pos, a + d, b + c)
    r = _sided(pos, b + c, a + d)
    s = _sided(pos, b - d, a - c)
    w = 1.0 + v
    return _smht_scale(x, pos, a, b, c, d) * (p + q * v + r * u + s * u * v) / (w * w)
