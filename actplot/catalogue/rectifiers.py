"""Rectifiers: ReLU and its piecewise-linear relatives.

relu, identity, binary_step, leaky_relu, prelu, rrelu, relu6, relu_squared,
threshold and srelu: each activation's kernels, then its record.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .records import Activation, Param, Properties, kink_at_zero_unless, kinks_at, ordered
from .stable import _blockwise, _neg, _pos, _relu6, _window

# ---------------------------------------------------------------- relu


@_blockwise
def relu(x):
    return _pos(x)


@_blockwise
def relu_grad(x):
    # Right-hand value at the kink: relu'(0) = 1, as the lecture note's x>=0.
    return np.where(x >= 0, 1.0, 0.0)


RELU = Activation(
    name="relu",
    label="ReLU",
    fn=relu,
    grad=relu_grad,
    formula=r"\max(0,x)",
    derivative_formula=r"0\ (x<0),\ 1\ (x\geq 0)",
    kinks=kinks_at(0.0),
    reference="Nair & Hinton (2010), Rectified linear units improve "
    "restricted Boltzmann machines; Glorot, Bordes & Bengio (2011)",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "none"),
    ),
    odd_slope=lambda v: 1.0,  # relu(x) - relu(-x) = x
)


# ---------------------------------------------------------------- identity


@_blockwise
def identity(x):
    return x


@_blockwise
def identity_grad(x):
    return np.ones_like(x)


IDENTITY = Activation(
    name="identity",
    label="Identity",
    fn=identity,
    grad=identity_grad,
    formula=r"x",
    derivative_formula=r"1",
    aliases=("linear",),
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


# ---------------------------------------------------------------- binary step


@_blockwise
def binary_step(x):
    return np.where(x >= 0, 1.0, 0.0)


@_blockwise
def binary_step_grad(x):
    # The impulse at 0 is not drawn.
    return np.zeros_like(x)


BINARY_STEP = Activation(
    name="binary_step",
    label="Binary step",
    fn=binary_step,
    grad=binary_step_grad,
    formula=r"0\ (x<0),\ 1\ (x\geq 0)",
    derivative_formula=r"0",
    aliases=("heaviside", "step"),
    kinks=kinks_at(0.0),
    reference="McCulloch & Pitts (1943), A logical calculus of the ideas "
    "immanent in nervous activity",
    properties=Properties(
        output_range=(0.0, 1.0),
        monotonic=True,
        monotonic_derivative=False,  # the impulse at the jump
        continuity=-1,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "hard"),
    ),
)


# ---------------------------------------------------------------- leaky relu family

# A slope parameter (leaky_relu, prelu): PyTorch accepts any value.
_SLOPE: dict[str, Any] = {"symbol": "α", "tex": r"\alpha"}


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


LEAKY_RELU = Activation(
    name="leaky_relu",
    label="Leaky ReLU",
    fn=leaky_relu,
    grad=leaky_relu_grad,
    formula=r"x\ (x\geq 0),\ \alpha x\ (x<0)",
    derivative_formula=r"1\ (x\geq 0),\ \alpha\ (x<0)",
    params=(Param("alpha", 0.01, **_SLOPE),),
    kinks=kink_at_zero_unless("alpha", 1.0),
    reference="Maas, Hannun & Ng (2013), Rectifier nonlinearities improve "
    "neural network acoustic models",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
    odd_slope=lambda v: 1.0 + v["alpha"],  # x - alpha (-x)
)


def prelu(x, alpha):
    return leaky_relu(x, alpha)


def prelu_grad(x, alpha):
    return leaky_relu_grad(x, alpha)


PRELU = Activation(
    name="prelu",
    label="PReLU",
    fn=prelu,
    grad=prelu_grad,
    formula=r"x\ (x\geq 0),\ \alpha x\ (x<0)",
    derivative_formula=r"1\ (x\geq 0),\ \alpha\ (x<0)",
    params=(Param("alpha", 0.25, **_SLOPE),),
    kinks=kink_at_zero_unless("alpha", 1.0),
    reference="He, Zhang, Ren & Sun (2015), Delving deep into rectifiers: "
    "surpassing human-level performance on ImageNet classification",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
    odd_slope=lambda v: 1.0 + v["alpha"],
)


def rrelu(x, lower, upper):
    # Evaluation mode: the mean of the training-time random slope.
    return leaky_relu(x, 0.5 * (lower + upper))


def rrelu_grad(x, lower, upper):
    return leaky_relu_grad(x, 0.5 * (lower + upper))


RRELU = Activation(
    name="rrelu",
    label="RReLU",
    fn=rrelu,
    grad=rrelu_grad,
    formula=r"x\ (x\geq 0),\ \frac{l+u}{2}\,x\ (x<0)",
    derivative_formula=r"1\ (x\geq 0),\ \frac{l+u}{2}\ (x<0)",
    # Evaluation mode: the slope is the mean of U(lower, upper).
    params=(
        Param("lower", 1 / 8, "l", "l"),
        Param("upper", 1 / 3, "u", "u"),
    ),
    kinks=lambda v: () if v["lower"] + v["upper"] == 2 else (0.0,),
    check=ordered("lower", "upper", strict=False),
    reference="Xu, Wang, Chen & Li (2015), Empirical evaluation of rectified "
    "activations in convolutional network",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
    odd_slope=lambda v: 1.0 + 0.5 * (v["lower"] + v["upper"]),
)


# ---------------------------------------------------------------- relu6


@_blockwise
def relu6(x):
    return _relu6(x)


@_blockwise
def relu6_grad(x):
    return _window(x, 0.0, 6.0)


RELU6 = Activation(
    name="relu6",
    label="ReLU6",
    fn=relu6,
    grad=relu6_grad,
    formula=r"\min(\max(0,x),6)",
    derivative_formula=r"1\ (0\leq x<6),\ 0\ \mathrm{else}",
    kinks=kinks_at(0.0, 6.0),
    reference="Krizhevsky (2010), Convolutional deep belief networks on CIFAR-10",
    properties=Properties(
        output_range=(0.0, 6.0),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "hard"),
    ),
)


# ---------------------------------------------------------------- squared relu


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


RELU_SQUARED = Activation(
    name="relu_squared",
    label="Squared ReLU",
    fn=relu_squared,
    grad=relu_squared_grad,
    formula=r"\max(0,x)^{2}",
    derivative_formula=r"2\max(0,x)",
    aliases=("squared_relu",),
    reference="So, Mańke, Liu, Dai, Shazeer & Le (2021), Primer: searching "
    "for efficient transformers for language modeling",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=True,
        monotonic_derivative=True,
        continuity=1,  # f' = 2 max(0, x) is continuous; f'' jumps at 0
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "none"),
    ),
)


# ---------------------------------------------------------------- threshold


@_blockwise
def threshold(x, threshold, value):
    return np.where(x > threshold, x, value)


@_blockwise
def threshold_grad(x, threshold, value):
    return np.where(x >= threshold, 1.0, 0.0)


THRESHOLD = Activation(
    name="threshold",
    label="Threshold",
    fn=threshold,
    grad=threshold_grad,
    formula=r"x\ (x>\theta),\ v\ \mathrm{else}",
    derivative_formula=r"1\ (x\geq\theta),\ 0\ \mathrm{else}",
    params=(
        Param("threshold", 0.0, "θ", r"\theta"),
        Param("value", 0.5, "v", "v"),
    ),
    kinks=lambda v: (v["threshold"],),
    reference="— (PyTorch's nn.Threshold)",
    properties=Properties(
        output_range=(0.0, math.inf),
        monotonic=False,  # drops from 0.5 to 0+ at 0
        monotonic_derivative=False,  # the impulse at the jump
        continuity=-1,
        identity_near_zero=False,
        crosses_zero=False,
        saturation=("hard", "none"),
    ),
)


# ---------------------------------------------------------------- srelu


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


SRELU = Activation(
    name="srelu",
    label="SReLU",
    fn=srelu,
    grad=srelu_grad,
    formula=r"t_{l}+a_{l}(x-t_{l})\ (x\leq t_{l}),\ x\ (t_{l}<x<t_{r}),\ "
    r"t_{r}+a_{r}(x-t_{r})\ (x\geq t_{r})",
    derivative_formula=r"a_{l}\ (x<t_{l}),\ 1\ (t_{l}\leq x<t_{r}),\ "
    r"a_{r}\ (x\geq t_{r})",
    # Any slopes and thresholds, but t_left < t_right, as hardtanh's
    # min_val < max_val: the identity segment in the middle is what makes
    # it S-shaped (and the two-sided definition unambiguous).
    params=(
        Param("t_left", -1.0, "tₗ", r"t_{l}"),
        Param("a_left", 0.1, "aₗ", r"a_{l}"),
        Param("t_right", 1.0, "tᵣ", r"t_{r}"),
        Param("a_right", 0.1, "aᵣ", r"a_{r}"),
    ),
    kinks=lambda v: (v["t_left"], v["t_right"]),
    check=ordered("t_left", "t_right", strict=True),
    reference="Jin, Xu, Feng, Wei, Xiong & Yan (2016), Deep learning with "
    "S-shaped rectified linear activation units",
    properties=Properties(
        output_range=(-math.inf, math.inf),
        monotonic=True,
        monotonic_derivative=False,
        continuity=0,
        identity_near_zero=True,
        crosses_zero=True,
        saturation=("none", "none"),
    ),
)
