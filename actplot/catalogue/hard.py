"""Hard and sparse functions: clipped, piecewise-linear (or -quadratic) shapes.

hardtanh, hardsigmoid, hardswish, sparse_sigmoid, sparse_plus, softshrink,
hardshrink and hard_elish (built on the sparse sigmoid): each activation's
kernels, then its record.
"""

from __future__ import annotations

import math

import numpy as np

from .records import Activation, Param, Properties, kinks_at, ordered
from .stable import _blockwise, _neg, _relu6, _window

# ---------------------------------------------------------------- hardtanh


@_blockwise
def hardtanh(x, min_val, max_val):
    return np.clip(x, min_val, max_val)


@_blockwise
def hardtanh_grad(x, min_val, max_val):
    return _window(x, min_val, max_val)


HARDTANH = Activation(
    name="hardtanh",
    label="Hardtanh",
    fn=hardtanh,
    grad=hardtanh_grad,
    formula=r"\min(\max(x,x_{\min}),x_{\max})",
    derivative_formula=r"1\ (x_{\min}\leq x<x_{\max}),\ 0\ \mathrm{else}",
    params=(
        Param("min_val", -1.0, "min", r"x_{\min}"),
        Param("max_val", 1.0, "max", r"x_{\max}"),
    ),
    aliases=("hard_tanh",),
    kinks=lambda v: (v["min_val"], v["max_val"]),
    check=ordered("min_val", "max_val", strict=True),
    reference="—",
    properties=Properties(
        output_range=(-1.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("hard", "hard"),
    ),
)


# ---------------------------------------------------------------- hardsigmoid, hardswish


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


HARDSIGMOID = Activation(
    name="hardsigmoid",
    label="Hardsigmoid",
    fn=hardsigmoid,
    grad=hardsigmoid_grad,
    formula=r"\frac{\mathrm{ReLU6}(x+3)}{6}",
    derivative_formula=r"\frac{1}{6}\ (-3\leq x<3),\ 0\ \mathrm{else}",
    aliases=("hard_sigmoid",),
    kinks=kinks_at(-3.0, 3.0),
    reference="Howard et al. (2019), Searching for MobileNetV3",
    properties=Properties(
        output_range=(0.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "hard"),
    ),
)


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


HARDSWISH = Activation(
    name="hardswish",
    label="Hardswish",
    fn=hardswish,
    grad=hardswish_grad,
    formula=r"x\,\frac{\mathrm{ReLU6}(x+3)}{6}",
    derivative_formula=r"0\ (x<-3),\ \frac{2x+3}{6}\ (-3\leq x<3),\ "
    r"1\ (x\geq 3)",
    aliases=("hard_silu", "hard_swish"),
    kinks=kinks_at(-3.0, 3.0),
    reference="Howard et al. (2019), Searching for MobileNetV3",
    properties=Properties(
        output_range=(-0.375, math.inf),  # at x = -1.5
        monotonic=False,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("hard", "none"),
    ),
    odd_slope=lambda v: 1.0,  # hardsigmoid(x) + hardsigmoid(-x) = 1
)


# ---------------------------------------------------------------- sparse


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


SPARSE_SIGMOID = Activation(
    name="sparse_sigmoid",
    label="Sparse sigmoid",
    fn=sparse_sigmoid,
    grad=sparse_sigmoid_grad,
    formula=r"0\ (x\leq -1),\ \frac{x+1}{2}\ (-1<x<1),\ 1\ (x\geq 1)",
    derivative_formula=r"\frac{1}{2}\ (-1\leq x<1),\ 0\ \mathrm{else}",
    kinks=kinks_at(-1.0, 1.0),
    reference="Blondel, Martins & Niculae (2020), Learning with Fenchel-Young "
    "losses, section 6.2 (as jax.nn.sparse_sigmoid)",
    properties=Properties(
        output_range=(0.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "hard"),
    ),
)


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


SPARSE_PLUS = Activation(
    name="sparse_plus",
    label="Sparse plus",
    fn=sparse_plus,
    grad=sparse_plus_grad,
    formula=r"0\ (x\leq -1),\ \frac{(x+1)^{2}}{4}\ (-1<x<1),\ x\ (x\geq 1)",
    derivative_formula=r"0\ (x<-1),\ \frac{x+1}{2}\ (-1\leq x<1),\ "
    r"1\ (x\geq 1)",
    reference="Blondel, Martins & Niculae (2020), Learning with Fenchel-Young "
    "losses (as jax.nn.sparse_plus)",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=1,  # f' is continuous; f'' jumps at -1 and 1
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "none"),
    ),
    odd_slope=lambda v: 1.0,  # (x + 1)^2/4 - (1 - x)^2/4 = x
)


# ---------------------------------------------------------------- shrink


@_blockwise
def softshrink(x, lambd):
    # x - clip(x) is x - lambd, x + lambd or exactly 0.
    return x - np.clip(x, -lambd, lambd)


@_blockwise
def softshrink_grad(x, lambd):
    return np.where((x >= -lambd) & (x < lambd), 0.0, 1.0)


SOFTSHRINK = Activation(
    name="softshrink",
    label="Softshrink",
    fn=softshrink,
    grad=softshrink_grad,
    formula=r"x-\lambda\ (x>\lambda),\ x+\lambda\ (x<-\lambda),\ 0\ \mathrm{else}",
    derivative_formula=r"0\ (-\lambda\leq x<\lambda),\ 1\ \mathrm{else}",
    params=(Param("lambd", 0.5, "λ", r"\lambda", low=0.0),),
    kinks=lambda v: (-v["lambd"], v["lambd"]) if v["lambd"] else (),
    reference="Donoho (1995), De-noising by soft-thresholding",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
)


@_blockwise
def hardshrink(x, lambd):
    return np.where(np.abs(x) > lambd, x, 0.0)


def hardshrink_grad(x, lambd):
    return softshrink_grad(x, lambd)


HARDSHRINK = Activation(
    name="hardshrink",
    label="Hardshrink",
    fn=hardshrink,
    grad=hardshrink_grad,
    formula=r"x\ (|x|>\lambda),\ 0\ \mathrm{else}",
    derivative_formula=r"0\ (-\lambda\leq x<\lambda),\ 1\ \mathrm{else}",
    params=(Param("lambd", 0.5, "λ", r"\lambda", low=0.0),),
    kinks=lambda v: (-v["lambd"], v["lambd"]) if v["lambd"] else (),
    reference="Donoho & Johnstone (1994), Ideal spatial adaptation by wavelet shrinkage",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=False,
        continuity=-1,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
)


# ---------------------------------------------------------------- hard elish


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


HARD_ELISH = Activation(
    name="hard_elish",
    label="HardELiSH",
    fn=hard_elish,
    grad=hard_elish_grad,
    formula=r"x\,h(x)\ (x\geq 0),\ (e^{x}-1)\,h(x)\ (x<0),\ "
    r"h(x)=\max(0,\min(1,\frac{x+1}{2}))",
    derivative_formula=r"0\ (x<-1),\ \frac{e^{x}(x+2)-1}{2}\ (-1\leq x<0),\ "
    r"x+\frac{1}{2}\ (0\leq x<1),\ 1\ (x\geq 1)",
    kinks=kinks_at(-1.0, 1.0),  # f' is continuous at 0 (1/2 from both sides)
    reference="Basirat & Roth (2018), The quest for the golden activation function",
    properties=Properties(
        output_range=(-0.09967315152874262, math.inf),  # at x = -0.44285
        monotonic=False,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("hard", "none"),
    ),
)


# ---------------------------------------------------------------- hard sigmoid (Keras 2)


@_blockwise
def hard_sigmoid_keras2(x):
    # (x + 2.5)/5, not 0.2 x + 0.5: x + 2.5 is exact near -2.5 (Sterbenz),
    # so the zero there keeps its precision, and 1/5 is not a double.
    h = np.clip(x, -2.5, 2.5)
    h += 2.5
    h /= 5.0
    return h


@_blockwise
def hard_sigmoid_keras2_grad(x):
    return _window(x, -2.5, 2.5, 0.2)


HARD_SIGMOID_KERAS2 = Activation(
    name="hard_sigmoid_keras2",
    label="Hard sigmoid (Keras 2)",
    fn=hard_sigmoid_keras2,
    grad=hard_sigmoid_keras2_grad,
    formula=r"\max(0,\min(1,0.2x+0.5))",
    derivative_formula=r"0.2\ (-2.5\leq x<2.5),\ 0\ \mathrm{else}",
    kinks=kinks_at(-2.5, 2.5),
    reference="— (Theano's and Keras 2's hard_sigmoid, tf.keras.activations.hard_sigmoid)",
    properties=Properties(
        output_range=(0.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "hard"),
    ),
)
