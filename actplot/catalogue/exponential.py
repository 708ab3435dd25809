"""The exponential family: e^x and the exponential linear units.

exponential, elu, selu, celu and softexponential: each activation's kernels,
then its record.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from .records import (
    Activation,
    FrameworkGrad,
    Param,
    Properties,
    kink_at_zero_unless,
    kinks_at,
)
from .stable import _blockwise, _neg, _patched, _scaled, _scaled_exp

# ---------------------------------------------------------------- exponential


@_blockwise
def exponential(x):
    with np.errstate(over="ignore"):  # inf only where e^x > 1.8e308, truly
        return np.exp(x)


def exponential_grad(x):
    return exponential(x)


EXPONENTIAL = Activation(
    name="exponential",
    label="Exponential",
    fn=exponential,
    grad=exponential_grad,
    formula=r"e^{x}",
    derivative_formula=r"e^{x}",
    tex_symbol=r"\exp",
    aliases=("exp",),
    reference="— (Keras's exponential activation)",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("soft", "none"),
    ),
)


# ---------------------------------------------------------------- elu family


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


def elu_framework_grad(x, y, rounded, alpha=1.0):
    # TensorFlow's EluGrad, (e + 1) from the output e = e^x - 1 of tf.nn.elu
    # where e < 0, scaled by alpha as Keras' elu does (alpha * tf.nn.elu(x)).
    e = y if alpha == 1.0 else rounded(elu(x, 1.0))
    one = np.ones_like(e)
    g = np.where(e < 0, e + 1, one)
    if alpha != 1.0:
        g = np.where(x > 0, one, g * rounded(np.float64(alpha)))
    return g


ELU = Activation(
    name="elu",
    label="ELU",
    fn=elu,
    grad=elu_grad,
    formula=r"x\ (x>0),\ \alpha\,(e^{x}-1)\ (x\leq 0)",
    derivative_formula=r"1\ (x\geq 0),\ \alpha e^{x}\ (x<0)",
    # PyTorch accepts any alpha; alpha = 0 is ReLU, alpha < 0 a curiosity.
    params=(Param("alpha", 1.0, "α", r"\alpha"),),
    kinks=kink_at_zero_unless("alpha", 1.0),
    reference="Clevert, Unterthiner & Hochreiter (2015), Fast and accurate "
    "deep network learning by exponential linear units (ELUs)",
    properties=Properties(
        output_range=(-1.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        # At alpha = 1, f' is continuous; f'' jumps from 1 to 0 at 0.
        continuity=1,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    framework_grad=FrameworkGrad(
        formula="α(e + 1) for e = eˣ − 1 < 0 rounded to the format, else 1",
        kernel="TensorFlow's EluGrad from the output ((activations + 1)·gradients, "
        "tensorflow/core/kernels/relu_op_functor.h), scaled by α as Keras' elu does",
        grad=elu_framework_grad,
    ),
)


# SELU's constants, for the kernels and the record alike.
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_LAMBDA = 1.0507009873554804934193349852946


@_blockwise
def selu(x):
    f = _elu(x, _SELU_ALPHA, 1.0)
    with np.errstate(over="ignore"):  # inf only where lambda x > 1.8e308, truly
        f *= _SELU_LAMBDA
    return f


@_blockwise
def selu_grad(x):
    return _SELU_LAMBDA * _elu_grad(x, _SELU_ALPHA, 1.0)


def selu_framework_grad(x, y, rounded):
    # TensorFlow's SeluGrad from the output y: y + lambda alpha where y < 0,
    # lambda elsewhere, both constants rounded to the format.
    scale = np.asarray(_SELU_LAMBDA, dtype=y.dtype)
    scale_alpha = np.asarray(1.7580993408473768599402175208123, dtype=y.dtype)  # TF's
    return np.where(y < 0, y + scale_alpha, np.full_like(y, scale))


SELU = Activation(
    name="selu",
    label="SELU",
    fn=selu,
    grad=selu_grad,
    formula=r"\lambda x\ (x>0),\ \lambda\alpha\,(e^{x}-1)\ (x\leq 0)",
    derivative_formula=r"\lambda\ (x\geq 0),\ \lambda\alpha e^{x}\ (x<0)",
    kinks=kinks_at(0.0),
    reference="Klambauer, Unterthiner, Mayr & Hochreiter (2017), Self-normalizing neural networks",
    properties=Properties(
        output_range=(-_SELU_LAMBDA * _SELU_ALPHA, math.inf),
        monotonic=True,
        # f' rises to lambda*alpha = 1.758 at 0- and drops to lambda = 1.05.
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    framework_grad=FrameworkGrad(
        formula="y + λα for y < 0, λ elsewhere; y = SELU(x) rounded to the format",
        kernel="TensorFlow's SeluGrad from the output (gradients·(activations + "
        "scale_alpha), tensorflow/core/kernels/relu_op_functor.h)",
        grad=selu_framework_grad,
    ),
)


@_blockwise
def celu(x, alpha):
    return _elu(x, alpha, alpha)


@_blockwise
def celu_grad(x, alpha):
    return _elu_grad(x, 1.0, alpha)


CELU = Activation(
    name="celu",
    label="CELU",
    fn=celu,
    grad=celu_grad,
    formula=r"\max(0,x)+\min(0,\alpha\,(e^{x/\alpha}-1))",
    derivative_formula=r"1\ (x\geq 0),\ e^{x/\alpha}\ (x<0)",
    params=(Param("alpha", 1.0, "α", r"\alpha", nonzero=True),),
    reference="Barron (2017), Continuously differentiable exponential linear units",
    properties=Properties(
        output_range=(-1.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=1,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
)


# ---------------------------------------------------------------- softexponential


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


SOFTEXPONENTIAL = Activation(
    name="softexponential",
    label="Soft exponential",
    fn=softexponential,
    grad=softexponential_grad,
    formula=r"-\frac{\ln(1-\alpha(x+\alpha))}{\alpha}\ (\alpha<0),\ "
    r"x\ (\alpha=0),\ \frac{e^{\alpha x}-1}{\alpha}+\alpha\ (\alpha>0)",
    derivative_formula=r"\frac{1}{1-\alpha(\alpha+x)}\ (\alpha<0),\ "
    r"e^{\alpha x}\ (\alpha\geq 0)",
    # Any alpha: for alpha < 0, f is NaN left of 1/alpha - alpha (its
    # domain), which the catalogue asks for, not an invalid parameter.
    params=(Param("alpha", 0.5, "α", r"\alpha"),),
    aliases=("soft_exponential",),
    reference="Godfrey & Gashler (2015), A continuum among logarithmic, "
    "linear, and exponential functions, and its potential to improve "
    "generalization in neural networks",
    properties=Properties(
        output_range=(-1.5, math.inf),  # -1/alpha + alpha at -inf
        monotonic=True,
        monotonic_derivative=True,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("soft", "none"),
    ),
)
