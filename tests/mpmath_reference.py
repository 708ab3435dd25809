"""An independent high-precision reference for every catalogue function.

Written from the mathematics of ``/work/shared/catalogue.md``, not from the
kernels in ``actplot.catalogue``'s family modules: each entry is the value and
the analytic derivative as mpmath expressions of ``x`` and the parameters.
Piecewise definitions follow the catalogue literally, with the right-hand
derivative at a kink.

Precision. mpmath keeps a fixed number of significant digits, so a difference
of nearly equal numbers (x - tanh x at x = 1e-300, x + sqrt(x^2 + b) at
x = -1e300) loses digits there as it would in float64. :func:`working_dps`
therefore raises the precision with |log10 |x|| and with |x| (e^-|x| added to
1); and where a loss is certain at every precision (1 - sigma(z) for large z,
1 + tanh u for u << 0, the cancelling e^(2x) terms of smht's derivative) the
expressions use an exact identity instead (sigma(-z), 2 sigma(2u), an expanded
numerator). ``tests/make_reference.py`` checks the reference against itself
at a much higher precision and its derivatives against ``mpmath.diff``.

Stored. ``tests/make_reference.py`` evaluates this module at every point of
the precision tests and stores the results in ``tests/data``, with this file's
digest: after any change here, ``tests/test_precision.py`` fails as stale until
``python tests/make_reference.py`` is run again.

Usage::

    value("elu", 0.5, {"alpha": 2.0})       # an mpf
    derivative("elu", -1e300, {"alpha": 2.0})
    value_condition("elu", -1e-5, {"alpha": 2.0})  # |x f'(x) / f(x)|
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import NamedTuple

import mpmath
from mpmath import mp, mpf

__all__ = [
    "REFERENCES",
    "Reference",
    "condition",
    "derivative",
    "derivative_condition",
    "right_derivative",
    "value",
    "value_condition",
    "working_dps",
]

BASE_DPS = 60


class Reference(NamedTuple):
    value: Callable[..., mpf]
    derivative: Callable[..., mpf]


def working_dps(x: float | mpf, base: int = BASE_DPS) -> int:
    """Digits enough for f(x): base + what cancellation can cost at this x."""
    ax = abs(float(x))
    extra = 0
    if 0 < ax < 1:
        extra += int(-2 * math.log10(ax)) + 2  # x - tanh x ~ x^3/3 against x
    elif ax >= 1:
        extra += int(math.log10(ax)) + 2  # x against 1 (x + 1/x, sqrt(x^2 + 1))
    # 1 + e^-|x|; beyond |x| = 750, e^-|x| < 1e-325 is below the test's floor.
    extra += int(min(ax, 750.0) / 2.3)
    return base + extra


def value(name: str, x: float | mpf, params: Mapping[str, float] | None = None) -> mpf:
    """f(x) at the working precision for x (an mpf; nan outside the domain)."""
    return _evaluate(REFERENCES[name].value, x, params, BASE_DPS)


def derivative(name: str, x: float | mpf, params: Mapping[str, float] | None = None) -> mpf:
    """f'(x), the right-hand value at a kink."""
    return _evaluate(REFERENCES[name].derivative, x, params, BASE_DPS)


def _evaluate(
    fn: Callable[..., mpf], x: float | mpf, params: Mapping[str, float] | None, base: int
) -> mpf:
    if isinstance(x, mpf):  # from mpmath.diff: not worth caching
        return _compute(fn, x, params, base)
    key = (fn, float(x), tuple(sorted((params or {}).items())), base)
    if key not in _CACHE:  # the precision tests ask for some points twice
        _CACHE[key] = _compute(fn, x, params, base)
    return _CACHE[key]


_CACHE: dict[tuple, mpf] = {}


def condition(g: Callable[[mpf], mpf], dg: Callable[[mpf], mpf], x: float) -> mpf:
    """|x g'(x) / g(x)|: how much g's relative error may grow from x's ulp."""
    with mp.workdps(working_dps(x)):
        gx = g(x)
        if gx == 0:
            return mpmath.inf
        return abs(mpf(x) * dg(x) / gx)


def right_derivative(g: Callable[[mpf], mpf], x: float) -> mpf:
    """g'(x) numerically, one-sided (right-hand, as at a kink).

    The step is 2^-100 min(|x|, 1): mpmath.diff's default step is below the
    precision the reference evaluates g at for that x (g(x + h) rounded to
    g(x), and every derivative's condition number came out 0), and a step
    relative to a large x would be longer than a period of snake' there.
    """
    t = mpf(x)
    h = mpmath.ldexp(1, (min(mpmath.mag(t), 0) if t else 0) - 100)
    return mpmath.diff(g, t, direction=1, h=h)


def value_condition(name: str, x: float, params: Mapping[str, float] | None = None) -> mpf:
    """The condition number of f at x: the allowance near a zero of f."""
    return condition(lambda t: value(name, t, params), lambda t: derivative(name, t, params), x)


def derivative_condition(name: str, x: float, params: Mapping[str, float] | None = None) -> mpf:
    """The condition number of f' at x, with f'' from f' numerically (right-hand)."""

    def df(t):
        return derivative(name, t, params)

    return condition(df, lambda t: right_derivative(df, t), x)


def _compute(
    fn: Callable[..., mpf], x: float | mpf, params: Mapping[str, float] | None, base: int
) -> mpf:
    with mp.workdps(working_dps(x, base)):
        # mpf(float) is exact at this precision: the reference sees the very
        # binary numbers the kernels see.
        args = {k: mpf(float(v)) for k, v in (params or {}).items()}
        # An mpf x (from mpmath.diff) is kept as it is.
        return +fn(x if isinstance(x, mpf) else mpf(float(x)), **args)


# ---------------------------------------------------------------- helpers


def _sig(z: mpf) -> mpf:
    return 1 / (1 + mpmath.exp(-z))


def _sech2(z: mpf) -> mpf:
    return mpmath.sech(z) ** 2


def _Phi(x: mpf) -> mpf:
    """Standard normal CDF."""
    if x < -1e10:
        # mpmath's erfc overflows a float for arguments near 1e300; the
        # asymptotic series is exact to 1e-50 relative this far out.
        return _phi(x) / -x * (1 - 1 / x**2 + 3 / x**4 - 15 / x**6)
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2


def _phi(x: mpf) -> mpf:
    """Standard normal PDF."""
    return mpmath.exp(-(x**2) / 2) / mpmath.sqrt(2 * mpmath.pi)


def _step(x: mpf, at: mpf = 0) -> mpf:
    return mpf(1) if x >= at else mpf(0)


def _clip(x: mpf, low: mpf, high: mpf) -> mpf:
    return min(max(x, low), high)


# ---------------------------------------------------------------- functions

_SELU_ALPHA = "1.6732632423543772848170429916717"
_SELU_LAMBDA = "1.0507009873554804934193349852946"


def _selu(x):
    lam, alpha = mpf(_SELU_LAMBDA), mpf(_SELU_ALPHA)
    return lam * x if x > 0 else lam * alpha * mpmath.expm1(x)


def _selu_grad(x):
    lam, alpha = mpf(_SELU_LAMBDA), mpf(_SELU_ALPHA)
    return lam if x >= 0 else lam * alpha * mpmath.exp(x)


def _gelu_tanh(x):
    # 1/2 (1 + tanh u) = sigma(2u): no cancellation when tanh u -> -1.
    u = mpmath.sqrt(2 / mpmath.pi) * (x + mpf("0.044715") * x**3)
    return x * _sig(2 * u)


def _gelu_tanh_grad(x):
    # d/dx [x/2 (1 + tanh u)] = (1 + tanh u)/2 + x/2 sech^2(u) u',
    # u = k (x + c x^3), u' = k (1 + 3 c x^2), k = sqrt(2/pi), c = 0.044715.
    k, c = mpmath.sqrt(2 / mpmath.pi), mpf("0.044715")
    u = k * (x + c * x**3)
    return _sig(2 * u) + x / 2 * _sech2(u) * k * (1 + 3 * c * x**2)


def _mish(x):
    return x * mpmath.tanh(mpmath.log1p(mpmath.exp(x)))


def _mish_grad(x):
    # s = softplus(x), s' = sigma(x): f' = tanh s + x sech^2(s) sigma(x).
    s = mpmath.log1p(mpmath.exp(x))
    return mpmath.tanh(s) + x * _sech2(s) * _sig(x)


def _squareplus(x, b):
    r = mpmath.sqrt(x**2 + b)
    # For x < 0, (x + r)/2 = b / (2 (r - x)): the same number, no cancellation.
    return (x + r) / 2 if x >= 0 else b / (2 * (r - x))


def _squareplus_grad(x, b):
    r = mpmath.sqrt(x**2 + b)
    return (1 + x / r) / 2 if x >= 0 else b / (2 * r * (r - x))


def _sinc(x):
    return mpf(1) if x == 0 else mpmath.sin(x) / x


def _sinc_grad(x):
    return mpf(0) if x == 0 else (x * mpmath.cos(x) - mpmath.sin(x)) / x**2


def _softexponential(x, alpha):
    if alpha < 0:
        u = 1 - alpha * (x + alpha)
        if u < 0:
            return mpmath.nan
        if u == 0:
            return mpmath.ninf  # ln(u)/alpha -> -inf at the domain's edge
        return -mpmath.log(u) / alpha
    if alpha == 0:
        return x
    return mpmath.expm1(alpha * x) / alpha + alpha


def _softexponential_grad(x, alpha):
    if alpha < 0:
        u = 1 - alpha * (alpha + x)
        if u < 0:
            return mpmath.nan
        return mpmath.inf if u == 0 else 1 / u
    return mpmath.exp(alpha * x)


def _srelu(x, t_left, a_left, t_right, a_right):
    if x <= t_left:
        return t_left + a_left * (x - t_left)
    if x < t_right:
        return x
    return t_right + a_right * (x - t_right)


def _srelu_grad(x, t_left, a_left, t_right, a_right):
    if x < t_left:
        return a_left
    return mpf(1) if x < t_right else a_right


def _smht(x, a, b, c, d):
    e = mpmath.exp
    return (e(a * x) - e(-b * x)) / (e(c * x) + e(-d * x))


def _smht_grad(x, a, b, c, d):
    # (N'D - N D') / D^2 with N = e^(ax) - e^(-bx), D = e^(cx) + e^(-dx).
    # Expanded, the e^(2x)-sized terms of N'D and N D' cancel exactly (at the
    # defaults N'D - N D' = 4): write the difference as its four terms.
    if a + b == 0:
        # N = e^(ax) - e^(ax) is identically 0, and so is f'; the four terms
        # below cancel in pairs, leaving rounding noise (1e-64), not 0.
        return mpf(0)
    e = mpmath.exp
    numerator = (
        (a - c) * e((a + c) * x)
        + (a + d) * e((a - d) * x)
        + (b + c) * e((c - b) * x)
        + (b - d) * e(-(b + d) * x)
    )
    return numerator / (e(c * x) + e(-d * x)) ** 2


def _elish(x):
    return x * _sig(x) if x >= 0 else mpmath.expm1(x) * _sig(x)


def _elish_grad(x):
    # sigma' = sigma (1 - sigma) = sigma(x) sigma(-x).
    s = _sig(x)
    if x >= 0:
        return s + x * s * _sig(-x)
    return mpmath.exp(x) * s + mpmath.expm1(x) * s * _sig(-x)


def _hard_elish_h(x):
    return max(mpf(0), min(mpf(1), (x + 1) / 2))


def _hard_elish(x):
    h = _hard_elish_h(x)
    return x * h if x >= 0 else mpmath.expm1(x) * h


def _hard_elish_grad(x):
    # Right-hand values: h' = 1/2 on [-1, 1), 0 elsewhere.
    if x < -1:
        return mpf(0)
    if x < 0:  # (e^x - 1)(x + 1)/2
        return mpmath.exp(x) * (x + 1) / 2 + mpmath.expm1(x) / 2
    if x < 1:  # x (x + 1)/2
        return x + mpf(1) / 2
    return mpf(1)


def _sparse_plus(x):
    if x <= -1:
        return mpf(0)
    return (x + 1) ** 2 / 4 if x < 1 else x


def _sparse_plus_grad(x):
    if x < -1:
        return mpf(0)
    return (x + 1) / 2 if x < 1 else mpf(1)


def _sparse_sigmoid(x):
    if x <= -1:
        return mpf(0)
    return (x + 1) / 2 if x < 1 else mpf(1)


_QUICK = "1.702"


def _quick_gelu(x):
    return x * _sig(mpf(_QUICK) * x)


def _quick_gelu_grad(x):
    c = mpf(_QUICK)
    return _sig(c * x) + c * x * _sig(c * x) * _sig(-c * x)


def _leaky(x, alpha):
    return x if x >= 0 else alpha * x


def _leaky_grad(x, alpha):
    return mpf(1) if x >= 0 else alpha


def _shrink_grad(x, lambd):
    return mpf(1) if (x < -lambd or x >= lambd) else mpf(0)


REFERENCES: dict[str, Reference] = {
    "sigmoid": Reference(_sig, lambda x: _sig(x) * _sig(-x)),
    "tanh": Reference(mpmath.tanh, _sech2),
    "softsign": Reference(lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "relu": Reference(lambda x: max(mpf(0), x), _step),
    "identity": Reference(lambda x: x, lambda x: mpf(1)),
    "binary_step": Reference(_step, lambda x: mpf(0)),
    "leaky_relu": Reference(_leaky, _leaky_grad),
    "prelu": Reference(_leaky, _leaky_grad),
    "rrelu": Reference(
        lambda x, lower, upper: _leaky(x, (lower + upper) / 2),
        lambda x, lower, upper: _leaky_grad(x, (lower + upper) / 2),
    ),
    "elu": Reference(
        lambda x, alpha: x if x > 0 else alpha * mpmath.expm1(x),
        lambda x, alpha: mpf(1) if x >= 0 else alpha * mpmath.exp(x),
    ),
    "selu": Reference(_selu, _selu_grad),
    "celu": Reference(
        lambda x, alpha: max(mpf(0), x) + min(mpf(0), alpha * mpmath.expm1(x / alpha)),
        lambda x, alpha: mpf(1) if x >= 0 else mpmath.exp(x / alpha),
    ),
    "gelu": Reference(lambda x: x * _Phi(x), lambda x: _Phi(x) + x * _phi(x)),
    "gelu_tanh": Reference(_gelu_tanh, _gelu_tanh_grad),
    "silu": Reference(lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * _sig(-x))),
    "swish": Reference(
        lambda x, beta: x * _sig(beta * x),
        lambda x, beta: _sig(beta * x) + beta * x * _sig(beta * x) * _sig(-beta * x),
    ),
    "mish": Reference(_mish, _mish_grad),
    "softplus": Reference(
        lambda x, beta: mpmath.log1p(mpmath.exp(beta * x)) / beta,
        lambda x, beta: _sig(beta * x),
    ),
    "logsigmoid": Reference(lambda x: -mpmath.log1p(mpmath.exp(-x)), lambda x: _sig(-x)),
    "hardsigmoid": Reference(
        lambda x: _clip(x + 3, mpf(0), mpf(6)) / 6,
        lambda x: mpf(1) / 6 if -3 <= x < 3 else mpf(0),
    ),
    "hard_sigmoid_keras2": Reference(
        lambda x: _clip((x + mpf(5) / 2) / 5, mpf(0), mpf(1)),
        lambda x: mpf(1) / 5 if -mpf(5) / 2 <= x < mpf(5) / 2 else mpf(0),
    ),
    "hardtanh": Reference(
        lambda x, min_val, max_val: _clip(x, min_val, max_val),
        lambda x, min_val, max_val: mpf(1) if min_val <= x < max_val else mpf(0),
    ),
    "hardswish": Reference(
        lambda x: x * _clip(x + 3, mpf(0), mpf(6)) / 6,
        lambda x: mpf(0) if x < -3 else ((2 * x + 3) / 6 if x < 3 else mpf(1)),
    ),
    "relu6": Reference(
        lambda x: _clip(x, mpf(0), mpf(6)),
        lambda x: mpf(1) if 0 <= x < 6 else mpf(0),
    ),
    "tanhshrink": Reference(lambda x: x - mpmath.tanh(x), lambda x: mpmath.tanh(x) ** 2),
    "softshrink": Reference(
        lambda x, lambd: x - lambd if x > lambd else (x + lambd if x < -lambd else mpf(0)),
        _shrink_grad,
    ),
    "hardshrink": Reference(lambda x, lambd: x if abs(x) > lambd else mpf(0), _shrink_grad),
    "arctan": Reference(mpmath.atan, lambda x: 1 / (1 + x**2)),
    "gaussian": Reference(lambda x: mpmath.exp(-(x**2)), lambda x: -2 * x * mpmath.exp(-(x**2))),
    "bent_identity": Reference(
        lambda x: (mpmath.sqrt(x**2 + 1) - 1) / 2 + x,
        lambda x: x / (2 * mpmath.sqrt(x**2 + 1)) + 1,
    ),
    "isru": Reference(
        lambda x, alpha: x / mpmath.sqrt(1 + alpha * x**2),
        lambda x, alpha: (1 / mpmath.sqrt(1 + alpha * x**2)) ** 3,
    ),
    "isrlu": Reference(
        lambda x, alpha: x if x >= 0 else x / mpmath.sqrt(1 + alpha * x**2),
        lambda x, alpha: mpf(1) if x >= 0 else (1 / mpmath.sqrt(1 + alpha * x**2)) ** 3,
    ),
    "squareplus": Reference(_squareplus, _squareplus_grad),
    "sinusoid": Reference(mpmath.sin, mpmath.cos),
    "sinc": Reference(_sinc, _sinc_grad),
    "softexponential": Reference(_softexponential, _softexponential_grad),
    "srelu": Reference(_srelu, _srelu_grad),
    "smht": Reference(_smht, _smht_grad),
    "elish": Reference(_elish, _elish_grad),
    "hard_elish": Reference(_hard_elish, _hard_elish_grad),
    "threshold": Reference(
        lambda x, threshold, value: x if x > threshold else value,
        lambda x, threshold, value: _step(x, threshold),
    ),
    "exponential": Reference(mpmath.exp, mpmath.exp),
    "sparse_plus": Reference(_sparse_plus, _sparse_plus_grad),
    "sparse_sigmoid": Reference(_sparse_sigmoid, lambda x: mpf(1) / 2 if -1 <= x < 1 else mpf(0)),
    "lisht": Reference(lambda x: x * mpmath.tanh(x), lambda x: mpmath.tanh(x) + x * _sech2(x)),
    "snake": Reference(
        lambda x, a: x + mpmath.sin(a * x) ** 2 / a,
        lambda x, a: 1 + mpmath.sin(2 * a * x),
    ),
    "relu_squared": Reference(lambda x: max(mpf(0), x) ** 2, lambda x: 2 * max(mpf(0), x)),
    "quick_gelu": Reference(_quick_gelu, _quick_gelu_grad),
}
