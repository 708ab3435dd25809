"""Framework conventions: what a name means in PyTorch, JAX, Keras and TensorFlow.

One table, :data:`TABLE`: for each framework, the catalogue functions it
provides, each as a :class:`Usage` -- the framework's spelling, the function
it computes (``gelu`` is the tanh approximation in JAX), its default
parameters, and the derivative its autograd returns at each kink (ReLU's 0,
ReLU6's 0 and 6, ...). Every entry cites the framework's documentation or
source in a comment. :func:`resolve` turns a name into the activation the
framework means; ``actplot`` is actplot's own convention (its defaults, and the
right-hand value at a kink).

The derivative at a kink is written as a rule, not a number, so that it holds
for any parameter values: ``"left"`` (the left-hand limit), ``"right"``,
``"mean"`` of the two (JAX's max/min share a tie's gradient equally), or
``"zero"``.

Versions read: PyTorch 2.x (``aten/src/ATen/native/cpu/Activation.cpp``,
``tools/autograd/derivatives.yaml``), JAX 0.4-0.7 (``jax/_src/nn/functions.py``,
``jax/_src/lax/lax.py``), Keras 3 with its default TensorFlow backend
(``keras/src/activations/activations.py``, ``keras/src/backend/tensorflow/nn.py``)
and TensorFlow 2 with its Keras 2 (``tf.keras``, TF <= 2.15;
``tensorflow/core/kernels/relu_op_functor.h``, ``tf_keras/backend.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from .records import Activation

__all__ = [
    "CONVENTIONS",
    "LABELS",
    "TABLE",
    "Usage",
    "check_convention",
    "kink_note",
    "kink_values",
    "resolve",
    "title_suffix",
    "usage",
]

CONVENTIONS = ("actplot", "torch", "jax", "keras", "tensorflow")

LABELS: Mapping[str, str] = MappingProxyType(
    {
        "actplot": "actplot",
        "torch": "PyTorch",
        "jax": "JAX",
        "keras": "Keras 3",
        "tensorflow": "TensorFlow 2 (tf.keras)",
    }
)

RULES = ("left", "right", "mean", "zero")


@dataclass(frozen=True)
class Usage:
    """What one catalogue function is in one framework.

    ``api`` is how the framework spells it; ``target`` the catalogue function
    it computes ("" for the function itself); ``params`` the framework's
    defaults; ``at_kinks`` the derivative its autograd returns at each kink,
    in the order of the kinks (see the module docstring).
    """

    api: str
    target: str = ""
    params: Mapping[str, float] = field(default_factory=dict)
    at_kinks: tuple[str, ...] = ()


def _u(api: str, *at_kinks: str, target: str = "", **params: float) -> Usage:
    return Usage(api, target, MappingProxyType(dict(params)), tuple(at_kinks))


# ---------------------------------------------------------------- the table

_TORCH = {
    # threshold_backward(grad, result, 0) (derivatives.yaml): 0 where result <= 0.
    "relu": _u("torch.nn.ReLU", "left"),
    # relu6 is hardtanh(x, 0, 6); hardtanh_backward is 0 where x <= min or
    # x >= max (aten/src/ATen/native/cpu/Activation.cpp).
    "relu6": _u("torch.nn.ReLU6", "left", "right"),
    # leaky_relu_backward: x > 0 ? grad : grad * negval (Activation.cpp);
    # nn.LeakyReLU(negative_slope=0.01).
    "leaky_relu": _u("torch.nn.LeakyReLU(negative_slope=0.01)", "left", alpha=0.01),
    # nn.PReLU(init=0.25); its backward takes the weight where x <= 0.
    "prelu": _u("torch.nn.PReLU(init=0.25)", "left", alpha=0.25),
    # nn.RReLU(lower=1/8, upper=1/3); in eval mode the mean slope, with
    # leaky_relu_backward's value at 0.
    "rrelu": _u(
        "torch.nn.RReLU(lower=1/8, upper=1/3), eval mode", "left", lower=1 / 8, upper=1 / 3
    ),
    # elu_backward (is_result=false): x <= 0 ? grad*alpha*scale*input_scale*exp(...)
    # : grad*scale (Activation.cpp); nn.ELU(alpha=1.0), nn.SELU, nn.CELU(alpha=1.0).
    "elu": _u("torch.nn.ELU(alpha=1.0)", "left", alpha=1.0),
    "selu": _u("torch.nn.SELU", "left"),
    "celu": _u("torch.nn.CELU(alpha=1.0)", alpha=1.0),
    # nn.GELU(approximate='none') is exact; approximate='tanh' the tanh form.
    "gelu": _u("torch.nn.GELU(approximate='none')"),
    "gelu_tanh": _u("torch.nn.GELU(approximate='tanh')"),
    "sigmoid": _u("torch.nn.Sigmoid"),
    "tanh": _u("torch.nn.Tanh"),
    "silu": _u("torch.nn.SiLU"),
    "mish": _u("torch.nn.Mish"),
    # nn.Softplus(beta=1.0, threshold=20.0): beyond beta x > 20 PyTorch returns
    # x itself (off by < 2.1e-9 from softplus); not modelled here.
    "softplus": _u("torch.nn.Softplus(beta=1.0)", beta=1.0),
    "softsign": _u("torch.nn.Softsign"),
    "logsigmoid": _u("torch.nn.LogSigmoid"),
    # hardsigmoid_backward: (x > -3 && x < 3) ? grad/6 : 0 (Activation.cpp).
    "hardsigmoid": _u("torch.nn.Hardsigmoid", "left", "right"),
    # hardtanh_backward: 0 where x <= min_val or x >= max_val.
    "hardtanh": _u(
        "torch.nn.Hardtanh(min_val=-1.0, max_val=1.0)", "left", "right", min_val=-1.0, max_val=1.0
    ),
    # hardswish_backward on the CPU: x < -3 ? 0 : x <= 3 ? grad*(x/3 + 0.5) :
    # grad, so -0.5 at -3 and 1.5 at 3 (Activation.cpp; the CUDA kernel,
    # ActivationHardswishKernel.cu, now returns 0 and 1 there).
    "hardswish": _u("torch.nn.Hardswish (CPU kernel)", "right", "left"),
    # shrink_backward: (x >= -lambd && x <= lambd) ? 0 : grad (Activation.cpp).
    "softshrink": _u("torch.nn.Softshrink(lambd=0.5)", "right", "left", lambd=0.5),
    "hardshrink": _u("torch.nn.Hardshrink(lambd=0.5)", "right", "left", lambd=0.5),
    "tanhshrink": _u("torch.nn.Tanhshrink"),
    # nn.Threshold(threshold, value) has no defaults; threshold_backward is 0
    # where x <= threshold.
    "threshold": _u("torch.nn.Threshold(threshold, value)", "left"),
    "identity": _u("torch.nn.Identity"),
}

_JAX = {
    # relu: custom JVP, "except under differentiation, we take grad relu(0) = 0"
    # (jax/_src/nn/functions.py).
    "relu": _u("jax.nn.relu", "left"),
    # relu6: custom JVP, 0 where not 0 < x < 6.
    "relu6": _u("jax.nn.relu6", "left", "right"),
    # leaky_relu: jnp.where(x >= 0, x, negative_slope * x), negative_slope=1e-2:
    # the x branch at 0.
    "leaky_relu": _u("jax.nn.leaky_relu(negative_slope=0.01)", "right", alpha=0.01),
    # elu: jnp.where(x > 0, x, alpha * expm1(...)): the alpha branch at 0;
    # selu = scale * elu(x, alpha).
    "elu": _u("jax.nn.elu(alpha=1.0)", "left", alpha=1.0),
    "selu": _u("jax.nn.selu", "left"),
    "celu": _u("jax.nn.celu(alpha=1.0)", alpha=1.0),
    # gelu(x, approximate=True): the tanh approximation by default.
    "gelu": _u("jax.nn.gelu (approximate=True)", target="gelu_tanh"),
    "gelu_tanh": _u("jax.nn.gelu(approximate=True)"),
    "sigmoid": _u("jax.nn.sigmoid"),
    "tanh": _u("jax.numpy.tanh"),
    "silu": _u("jax.nn.silu"),
    "swish": _u("jax.nn.swish (= silu)", target="silu"),
    "mish": _u("jax.nn.mish"),
    "softplus": _u("jax.nn.softplus", beta=1.0),
    "softsign": _u("jax.nn.soft_sign"),
    "logsigmoid": _u("jax.nn.log_sigmoid"),
    # hard_sigmoid = relu6(x + 3) / 6: relu6's custom JVP, 0 at -3 and 3.
    "hardsigmoid": _u("jax.nn.hard_sigmoid", "left", "right"),
    # hard_tanh: jnp.where(x > 1, 1, jnp.where(x < -1, -1, x)): the x branch,
    # 1, at both kinks; the range is fixed at [-1, 1].
    "hardtanh": _u("jax.nn.hard_tanh", "right", "left", min_val=-1.0, max_val=1.0),
    # hard_silu = x * hard_sigmoid(x): hard_sigmoid(x) + x * 0 at the kinks,
    # 0 at -3 and 1 at 3.
    "hardswish": _u("jax.nn.hard_silu", "left", "right"),
    "sparse_plus": _u("jax.nn.sparse_plus"),  # f' is continuous: no kinks
    # sparse_sigmoid = 0.5 * jnp.clip(x + 1, 0, 2); jnp.clip is maximum then
    # minimum, whose JVP gives half the gradient to each side of a tie
    # (_balanced_eq in jax/_src/lax/lax.py): 0.25 at -1 and 1.
    "sparse_sigmoid": _u("jax.nn.sparse_sigmoid", "mean", "mean"),
    "squareplus": _u("jax.nn.squareplus(b=4)", b=4.0),
    "identity": _u("jax.nn.identity"),
}

# Keras 3 (keras/src/activations/activations.py) on its default TensorFlow
# backend (keras/src/backend/tensorflow/nn.py): the kinks are TensorFlow's.
_KERAS = {
    # tf.nn.relu: ReluGrad passes the gradient where x > 0 (relu_op_functor.h).
    "relu": _u("keras.activations.relu", "left"),
    # keras.activations.leaky_relu(negative_slope=0.2) -> tf.nn.leaky_relu:
    # LeakyReluGrad, x > 0 ? grad : grad * alpha. (The LeakyReLU *layer*
    # keeps Keras 2's negative_slope=0.3, keras/src/layers/activations/leaky_relu.py.)
    "leaky_relu": _u("keras.activations.leaky_relu(negative_slope=0.2)", "left", alpha=0.2),
    # tf.nn.relu6: Relu6Grad, (x > 0) * (x < 6).
    "relu6": _u("keras.activations.relu6", "left", "right"),
    # keras.layers.PReLU: alpha_initializer="Zeros", relu(x) - alpha relu(-x):
    # relu's 0 at 0 on both terms.
    "prelu": _u("keras.layers.PReLU (alpha initialised to 0)", "zero", alpha=0.0),
    # elu(alpha=1.0): tf.nn.elu, EluGrad (activations < 0) ? ... : grad, so 1
    # at 0; for alpha != 1 tf.where(x > 0, res, alpha * res), alpha * 1.
    "elu": _u("keras.activations.elu(alpha=1.0)", "left", alpha=1.0),
    # tf.nn.selu: SeluGrad, (activations < 0) ? ... : grad * scale.
    "selu": _u("keras.activations.selu", "right"),
    "softplus": _u("keras.activations.softplus", beta=1.0),
    "softsign": _u("keras.activations.softsign"),
    "silu": _u("keras.activations.silu"),
    "swish": _u("keras.activations.swish (= silu)", target="silu"),
    # gelu(x, approximate=False): exact.
    "gelu": _u("keras.activations.gelu(approximate=False)"),
    "tanh": _u("keras.activations.tanh"),
    "sigmoid": _u("keras.activations.sigmoid"),
    "exponential": _u("keras.activations.exponential"),
    # hard_sigmoid = relu6(x + 3) / 6 on TensorFlow: Relu6Grad, 0 at -3 and 3.
    "hardsigmoid": _u("keras.activations.hard_sigmoid", "left", "right"),
    # hard_silu = x * hard_sigmoid(x): 0 at -3 and 1 at 3.
    "hardswish": _u("keras.activations.hard_silu", "left", "right"),
    "identity": _u("keras.activations.linear"),
    "mish": _u("keras.activations.mish"),
}

# TensorFlow 2 with its Keras 2 (tf.keras, TF <= 2.15): tf.keras.activations,
# the tf.keras.layers activations and tf.nn; kinks from relu_op_functor.h.
_TENSORFLOW = {
    "relu": _u("tf.keras.activations.relu (tf.nn.relu)", "left"),
    # tf.keras.layers.LeakyReLU(alpha=0.3) (Keras 2's leaky_relu.py) ->
    # tf.nn.leaky_relu: LeakyReluGrad, alpha at 0. (tf.nn.leaky_relu alone
    # defaults to alpha=0.2.)
    "leaky_relu": _u("tf.keras.layers.LeakyReLU(alpha=0.3)", "left", alpha=0.3),
    "relu6": _u("tf.nn.relu6", "left", "right"),
    # tf.keras.layers.PReLU: alpha_initializer='zeros', relu(x) - alpha relu(-x).
    "prelu": _u("tf.keras.layers.PReLU (alpha initialised to 0)", "zero", alpha=0.0),
    "elu": _u("tf.keras.activations.elu(alpha=1.0)", "left", alpha=1.0),
    "selu": _u("tf.keras.activations.selu", "right"),
    "softplus": _u("tf.keras.activations.softplus", beta=1.0),
    "softsign": _u("tf.keras.activations.softsign"),
    # tf.keras.activations.swish -> tf.nn.silu(beta=1.0).
    "silu": _u("tf.nn.silu"),
    "swish": _u("tf.keras.activations.swish", target="silu"),
    "gelu": _u("tf.keras.activations.gelu(approximate=False)"),
    "gelu_tanh": _u("tf.keras.activations.gelu(approximate=True)"),
    "tanh": _u("tf.keras.activations.tanh"),
    "sigmoid": _u("tf.keras.activations.sigmoid"),
    "exponential": _u("tf.keras.activations.exponential"),
    # Keras 2's backend.hard_sigmoid: clip_by_value(0.2 x + 0.5, 0, 1); the
    # gradient of clip_by_value (maximum/minimum, ties to x, math_grad.py)
    # passes 0.2 at both kinks.
    "hardsigmoid": _u(
        "tf.keras.activations.hard_sigmoid (0.2x + 0.5)",
        "right",
        "left",
        target="hard_sigmoid_keras2",
    ),
    "hard_sigmoid_keras2": _u("tf.keras.activations.hard_sigmoid", "right", "left"),
    "identity": _u("tf.keras.activations.linear"),
}

TABLE: Mapping[str, Mapping[str, Usage]] = MappingProxyType(
    {
        "torch": MappingProxyType(_TORCH),
        "jax": MappingProxyType(_JAX),
        "keras": MappingProxyType(_KERAS),
        "tensorflow": MappingProxyType(_TENSORFLOW),
    }
)


# ---------------------------------------------------------------- lookup


def check_convention(name: str) -> str:
    """``name`` if it is a convention, else ValueError listing the valid ones."""
    if name not in CONVENTIONS:
        raise ValueError(f"unknown convention {name!r} (choose {', '.join(CONVENTIONS)})")
    return name


def usage(name: str, convention: str) -> Usage | None:
    """What the catalogue function ``name`` (canonical) is in ``convention``, or None."""
    check_convention(convention)
    if convention == "actplot":
        return Usage(name)
    return TABLE[convention].get(name)


def resolve(entry: Activation, convention: str) -> Activation:
    """The activation ``convention`` means by the catalogue entry ``entry``.

    The framework's variant and default parameters, and its derivative at
    the kinks; ``convention`` is recorded on the result. Parameters set later
    (``with_params``) keep the kink rule.

    Raises
    ------
    LookupError
        If the framework has no such function.
    """
    from . import get

    found = usage(entry.name, convention)
    if found is None:
        raise LookupError(
            f"{LABELS[convention]} has no {entry.name} "
            f"(see 'actplot list --convention {convention}')"
        )
    act = get(found.target or entry.name)
    if found.params:
        act = act.with_params(**found.params)
    grad: Any = act.grad
    if found.at_kinks:
        grad = _KinkRule(act.grad, act.kinks, found.at_kinks)
    return dataclasses.replace(act, grad=grad, convention=convention)


class _KinkRule:
    """A derivative kernel with the framework's value at each kink."""

    def __init__(self, grad: Any, kinks: Any, rules: tuple[str, ...]):
        self.grad, self.kinks, self.rules = grad, kinks, rules

    def __call__(self, x: np.ndarray, **values: float) -> np.ndarray:
        g = self.grad(x, **values)
        points = sorted(set(self.kinks(values)))
        if len(points) != len(self.rules):  # a parameter removed a kink (alpha = 1)
            return g
        for k, rule in zip(points, self.rules, strict=True):
            at = x == k
            if np.any(at):
                g = np.where(at, self.value(k, rule, values), g)
        return g

    def value(self, k: float, rule: str, values: Mapping[str, float]) -> float:
        left = float(self.grad(np.array([np.nextafter(k, -np.inf)]), **values)[0])
        right = float(self.grad(np.array([k]), **values)[0])
        return {"left": left, "right": right, "mean": 0.5 * (left + right), "zero": 0.0}[rule]


def kink_values(act: Activation) -> list[tuple[float, float]]:
    """(kink, f' there) for each kink of ``act``, under its convention."""
    points = act.kink_points
    if not points:
        return []
    return [
        (k + 0.0, float(g)) for k, g in zip(points, act.derivative(np.array(points)), strict=True)
    ]


def kink_note(act: Activation) -> str:
    """How f' is taken at the kinks: "right-hand value", or the framework's values
    ("PyTorch autograd: 0 at x = 0")."""
    if act.convention in ("", "actplot"):
        return "right-hand value"
    pairs = ", ".join(f"{_num(g)} at x = {_num(k)}" for k, g in kink_values(act))
    return f"{LABELS[act.convention]} autograd: {pairs}" if pairs else "no kinks"


def title_suffix(acts: Sequence[Activation]) -> str:
    """``, PyTorch convention`` when every activation follows one framework, else ""."""
    used = {act.convention for act in acts}
    if len(used) != 1 or "" in used:
        return ""
    return f", {LABELS[used.pop()]} convention"


def _num(value: float) -> str:
    return f"{value:.6g}"
