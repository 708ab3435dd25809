"""The tanh family: tanh and what is built on it.

tanh, tanhshrink, lisht, mish and smht: each activation's kernels, then its
record.
"""

from __future__ import annotations

import math

import numpy as np

from .records import Activation, FrameworkGrad, Param, Properties
from .stable import _blockwise, _exp_neg_abs, _patched, _polyval, _sech2, _sided

# ---------------------------------------------------------------- tanh


@_blockwise
def tanh(x):
    return np.tanh(x)


@_blockwise
def tanh_grad(x):
    return _sech2(x)


def tanh_framework_grad(x, t, rounded):
    # From the output t alone, in the format: exactly 0 once t rounds to +-1.
    return 1 - t * t


TANH = Activation(
    name="tanh",
    label="tanh",
    fn=tanh,
    grad=tanh_grad,
    formula=r"\tanh x=\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}",
    derivative_formula=r"1-\tanh^2 x",
    tex_symbol=r"\tanh",
    reference="LeCun et al. (1998), Efficient BackProp",
    properties=Properties(
        output_range=(-1.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "soft"),
    ),
    framework_grad=FrameworkGrad(
        formula="1 − t², t = tanh x rounded to the format",
        kernel="TensorFlow's TanhGrad (dy·(1 − y·y) in the tensor's dtype, "
        "tensorflow/core/kernels/cwise_ops_gradients.h) and PyTorch's tanh_backward "
        "from the result (derivatives.yaml); JAX's tanh JVP, (1 + t)(1 − t), "
        "is 0 at the same inputs",
        grad=tanh_framework_grad,
    ),
)


# ---------------------------------------------------------------- tanhshrink

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
    return x * y * _polyval(y, _TANHSHRINK_SERIES)


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


TANHSHRINK = Activation(
    name="tanhshrink",
    label="Tanhshrink",
    fn=tanhshrink,
    grad=tanhshrink_grad,
    formula=r"x-\tanh x",
    derivative_formula=r"\tanh^{2} x",
    reference="—",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
)


# ---------------------------------------------------------------- lisht


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


LISHT = Activation(
    name="lisht",
    label="LiSHT",
    fn=lisht,
    grad=lisht_grad,
    formula=r"x\tanh x",
    derivative_formula=r"\tanh x+x\,(1-\tanh^{2} x)",
    reference="Roy, Manna, Dubey & Chaudhuri (2019), LiSHT: non-parametric "
    "linearly scaled hyperbolic tangent activation function for neural "
    "networks",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("none", "none"),
    ),
    odd_slope=lambda v: 0.0,  # x tanh x is even
)


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


MISH = Activation(
    name="mish",
    label="Mish",
    fn=mish,
    grad=mish_grad,
    formula=r"x\,\tanh(\ln(1+e^{x}))",
    derivative_formula=r"\tanh s+x\,\sigma(x)\,(1-\tanh^{2}s),\ "
    r"s=\ln(1+e^{x})",
    reference="Misra (2019), Mish: a self regularized non-monotonic activation function",
    properties=Properties(
        output_range=(-0.30884341301725041, math.inf),  # at x = -1.19243
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
)


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


SMHT = Activation(
    name="smht",
    label="Soboleva modified hyperbolic tangent",
    fn=smht,
    grad=smht_grad,
    formula=r"\frac{e^{ax}-e^{-bx}}{e^{cx}+e^{-dx}}",
    derivative_formula=r"\frac{(ae^{ax}+be^{-bx})(e^{cx}+e^{-dx})"
    r"-(e^{ax}-e^{-bx})(ce^{cx}-de^{-dx})}{(e^{cx}+e^{-dx})^{2}}",
    # The denominator is positive for every real c, d: any values work.
    params=(
        Param("a", 1.0, "a", "a"),
        Param("b", 1.0, "b", "b"),
        Param("c", 1.0, "c", "c"),
        Param("d", 1.0, "d", "d"),
    ),
    aliases=("soboleva",),
    reference="—",
    properties=Properties(  # tanh at the defaults
        output_range=(-1.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "soft"),
    ),
)
