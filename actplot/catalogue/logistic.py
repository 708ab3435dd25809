"""The logistic family: sigmoid and what is built on it.

sigmoid, softplus, logsigmoid, swish, silu, quick_gelu and elish: each
activation's kernels, then its record.
"""

from __future__ import annotations

import math

import numpy as np

from .records import Activation, FrameworkGrad, Param, Properties
from .stable import (
    _blockwise,
    _exp_neg_abs,
    _log1p_exp_neg_abs,
    _logistic_pair,
    _neg,
    _pos,
    _scaled,
    _sigmoid,
)

# ---------------------------------------------------------------- sigmoid


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


def sigmoid_framework_grad(x, s, rounded):
    # From the output s alone, in the format: exactly 0 once s rounds to 1.
    return s * (1 - s)


SIGMOID = Activation(
    name="sigmoid",
    label="Sigmoid",
    fn=sigmoid,
    grad=sigmoid_grad,
    formula=r"\sigma(x)=\frac{1}{1+e^{-x}}",
    derivative_formula=r"\sigma(x)\,(1-\sigma(x))",
    tex_symbol=r"\sigma",
    aliases=("logistic",),
    reference="Rumelhart, Hinton & Williams (1986), Learning representations "
    "by back-propagating errors",
    properties=Properties(
        output_range=(0.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("soft", "soft"),
    ),
    framework_grad=FrameworkGrad(
        formula="s(1 − s), s = σ(x) rounded to the format",
        kernel="TensorFlow's SigmoidGrad (y·(1 − y) in the tensor's dtype, "
        "tensorflow/core/kernels/cwise_ops_gradients.h), JAX's logistic JVP "
        "(ans·(1 − ans), jax/_src/lax/lax.py) and PyTorch's sigmoid_backward "
        "from the result (derivatives.yaml; aten/src/ATen/native/cpu/BinaryOpsKernel.cpp)",
        grad=sigmoid_framework_grad,
    ),
)


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


SOFTPLUS = Activation(
    name="softplus",
    label="Softplus",
    fn=softplus,
    grad=softplus_grad,
    formula=r"\frac{1}{\beta}\,\ln(1+e^{\beta x})",
    derivative_formula=r"\sigma(\beta x)",
    params=(Param("beta", 1.0, "β", r"\beta", low=0.0, low_open=True),),
    reference="Dugas, Bengio, Bélisle, Nadeau & Garcia (2001), Incorporating "
    "second-order functional knowledge for better option pricing",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("soft", "none"),
    ),
    odd_slope=lambda v: 1.0,  # softplus(x) - softplus(-x) = x
)


# ---------------------------------------------------------------- logsigmoid


@_blockwise
def logsigmoid(x):
    # ln sigma(x) = min(x, 0) - ln(1 + e^-|x|): -1e300 stays -1e300.
    f = _neg(x)
    f -= _log1p_exp_neg_abs(x)
    return f


@_blockwise
def logsigmoid_grad(x):
    return _sigmoid(-x, floor=True)


LOGSIGMOID = Activation(
    name="logsigmoid",
    label="LogSigmoid",
    fn=logsigmoid,
    grad=logsigmoid_grad,
    formula=r"\ln\sigma(x)",
    derivative_formula=r"1-\sigma(x)",
    aliases=("log_sigmoid",),
    reference="—",
    properties=Properties(
        output_range=(-math.inf, 0.0),
        monotonic=True,
        monotonic_derivative=True,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("none", "soft"),
    ),
    odd_slope=lambda v: 1.0,  # ln sigma(x) - ln sigma(-x) = x
)


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


def swish_framework_grad(x, y, rounded, beta=1.0):
    # tf.nn.silu's gradient: s (1 + bx (1 - s)) with s = sigma(bx), bx the
    # product in the format.
    bx = rounded(x)
    if beta != 1.0:
        bx = bx * rounded(np.float64(beta))
    s = rounded(sigmoid(bx.astype(np.float64)) if beta != 1.0 else sigmoid(x))
    return s * (1 + bx * (1 - s))


# TensorFlow's swish/silu (tensorflow/python/ops/nn_impl.py) has its own
# gradient: sigmoid_features * (1 + beta x (1 - sigmoid_features)), in the
# tensor's dtype.
_SWISH_FRAMEWORK = FrameworkGrad(
    formula="s(1 + βx(1 − s)), s = σ(βx) rounded to the format",
    kernel="tf.nn.silu's gradient (tensorflow/python/ops/nn_impl.py), in the tensor's dtype",
    grad=swish_framework_grad,
)


SWISH = Activation(
    name="swish",
    label="Swish",
    fn=swish,
    grad=swish_grad,
    formula=r"x\,\sigma(\beta x)",
    derivative_formula=r"\sigma(\beta x)+\beta x\,\sigma(\beta x)\,"
    r"(1-\sigma(\beta x))",
    params=(Param("beta", 1.0, "β", r"\beta", low=0.0, low_open=True),),
    reference="Ramachandran, Zoph & Le (2017), Searching for activation functions",
    properties=Properties(
        output_range=(-0.27846454276107380, math.inf),  # as silu at beta = 1
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    framework_grad=_SWISH_FRAMEWORK,
    odd_slope=lambda v: 1.0,  # x sigma(bx) - (-x) sigma(-bx) = x
)


def silu(x):
    return swish(x, 1.0)


def silu_grad(x):
    return swish_grad(x, 1.0)


SILU = Activation(
    name="silu",
    label="SiLU",
    fn=silu,
    grad=silu_grad,
    formula=r"x\,\sigma(x)",
    derivative_formula=r"\sigma(x)\,(1+x\,(1-\sigma(x)))",
    aliases=("swish1",),
    reference="Hendrycks & Gimpel (2016), Gaussian error linear units; "
    "Elfwing, Uchibe & Doya (2018), Sigmoid-weighted linear units for neural "
    "network function approximation in reinforcement learning",
    properties=Properties(
        output_range=(-0.27846454276107380, math.inf),  # at x = -1.27846
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    framework_grad=_SWISH_FRAMEWORK,
    odd_slope=lambda v: 1.0,
)


def quick_gelu(x):
    return swish(x, 1.702)


def quick_gelu_grad(x):
    return swish_grad(x, 1.702)


QUICK_GELU = Activation(
    name="quick_gelu",
    label="QuickGELU",
    fn=quick_gelu,
    grad=quick_gelu_grad,
    formula=r"x\,\sigma(1.702x)",
    derivative_formula=r"\sigma(1.702x)+1.702x\,\sigma(1.702x)\,"
    r"(1-\sigma(1.702x))",
    reference="Hendrycks & Gimpel (2016), Gaussian error linear units "
    "(GELUs); used by Radford et al. (2021), CLIP",
    properties=Properties(
        output_range=(-0.16361018963635359, math.inf),  # at x = -0.75115
        monotonic=False,
        monotonic_derivative=False,
        continuity=math.inf,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
    odd_slope=lambda v: 1.0,
)


# ---------------------------------------------------------------- elish


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


ELISH = Activation(
    name="elish",
    label="ELiSH",
    fn=elish,
    grad=elish_grad,
    formula=r"x\,\sigma(x)\ (x\geq 0),\ (e^{x}-1)\,\sigma(x)\ (x<0)",
    derivative_formula=r"\sigma(x)\,(1+x\,(1-\sigma(x)))\ (x\geq 0),\ "
    r"e^{x}\sigma(x)+(e^{x}-1)\,\sigma(x)\,(1-\sigma(x))\ (x<0)",
    reference="Basirat & Roth (2018), The quest for the golden activation function",
    properties=Properties(
        output_range=(-0.17157287525380990, math.inf),  # -(3 - 2√2)
        monotonic=False,
        monotonic_derivative=False,
        # f'(0) = 1/2 from both sides; f'' jumps from 1 to 1/2.
        continuity=1,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("soft", "none"),
    ),
)
