"""Numerical kernels: each activation ``f`` directly followed by its ``f_grad``.

Pure, vectorised float64 numpy. No metadata lives here (that is the catalogue's
job). Every kernel meets the catalogue's precision bar -- 1e-12 relative error
against a high-precision reference over the whole float64 line, absolute 1e-300
where the true value underflows -- and emits no RuntimeWarning: overflow and
invalid operations are avoided by the choice of formula; only where the true
value itself lies beyond float64's range does a narrowly scoped ``np.errstate``
let the overflow to inf stand. Harmless underflow to 0 is left alone.

Kernels take ``x`` as a float64 ndarray (the catalogue converts) and the
activation's parameters as keyword arguments, and return a new float64 array of
x's shape (0-d included). They run on cache-sized blocks (``_blockwise``), so
the in-place steps inside them are on private 1-d temporaries; x itself is
never modified.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
from numpy.polynomial import polynomial as _poly

# |x| up to which x*x stays finite with room to spare. Formulas that square x
# clip to it where the clipped result is the true one to the last bit.
_SQUARE_MAX = 1e150

# e^(-x^2) < 1e-304 for |x| > 26.5: clipping there keeps x^2 finite, the
# results within the absolute 1e-300 allowed where the true value underflows,
# and exp off its slow path for results below ~1e-307.
_GAUSS_MAX = 26.5

# ---------------------------------------------------------------- blocks

# Elements per block in _blockwise. 64 kB temporaries stay in cache and below
# malloc's 128 kB mmap threshold; larger ones are mapped and page-faulted
# afresh on every allocation, which costs more than the arithmetic.
_BLOCK = 1 << 13


def _blockwise(kernel):
    """Run ``kernel`` on consecutive blocks of the flattened input.

    On a 10^7-element array each elementwise step would otherwise make a fresh
    80 MB temporary, page-faulted and memory-bound; on blocks the same steps
    run in cache, 2-3x faster, with bit-identical results. The kernel always
    sees a 1-d array (numpy returns scalars, not arrays, for 0-d operands, so
    in-place steps are safe), and the result is a float64 array of x's shape.
    """

    @functools.wraps(kernel)
    def run(x, *args, **params):
        x = np.asarray(x, dtype=np.float64)
        out = np.empty(x.shape)
        flat_x, flat_out = x.reshape(-1), out.reshape(-1)
        for i in range(0, flat_x.size, _BLOCK):
            flat_out[i : i + _BLOCK] = kernel(flat_x[i : i + _BLOCK], *args, **params)
        return out

    return run


# ---------------------------------------------------------------- helpers
# (on 1-d blocks; the in-place steps avoid temporaries)


def _exp_neg_abs(x, floor=False, bound=700.0):
    # e^-|x| lies in (0, 1]: it never overflows, whatever x is. numpy's exp
    # is 10-50x slower on results below ~1e-307 (near-subnormal, subnormal or
    # 0); with floor=True, -|x| below -bound becomes -inf, whose exp is an
    # exact 0 at about full speed: the true value there is below 1e-304 (with
    # bound = 700 + ln k, below 1e-304/k for a caller that multiplies by k),
    # and 0, unlike a clipped e^-bound, stays tiny when a formula such as
    # x*sigmoid(x) multiplies it by x.
    z = np.abs(x)
    np.negative(z, out=z)
    if floor:
        np.putmask(z, z < -bound, -np.inf)
    return np.exp(z, out=z)


def _sigmoid(y, floor=False):
    # 1/(1+e^-y) overflows e^-y for y << 0; with z = e^-|y| both branches are
    # quotients of numbers in (0, 2], exact to a few ulp, and y = -745 gives a
    # subnormal rather than 0/0.
    z = _exp_neg_abs(y, floor)
    d = z + 1.0
    np.putmask(z, y >= 0, 1.0)
    z /= d
    return z


def _logistic_pair(y):
    # sigma(y) and 1 - sigma(y) = sigma(-y) from one e^-|y|: both quotients of
    # numbers in (0, 2], so neither suffers the cancellation of 1 - sigma.
    z = _exp_neg_abs(y)
    r = z + 1.0
    np.divide(1.0, r, out=r)
    z *= r
    pos = y >= 0
    return np.where(pos, r, z), np.where(pos, z, r)


def _sech2(x):
    # 1 - tanh^2 is 0 for |x| > 19 although sech^2 is ~1e-17 there;
    # 4w / (1 + w)^2 with w = e^-2|x| in (0, 1] keeps full relative precision.
    # Squaring e^-|x| rather than computing -2|x| avoids its overflow at 1e308
    # (and the floor squares to 0).
    w = _exp_neg_abs(x, floor=True)
    w *= w
    d = w + 1.0
    d *= d
    w *= 4.0
    w /= d
    return w


def _log1p_exp_neg_abs(y, bound=700.0):
    # ln(1 + e^-|y|) in (0, ln 2]: the part of softplus that never overflows.
    t = _exp_neg_abs(y, floor=True, bound=bound)
    return np.log1p(t, out=t)


def _tan_half(x):
    # numpy's float64 sin and cos are scalar libm loops, ~6x slower than its
    # vectorised tan; the half-angle forms need one tan and keep full relative
    # precision (see _sin, _cos). |tan| of a double never exceeds ~2e18 (no
    # double lies closer than 4.7e-19 to a pole), so t*t cannot overflow.
    t = 0.5 * x
    return np.tan(t, out=t)


def _sin(x):
    # sin x = 2t/(1 + t^2), t = tan(x/2): relative error a few ulp of t's.
    t = _tan_half(x)
    d = t * t
    d += 1.0
    t *= 2.0
    t /= d
    return t


def _cos(x):
    # cos x = (1 - t)(1 + t)/(1 + t^2): near t = 1 (x near pi/2) 1 - t is
    # exact, so the error stays within the condition number there.
    t = _tan_half(x)
    c = 1.0 - t
    c *= t + 1.0
    t *= t
    t += 1.0
    c /= t
    return c


def _scaled_exp(y, scale):
    # scale * e^y where e^y alone would overflow (y > 709.78) but the product
    # may still fit: (scale e^(y/2)) e^(y/2).
    with np.errstate(over="ignore"):  # inf only where the true value is
        h = np.exp(0.5 * y)
        return (scale * h) * h


def _scaled(x, k):
    # k x, clipped to +-1.7e308 where it would overflow: beyond, sigma(kx)
    # and e^-|kx| are exactly 0 or 1 anyway, and tan kx, of an argument that
    # float64 cannot hold, is as good as any. May be x itself: never modify
    # it in place.
    if abs(k) <= 1.0:
        return x if k == 1.0 else k * x
    bound = 1.7e308 / abs(k)
    return k * np.clip(x, -bound, bound)


def _pos(x):
    # max(x, 0) and min(x, 0) as clips: numpy vectorises clip better than
    # maximum/minimum with a scalar (about 1.5x faster here).
    return np.clip(x, 0.0, np.inf)


def _neg(x):
    return np.clip(x, -np.inf, 0.0)


def _window(x, lo, hi, value=1.0):
    # Derivative of a piecewise-linear function: right-hand values at kinks.
    return np.where((x >= lo) & (x < hi), value, 0.0)


def _patched(y, x, mask, series):
    # Replace y where the direct formula cancels by a series evaluated there.
    if mask.any():
        y[mask] = series(x[mask])
    return y


def _sided(pos, right, left):
    # A parameter-dependent constant taking one value for x >= 0 and another
    # for x < 0; a scalar when they agree, so no array is built.
    return right if right == left else np.where(pos, right, left)


# ---------------------------------------------------------------- logistic


@_blockwise
def sigmoid(x):
    return _sigmoid(x, floor=True)


@_blockwise
def sigmoid_grad(x):
    # sigma(1 - sigma) loses everything to cancellation once sigma rounds to 1;
    # the derivative is even, and e^-|x| / (1 + e^-|x|)^2 has no cancellation.
    z = _exp_neg_abs(x, floor=True)
    d = z + 1.0
    d *= d
    z /= d
    return z


# ---------------------------------------------------------------- tanh


@_blockwise
def tanh(x):
    return np.tanh(x)


@_blockwise
def tanh_grad(x):
    return _sech2(x)


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


# ---------------------------------------------------------------- relu family


@_blockwise
def relu(x):
    return _pos(x)


@_blockwise
def relu_grad(x):
    # Right-hand value at the kink: relu'(0) = 1, as the lecture note's x>=0.
    return np.where(x >= 0, 1.0, 0.0)


@_blockwise
def identity(x):
    return x


@_blockwise
def identity_grad(x):
    return np.ones_like(x)


@_blockwise
def binary_step(x):
    return np.where(x >= 0, 1.0, 0.0)


@_blockwise
def binary_step_grad(x):
    # The impulse at 0 is not drawn.
    return np.zeros_like(x)


@_blockwise
def leaky_relu(x, alpha):
    # For |alpha| > 1, alpha x overflows past 1.8e308/|alpha|: inf there is
    # the true value for x < 0, and x >= 0 is replaced by x.
    with np.errstate(over="ignore"):
        f = alpha * x
    np.putmask(f, x >= 0, x)
    return f


@_blockwise
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


def _relu6(x):
    return np.clip(x, 0.0, 6.0)


@_blockwise
def relu6(x):
    return _relu6(x)


@_blockwise
def relu6_grad(x):
    return _window(x, 0.0, 6.0)


@_blockwise
def relu_squared(x):
    r = _pos(x)
    with np.errstate(over="ignore"):  # inf only where x^2 > 1.8e308, truly
        r *= r
    return r


@_blockwise
def relu_squared_grad(x):
    r = _pos(x)
    with np.errstate(over="ignore"):  # inf only where 2x > 1.8e308, truly
        r *= 2.0
    return r


@_blockwise
def threshold(x, threshold, value):
    return np.where(x > threshold, x, value)


@_blockwise
def threshold_grad(x, threshold, value):
    return np.where(x >= threshold, 1.0, 0.0)


@_blockwise
def srelu(x, t_left, a_left, t_right, a_right):
    # Each outer piece is t + a(x - t) exactly as written; the unused pieces
    # add exact zeros.
    f = np.clip(x, t_left, t_right)
    with np.errstate(over="ignore"):  # inf only where f is beyond 1.8e308
        f += a_left * _neg(x - t_left)
        f += a_right * _pos(x - t_right)
    return f


@_blockwise
def srelu_grad(x, t_left, a_left, t_right, a_right):
    return np.where(x < t_left, a_left, np.where(x < t_right, 1.0, a_right))


# ---------------------------------------------------------------- hard / sparse


@_blockwise
def hardtanh(x, min_val, max_val):
    return np.clip(x, min_val, max_val)


@_blockwise
def hardtanh_grad(x, min_val, max_val):
    return _window(x, min_val, max_val)


def _hardsigmoid(x):
    # x + 3 is exact near -3 (Sterbenz), so the zero there keeps its precision.
    h = _relu6(x + 3.0)
    h /= 6.0
    return h


@_blockwise
def hardsigmoid(x):
    return _hardsigmoid(x)


@_blockwise
def hardsigmoid_grad(x):
    return _window(x, -3.0, 3.0, 1.0 / 6.0)


@_blockwise
def hardswish(x):
    h = _hardsigmoid(x)
    h *= x
    return h


@_blockwise
def hardswish_grad(x):
    # (2x + 3)/6 on the clipped x: exact near its zero at -1.5, and no
    # overflow of 2x.
    g = np.clip(x, -3.0, 3.0)
    g *= 2.0
    g += 3.0
    g /= 6.0
    np.putmask(g, x >= 3.0, 1.0)
    np.putmask(g, x < -3.0, 0.0)
    return g


def _sparse_sigmoid(x):
    # x + 1 is exact near -1 (Sterbenz).
    s = x + 1.0
    s *= 0.5
    return np.clip(s, 0.0, 1.0, out=s)


@_blockwise
def sparse_sigmoid(x):
    return _sparse_sigmoid(x)


@_blockwise
def sparse_sigmoid_grad(x):
    return _window(x, -1.0, 1.0, 0.5)


@_blockwise
def sparse_plus(x):
    c = np.clip(x, -1.0, 1.0)
    c += 1.0
    c *= c
    c *= 0.25
    np.putmask(c, x >= 1.0, x)
    return c


@_blockwise
def sparse_plus_grad(x):
    # (x + 1)/2 clipped to [0, 1] is already 0 left of -1 and 1 right of 1.
    return _sparse_sigmoid(x)


@_blockwise
def softshrink(x, lambd):
    # x - clip(x) is x - lambd, x + lambd or exactly 0.
    return x - np.clip(x, -lambd, lambd)


@_blockwise
def softshrink_grad(x, lambd):
    return np.where((x >= -lambd) & (x < lambd), 0.0, 1.0)


@_blockwise
def hardshrink(x, lambd):
    return np.where(np.abs(x) > lambd, x, 0.0)


def hardshrink_grad(x, lambd):
    return softshrink_grad(x, lambd)


# ---------------------------------------------------------------- exponential


@_blockwise
def exponential(x):
    with np.errstate(over="ignore"):  # inf only where e^x > 1.8e308, truly
        return np.exp(x)


def exponential_grad(x):
    return exponential(x)


def _elu_arg(x, width, floor=700.0):
    # min(x, 0)/width. For width > 0 it is clipped at -floor (700 by
    # default), where e^(x/width) < 1e-304 (see _exp_neg_abs's floor): the
    # unused branch cannot overflow, nor can x/width for a small width. For
    # width < 0 (celu with alpha < 0) it grows without bound, and e^(x/width)
    # overflows exactly where f does.
    if width > 0:
        m = np.clip(x, -floor * width, 0.0)
        if width != 1.0:
            m /= width
        return m
    m = _neg(x)
    with np.errstate(over="ignore"):  # inf only where f is
        m /= width
    return m


def _elu(x, alpha, width):
    # expm1 keeps full precision near 0, where e^x - 1 cancels.
    y = _elu_arg(x, width)
    if width > 0:
        m = np.expm1(y, out=y)
        if alpha != 1.0:
            m *= alpha
    else:
        with np.errstate(over="ignore"):  # inf only where f is
            m = np.expm1(y)
            m *= alpha  # for |alpha| > 1, alpha (e^y - 1) overflows first
        if abs(alpha) < 1.0:  # e^y overflows before alpha e^y does
            _patched(m, y, y > 709.0, lambda v: _scaled_exp(v, alpha) - alpha)
    np.putmask(m, x > 0, x)
    return m


def _elu_grad(x, factor, width):
    # factor e^y at the clip is |factor| e^-floor: with floor = 700 + ln|factor|
    # it stays below 1e-304 for a large factor (elu's alpha = 1e8) too.
    floor = 700.0 + math.log(abs(factor)) if abs(factor) > 1.0 else 700.0
    y = _elu_arg(x, width, floor)
    if abs(factor) > 1e100:  # e^y underflows where factor e^y need not
        m = _scaled_exp(y, factor)
        np.putmask(m, x >= 0, 1.0)
        return m
    if width > 0:
        m = np.exp(y, out=y)
    else:
        with np.errstate(over="ignore"):  # inf only where f' is
            m = np.exp(y, out=y)
    if factor != 1.0:
        m *= factor
    if width > 0:  # beyond the clip factor e^y < 1e-304: 0, as for _exp_neg_abs
        np.putmask(m, x < -floor * width, 0.0)
    np.putmask(m, x >= 0, 1.0)
    return m


@_blockwise
def elu(x, alpha):
    return _elu(x, alpha, 1.0)


@_blockwise
def elu_grad(x, alpha):
    return _elu_grad(x, alpha, 1.0)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


@_blockwise
def selu(x):
    f = _elu(x, _SELU_ALPHA, 1.0)
    with np.errstate(over="ignore"):  # inf only where lambda x > 1.8e308, truly
        f *= _SELU_SCALE
    return f


@_blockwise
def selu_grad(x):
    return _SELU_SCALE * _elu_grad(x, _SELU_ALPHA, 1.0)


@_blockwise
def celu(x, alpha):
    return _elu(x, alpha, alpha)


@_blockwise
def celu_grad(x, alpha):
    return _elu_grad(x, 1.0, alpha)


@_blockwise
def softexponential(x, alpha):
    if 0 < alpha < 0.5:
        # expm1(y)/alpha + alpha: near the zero of f (x ~ -alpha) expm1
        # keeps the precision, and far left -1/alpha + alpha cancels little.
        with np.errstate(over="ignore"):  # inf only where the true value is
            y = alpha * x
            f = np.expm1(y)
            f /= alpha
        f += alpha
        return f
    if alpha > 0:
        # e^y/alpha + c with c = alpha - 1/alpha = (alpha - 1)((alpha + 1)/alpha)
        # (alpha - 1 exact near 1): a sum of positives for alpha >= 1, and
        # for 0.5 <= alpha < 1 a cancellation only near the zero of f, at
        # y = ln(1 - alpha^2) <= -0.29, which its condition number covers.
        # expm1(y)/alpha + alpha loses c to cancellation far left (all of it
        # at alpha = 1, where f = e^x). x is clipped so that y lies in [-700,
        # 710 + ln alpha]: e^-700/alpha < 2e-304, and e^y/alpha overflows
        # beyond 709.78 + ln alpha anyway; exp stays off its slow paths, and
        # alpha x cannot overflow.
        c = (alpha - 1.0) * ((alpha + 1.0) / alpha)
        high = 710.0 + max(0.0, math.log(alpha))
        y = np.clip(x, -700.0 / alpha, high / alpha)
        y *= alpha
        with np.errstate(over="ignore"):  # inf only where the true value is
            f = np.exp(y) if alpha > 1.0 else np.exp(y, out=y)
            if alpha != 1.0:
                f /= alpha
        f += c
        if c == 0:  # alpha = 1, f = e^x: beyond the clip 0, as in _exp_neg_abs
            np.putmask(f, x < -700.0, 0.0)
        if alpha > 1.0:
            # e^y overflows for y > 709.78 while e^y/alpha may still fit:
            # there, e^(y/2) (e^(y/2)/alpha).
            _patched(f, y, y > 709.0, lambda v: _scaled_exp(v, 1.0 / alpha) + c)
        return f
    if alpha == 0:
        return x
    log_w, w = _softexponential_log(x, alpha)
    log_w /= -alpha
    return _softexponential_domain(log_w, w, -np.inf)


@_blockwise
def softexponential_grad(x, alpha):
    if alpha >= 0:
        with np.errstate(over="ignore"):  # inf only where the true value is
            return np.exp(_scaled(x, alpha))
    _, w = _softexponential_log(x, alpha)
    with np.errstate(over="ignore"):  # inf only where w < 5.6e-309, truly
        g = 1.0 / np.where(w > 0, w, 1.0)
    return _softexponential_domain(g, w, np.inf)


def _softexponential_log(x, alpha):
    # For alpha < 0: f = -ln w/alpha and f' = 1/w with w = 1 - alpha (x + alpha)
    # = -alpha d, d = x - e, e = 1/alpha - alpha the edge of the domain. With
    # e as an exact double-double, d has the exact sign even where x + alpha
    # rounds, and full relative precision near the edge. ln w = ln d +
    # ln(-alpha) then (no overflow of w needed), except around w = 1, where
    # log1p(-alpha (x + alpha)) keeps the zero of f at x = -alpha (x + alpha
    # is exact there). Returns (ln w, w); ln w is finite junk where w <= 0.
    edge_hi, edge_lo = _softexponential_edge(alpha)
    d = x - edge_hi
    d -= edge_lo
    with np.errstate(over="ignore"):  # inf only where w is beyond 1.8e308
        w = -alpha * d
    log_w = np.log(np.where(d > 0, d, 1.0))
    log_w += math.log(-alpha)
    mid = (w > 0.5) & (w < 1.5)
    u = np.where(mid, x, -alpha)
    u += alpha
    u *= -alpha
    np.putmask(log_w, mid, np.log1p(u))
    return log_w, w


@functools.lru_cache(maxsize=64)
def _softexponential_edge(alpha):
    # 1/alpha - alpha as hi + lo, exactly (rational arithmetic, once per alpha).
    edge = Fraction(1) / Fraction(alpha) - Fraction(alpha)
    hi = float(edge)
    return hi, float(edge - Fraction(hi))


def _softexponential_domain(values, w, limit):
    # NaN outside the domain (w < 0), silently; the infinite limit at w = 0.
    return np.where(w > 0, values, np.where(w == 0, limit, np.nan))


# ---------------------------------------------------------------- softplus


@_blockwise
def softplus(x, beta):
    # ln(1 + e^(bx))/b = max(x, 0) + ln(1 + e^(-b|x|))/b: exact for every x
    # (1e300 stays 1e300), no overflow, and no threshold cut-off.
    # For beta < 1 the floor of e^-b|x| is divided by beta: bound it lower.
    bound = 700.0 - math.log(beta) if beta < 1.0 else 700.0
    t = _log1p_exp_neg_abs(_scaled(x, beta), bound)
    if beta != 1.0:
        t /= beta
    t += _pos(x)
    return t


@_blockwise
def softplus_grad(x, beta):
    return _sigmoid(_scaled(x, beta), floor=True)


@_blockwise
def logsigmoid(x):
    # ln sigma(x) = min(x, 0) - ln(1 + e^-|x|): -1e300 stays -1e300.
    f = _neg(x)
    f -= _log1p_exp_neg_abs(x)
    return f


@_blockwise
def logsigmoid_grad(x):
    return _sigmoid(-x, floor=True)


# ---------------------------------------------------------------- swish family


@_blockwise
def swish(x, beta):
    # x * sigma: at x = -1e300 sigma underflows to 0 and x * 0 = -0, never
    # inf * 0.
    f = _sigmoid(_scaled(x, beta))
    f *= x
    return f


@_blockwise
def swish_grad(x, beta):
    # sigma + bx sigma(1 - sigma) = sigma (1 + bx sigma(-bx)), with sigma(-bx)
    # computed directly, not as 1 - sigma.
    y = _scaled(x, beta)
    s, g = _logistic_pair(y)
    g *= y
    g += 1.0
    g *= s
    return g


def silu(x):
    return swish(x, 1.0)


def silu_grad(x):
    return swish_grad(x, 1.0)


def quick_gelu(x):
    return swish(x, 1.702)


def quick_gelu_grad(x):
    return swish_grad(x, 1.702)


@_blockwise
def elish(x):
    # (e^x - 1) sigma(x) = expm1(x) e^x / (1 + e^x) for x < 0: expm1 keeps the
    # precision near 0, and e^-|x| is the same exponential on both sides.
    z = _exp_neg_abs(x)
    em = np.expm1(_neg(x))
    em *= z
    f = em
    np.putmask(f, x >= 0, x)
    z += 1.0
    f /= z
    return f


@_blockwise
def elish_grad(x):
    # With q = 1/(1 + e^-|x|) and zq = e^-|x| q: x >= 0 gives
    # sigma (1 + x sigma(-x)) = q (1 + x zq); x < 0 gives
    # sigma (e^x + expm1(x) sigma(-x)) = zq (e^x + expm1(x) q).
    z = _exp_neg_abs(x)
    q = z + 1.0
    np.divide(1.0, q, out=q)
    zq = z * q
    right = x * zq
    right += 1.0
    right *= q
    left = np.expm1(_neg(x))
    left *= q
    left += z
    left *= zq
    np.putmask(left, x >= 0, right)
    return left


@_blockwise
def hard_elish(x):
    f = np.expm1(_neg(x))
    np.putmask(f, x >= 0, x)
    f *= _sparse_sigmoid(x)
    return f


@_blockwise
def hard_elish_grad(x):
    # x + 1/2 on [0, 1); (e^x (x + 2) - 1)/2 on [-1, 0); 1 and 0 outside.
    m = np.clip(x, -1.0, 0.0)
    g = np.exp(m)
    m += 2.0
    g *= m
    g -= 1.0
    g *= 0.5
    np.putmask(g, x >= 0, x + 0.5)
    np.putmask(g, x >= 1.0, 1.0)
    np.putmask(g, x < -1.0, 0.0)
    return g


# ---------------------------------------------------------------- mish


def _mish_parts(x):
    # tanh(ln(1 + e^x)) = n/(n + 2) with n = e^x (e^x + 2). Dividing by e^2x
    # for x >= 0 writes everything in z = e^-|x| <= 1: n/(n + 2) =
    # (m^2 + 2z)/(m^2 + 2z + 2k^2) with (m, k) = (1, z) for x >= 0 and (z, 1)
    # for x < 0 -- sums of positive terms, no overflow.
    z = _exp_neg_abs(x)
    pos = x >= 0
    num = np.where(pos, 1.0, z)
    num *= num
    num += 2.0 * z
    k = np.where(pos, z, 1.0)
    den = k * k
    den *= 2.0
    den += num
    return z, k, num, den


@_blockwise
def mish(x):
    z, k, num, den = _mish_parts(x)
    num /= den
    num *= x
    return num


@_blockwise
def mish_grad(x):
    # tanh(sp) + x sech^2(sp) sigma(x) with sech^2(sp) = 4(n + 1)/(n + 2)^2:
    # in z, 4x (1 + z) z k/den^2 (z^2 for x >= 0, z for x < 0).
    z, k, num, den = _mish_parts(x)
    num /= den
    k *= z
    k *= z + 1.0
    k *= x
    k *= 4.0
    den *= den
    k /= den
    k += num
    return k


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


@_blockwise
def tanhshrink(x):
    # x - tanh x ~ x^3/3 cancels ~(3/x^2) ulp; below |x| = 1/4 the series
    # (terms shrinking ~40x each, 12 terms to 1e-17) replaces it.
    return _patched(x - np.tanh(x), x, np.abs(x) < 0.25, _tanhshrink_series)


@_blockwise
def tanhshrink_grad(x):
    t = np.tanh(x)
    t *= t
    return t


@_blockwise
def lisht(x):
    f = np.tanh(x)
    f *= x
    return f


@_blockwise
def lisht_grad(x):
    g = _sech2(x)
    g *= x
    g += np.tanh(x)
    return g


# ---------------------------------------------------------------- algebraic


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


# ---------------------------------------------------------------- periodic


@_blockwise
def sinusoid(x):
    return _sin(x)


@_blockwise
def sinusoid_grad(x):
    return _cos(x)


@_blockwise
def sinc(x):
    # 1 for |x| < 1e-8, where 1 - x^2/6 rounds to 1: not only at 0, for at
    # 5e-324 x/2 in _sin underflows to 0 (sin x/x would be 0).
    return np.divide(_sin(x), x, out=np.ones_like(x), where=np.abs(x) >= 1e-8)


# Taylor coefficients of sinc'(x)/x in powers of x^2: (-1)^k 2k/(2k + 1)!.
_SINC_GRAD_SERIES = tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1) for k in range(1, 10))


def _sinc_grad_series(x):
    return x * _poly.polyval(x * x, _SINC_GRAD_SERIES)


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


# ---------------------------------------------------------------- smht


def _smht_terms(x, a, b, c, d):
    # N = e^ax - e^-bx = e^kn (1 - e^-|(a+b)x|) up to sign, kn = max(ax, -bx);
    # D = e^cx + e^-dx = e^kd (1 + e^-|(c+d)x|), kd = max(cx, -dx): every
    # exponential that remains is <= 1, for any signs of a, b, c, d. Returns
    # x clipped where every product with a parameter stays below 1e300 (the
    # exponentials are 0 or inf there already), its absolute value, and
    # e^((kn - kd)/2) (1.0 when a = c and b = d): callers multiply by it
    # twice, since e^(kn - kd) alone may overflow where f, with its factor
    # below 1, does not (a = 1e8 at x = 7.1e-6, or c = d = -0.5 at 1420).
    bound = 1e300 / max(1.0, abs(a), abs(b), abs(c), abs(d), abs(a + b), abs(c + d))
    x = np.clip(x, -bound, bound)
    if a == c and b == d:
        scale = 1.0
    else:
        kn = np.maximum(a * x, -b * x)
        kn -= np.maximum(c * x, -d * x)
        kn *= 0.5
        with np.errstate(over="ignore"):  # inf only where f itself overflows
            scale = np.exp(kn, out=kn)
    return x, np.abs(x), scale


def _times_scale(g, scale):
    # g e^(kn - kd) as (g scale) scale (see _smht_terms).
    if isinstance(scale, np.ndarray):
        with np.errstate(over="ignore"):  # inf only where the result is
            g *= scale
            g *= scale
    return g


@_blockwise
def smht(x, a, b, c, d):
    # f = scale sign((a+b)x) (1 - e^-|(a+b)x|)/(1 + e^-|(c+d)x|): expm1 keeps
    # full precision near 0.
    if a + b == 0:  # e^ax - e^-bx is identically 0 (scale may overflow)
        return np.zeros_like(x)
    x, ax, scale = _smht_terms(x, a, b, c, d)
    num = np.expm1(-abs(a + b) * ax)
    if abs(c + d) == abs(a + b):
        den = num + 2.0  # 1 + e^-|(c+d)x|; its rounding near 0 is harmless
    else:
        den = np.exp(-abs(c + d) * ax)
        den += 1.0
    np.negative(num, out=num)
    np.copysign(num, (a + b) * x, out=num)
    num /= den
    return _times_scale(num, scale)


@_blockwise
def smht_grad(x, a, b, c, d):
    # N'D - ND' = (a-c) e^(a+c)x + (a+d) e^(a-d)x + (b+c) e^(c-b)x
    # + (b-d) e^-(b+d)x. Divided by e^(kn + kd) each exponential is a product
    # of one of (A, B) = e^(ax - kn), e^(-bx - kn) and one of (C, E) =
    # e^(cx - kd), e^(-dx - kd), of which one is 1 and the other e^-|(a+b)x|
    # (e^-|(c+d)x|). So f' = scale ((a-c)C + (a+d)E) A + ((b+c)C + (b-d)E) B
    # over (1 + e^-|(c+d)x|)^2: sums of terms <= 1 with constant
    # coefficients, and at the defaults exactly 4e^-2|x|/(1 + e^-2|x|)^2,
    # never the 1 - tanh^2 cancellation.
    if a + b == 0:  # f is identically 0
        return np.zeros_like(x)
    x, ax, scale = _smht_terms(x, a, b, c, d)
    u = np.exp(-abs(a + b) * ax)
    v = u if abs(c + d) == abs(a + b) else np.exp(-abs(c + d) * ax)
    if (a + b) * (c + d) > 0:
        # N and D switch dominant terms together (at x = 0): on each side the
        # products are 1, u, v, uv, with the coefficients in swapped roles.
        pos = x >= 0 if a + b > 0 else x <= 0
        g = _sided(pos, b - d, a - c) * v
        g += _sided(pos, b + c, a + d)
        g *= u
        g += _sided(pos, a + d, b + c) * v
        g += _sided(pos, a - c, b - d)
    else:
        num_first = (a + b) * x >= 0
        den_first = (c + d) * x >= 0
        big_a, big_b = np.where(num_first, 1.0, u), np.where(num_first, u, 1.0)
        big_c, big_e = np.where(den_first, 1.0, v), np.where(den_first, v, 1.0)
        g = (a - c) * big_c
        g += (a + d) * big_e
        g *= big_a
        h = (b + c) * big_c
        h += (b - d) * big_e
        h *= big_b
        g += h
    w = v + 1.0
    w *= w
    g /= w
    return _times_scale(g, scale)
