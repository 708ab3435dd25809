"""The activation catalogue: one table of records, and lookup by name.

Every fact about an activation is a field of its :class:`Activation` record in
``CATALOGUE``; everything else (the CLI's names and completion, ``list``,
``info``, the gallery, the README table, the tests) is derived from that table.
Adding a function is adding one record (and its kernels in ``functions.py``).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

import actplot.functions as F

__all__ = [
    "CATALOGUE",
    "Activation",
    "Param",
    "Properties",
    "UnknownActivationError",
    "get",
    "names",
    "normalize",
]


@dataclass(frozen=True)
class Param:
    """One parameter of an activation: its default and its valid range."""

    name: str
    default: float
    symbol: str  # plain-text symbol for titles, e.g. "α"
    tex: str  # mathtext symbol, e.g. r"\alpha"
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False  # True: ``low`` itself is not allowed
    high_open: bool = False
    nonzero: bool = False  # True: 0 is not allowed (snake's a)

    def describe_range(self) -> str:
        """The valid range in words, e.g. ``alpha > 0`` or ``any real``."""
        parts = []
        if self.low > -math.inf:
            parts.append(f"{self.name} {'>' if self.low_open else '≥'} {_num(self.low)}")
        if self.high < math.inf:
            parts.append(f"{self.name} {'<' if self.high_open else '≤'} {_num(self.high)}")
        if self.nonzero:
            parts.append(f"{self.name} ≠ 0")
        return " and ".join(parts) if parts else "any finite number"

    def check(self, value: float) -> float:
        """Return ``value`` as a float, or raise ValueError naming the range."""
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"parameter {self.name} must be a number, got {value!r}") from None
        ok = math.isfinite(value)
        ok = ok and (value > self.low if self.low_open else value >= self.low)
        ok = ok and (value < self.high if self.high_open else value <= self.high)
        ok = ok and not (self.nonzero and value == 0)
        if not ok:
            raise ValueError(
                f"parameter {self.name}={_num(value)} is out of range: "
                f"valid is {self.describe_range()}"
            )
        return value


@dataclass(frozen=True)
class Properties:
    """Declared mathematical properties at the default parameters.

    Tests check every declared value numerically, so a wrong declaration fails.
    """

    output_range: tuple[float, float]  # closure of the range: (inf, sup)
    monotonic: bool  # non-decreasing f
    monotonic_derivative: bool  # non-decreasing or non-increasing f'
    continuity: float  # -1: f jumps; 0: C0; 1: C1; math.inf: C∞
    identity_near_zero: bool  # f(0) = 0 and f'(0) = 1
    zero_centred: bool  # f takes both signs around 0 (f(0) = 0)
    saturation: tuple[str, str]  # (left, right): "none", "soft" or "hard"


def _no_kinks(values: Mapping[str, float]) -> tuple[float, ...]:
    return ()


def _at(*points: float) -> Callable[[Mapping[str, float]], tuple[float, ...]]:
    """Kinks at fixed points, whatever the parameters."""
    return lambda values: points


def _no_check(values: Mapping[str, float]) -> str | None:
    return None


@dataclass(frozen=True)
class Activation:
    """An activation function with its analytic derivative.

    Call it for f(x); ``.derivative(x)`` gives f'(x). Both take and return
    float64 arrays of any shape. Instances come from :func:`get`.
    """

    name: str
    label: str  # display name, e.g. "Leaky ReLU"
    fn: Callable[..., np.ndarray]
    grad: Callable[..., np.ndarray]
    formula: str  # mathtext for f(x), without $ signs
    derivative_formula: str  # mathtext for f'(x)
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    # Points where f' jumps (or f does); the derivative there is the right-hand
    # value and plots break the line there. A function of the parameter values.
    kinks: Callable[[Mapping[str, float]], tuple[float, ...]] = _no_kinks
    # Cross-parameter validity (e.g. min_val < max_val): an error text or None.
    check: Callable[[Mapping[str, float]], str | None] = _no_check
    reference: str = ""
    properties: Properties | None = None
    # Conventional mathtext symbol inside formulas (sigmoid is \sigma); "" for the label.
    tex_symbol: str = ""
    values: Mapping[str, float] = field(default_factory=dict, compare=False)

    def __call__(self, x: Any) -> np.ndarray:
        return self.fn(_as_float_array(x), **self.values)

    def derivative(self, x: Any) -> np.ndarray:
        """f'(x): analytic, the right-hand value at a kink."""
        return self.grad(_as_float_array(x), **self.values)

    def with_params(self, **params: float) -> Activation:
        """This activation with some parameters changed (others kept)."""
        known = {p.name: p for p in self.params}
        for key in params:
            if key not in known:
                valid = ", ".join(known) or "none"
                raise ValueError(f"{self.name} has no parameter {key!r} (its parameters: {valid})")
        values = dict(self.values)
        for key, value in params.items():
            values[key] = known[key].check(value)
        problem = self.check(values)
        if problem:
            raise ValueError(f"{self.name}: {problem}")
        return dataclasses.replace(self, values=MappingProxyType(values))

    @property
    def kink_points(self) -> tuple[float, ...]:
        """The kinks at the current parameter values, sorted."""
        return tuple(sorted(set(self.kinks(self.values))))

    @property
    def title(self) -> str:
        """Label with its parameter values, e.g. ``ELU (α=0.5)``."""
        if not self.params:
            return self.label
        shown = ", ".join(f"{p.symbol}={self.values[p.name]:.6g}" for p in self.params)
        return f"{self.label} ({shown})"

    @property
    def is_default(self) -> bool:
        return all(self.values[p.name] == p.default for p in self.params)


def _as_float_array(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _num(value: float) -> str:
    """Shortest faithful text for a number: 0.5, 1, 1e-08."""
    # Non-finite values reach here from Param.check's error message.
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


# ---------------------------------------------------------------- the table

# Parameter ranges. Where PyTorch accepts any value and the mathematics stays
# sensible (leaky/prelu/elu slopes, srelu's and threshold's numbers, smht's
# exponents), any finite number is allowed. Otherwise the range is the one the
# formula needs: beta > 0 and b > 0 (the catalogue's rule; beta = 0 divides by
# zero in softplus and turns swish into x/2), lambd >= 0 (a negative threshold
# would make the "zero zone" empty and the formula wrong), alpha != 0 for celu
# (it divides by alpha; a negative alpha is what PyTorch computes, so it stays
# allowed), alpha > 0 for isru/isrlu (the sqrt needs 1 + alpha x^2 > 0 for every
# x, and alpha = 0 is the identity, not an inverse-square-root unit), a != 0 for
# snake (it divides by a).


def _ordered(low: str, high: str, *, strict: bool) -> Callable[[Mapping[str, float]], str | None]:
    """A cross-parameter check: ``low < high`` (strict) or ``low <= high``."""
    relation = "<" if strict else "≤"

    def check(values: Mapping[str, float]) -> str | None:
        a, b = values[low], values[high]
        if a < b or (not strict and a == b):
            return None
        return f"{low} must be {relation} {high} (got {low}={_num(a)}, {high}={_num(b)})"

    return check


def _kink_at_zero_unless(name: str, smooth_value: float):
    """A kink at 0, absent when ``name`` takes the value that smooths it away."""
    return lambda values: () if values[name] == smooth_value else (0.0,)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_LAMBDA = 1.0507009873554804934193349852946

# A slope parameter (leaky_relu, prelu): PyTorch accepts any value.
_SLOPE = {"symbol": "α", "tex": r"\alpha"}

CATALOGUE: tuple[Activation, ...] = (
    Activation(
        name="sigmoid",
        label="Sigmoid",
        tex_symbol=r"\sigma",
        fn=F.sigmoid,
        grad=F.sigmoid_grad,
        formula=r"\sigma(x)=\frac{1}{1+e^{-x}}",
        derivative_formula=r"\sigma(x)\,(1-\sigma(x))",
        aliases=("logistic",),
        reference="Rumelhart, Hinton & Williams (1986), Learning representations "
        "by back-propagating errors",
        properties=Properties(
            output_range=(0.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="tanh",
        label="tanh",
        tex_symbol=r"\tanh",
        fn=F.tanh,
        grad=F.tanh_grad,
        formula=r"\tanh x=\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}",
        derivative_formula=r"1-\tanh^2 x",
        reference="LeCun et al. (1998), Efficient BackProp",
        properties=Properties(
            output_range=(-1.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="softsign",
        label="Softsign",
        fn=F.softsign,
        grad=F.softsign_grad,
        formula=r"\frac{x}{1+|x|}",
        derivative_formula=r"\frac{1}{(1+|x|)^2}",
        aliases=("soft_sign",),
        reference="Bergstra et al. (2009), Quadratic polynomials learn better "
        "image features; Glorot & Bengio (2010)",
        properties=Properties(
            output_range=(-1.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            # f'' = -2 sign(x) / (1+|x|)^3 jumps from +2 to -2 at 0.
            continuity=1,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="relu",
        label="ReLU",
        fn=F.relu,
        grad=F.relu_grad,
        formula=r"\max(0,x)",
        derivative_formula=r"0\ (x<0),\ 1\ (x\geq 0)",
        kinks=_at(0.0),
        reference="Nair & Hinton (2010), Rectified linear units improve "
        "restricted Boltzmann machines; Glorot, Bordes & Bengio (2011)",
        properties=Properties(
            output_range=(0.0, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=0,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("hard", "none"),
        ),
    ),
    Activation(
        name="identity",
        label="Identity",
        fn=F.identity,
        grad=F.identity_grad,
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
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="binary_step",
        label="Binary step",
        fn=F.binary_step,
        grad=F.binary_step_grad,
        formula=r"0\ (x<0),\ 1\ (x\geq 0)",
        derivative_formula=r"0",
        aliases=("heaviside", "step"),
        kinks=_at(0.0),
        reference="McCulloch & Pitts (1943), A logical calculus of the ideas "
        "immanent in nervous activity",
        properties=Properties(
            output_range=(0.0, 1.0),
            monotonic=True,
            monotonic_derivative=True,
            continuity=-1,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("hard", "hard"),
        ),
    ),
    Activation(
        name="leaky_relu",
        label="Leaky ReLU",
        fn=F.leaky_relu,
        grad=F.leaky_relu_grad,
        formula=r"x\ (x\geq 0),\ \alpha x\ (x<0)",
        derivative_formula=r"1\ (x\geq 0),\ \alpha\ (x<0)",
        params=(Param("alpha", 0.01, **_SLOPE),),
        kinks=_kink_at_zero_unless("alpha", 1.0),
        reference="Maas, Hannun & Ng (2013), Rectifier nonlinearities improve "
        "neural network acoustic models",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=0,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="prelu",
        label="PReLU",
        fn=F.prelu,
        grad=F.prelu_grad,
        formula=r"x\ (x\geq 0),\ \alpha x\ (x<0)",
        derivative_formula=r"1\ (x\geq 0),\ \alpha\ (x<0)",
        params=(Param("alpha", 0.25, **_SLOPE),),
        kinks=_kink_at_zero_unless("alpha", 1.0),
        reference="He, Zhang, Ren & Sun (2015), Delving deep into rectifiers: "
        "surpassing human-level performance on ImageNet classification",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=0,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="rrelu",
        label="RReLU",
        fn=F.rrelu,
        grad=F.rrelu_grad,
        formula=r"x\ (x\geq 0),\ \frac{l+u}{2}\,x\ (x<0)",
        derivative_formula=r"1\ (x\geq 0),\ \frac{l+u}{2}\ (x<0)",
        # Evaluation mode: the slope is the mean of U(lower, upper).
        params=(
            Param("lower", 1 / 8, "l", "l"),
            Param("upper", 1 / 3, "u", "u"),
        ),
        kinks=lambda v: () if v["lower"] + v["upper"] == 2 else (0.0,),
        check=_ordered("lower", "upper", strict=False),
        reference="Xu, Wang, Chen & Li (2015), Empirical evaluation of rectified "
        "activations in convolutional network",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=0,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="elu",
        label="ELU",
        fn=F.elu,
        grad=F.elu_grad,
        formula=r"x\ (x>0),\ \alpha\,(e^{x}-1)\ (x\leq 0)",
        derivative_formula=r"1\ (x\geq 0),\ \alpha e^{x}\ (x<0)",
        # PyTorch accepts any alpha; alpha = 0 is ReLU, alpha < 0 a curiosity.
        params=(Param("alpha", 1.0, "α", r"\alpha"),),
        kinks=_kink_at_zero_unless("alpha", 1.0),
        reference="Clevert, Unterthiner & Hochreiter (2015), Fast and accurate "
        "deep network learning by exponential linear units (ELUs)",
        properties=Properties(
            output_range=(-1.0, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            # At alpha = 1, f' is continuous; f'' jumps from 1 to 0 at 0.
            continuity=1,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="selu",
        label="SELU",
        fn=F.selu,
        grad=F.selu_grad,
        formula=r"\lambda x\ (x>0),\ \lambda\alpha\,(e^{x}-1)\ (x\leq 0)",
        derivative_formula=r"\lambda\ (x\geq 0),\ \lambda\alpha e^{x}\ (x<0)",
        kinks=_at(0.0),
        reference="Klambauer, Unterthiner, Mayr & Hochreiter (2017), "
        "Self-normalizing neural networks",
        properties=Properties(
            output_range=(-_SELU_LAMBDA * _SELU_ALPHA, math.inf),
            monotonic=True,
            # f' rises to lambda*alpha = 1.758 at 0- and drops to lambda = 1.05.
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="celu",
        label="CELU",
        fn=F.celu,
        grad=F.celu_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="gelu",
        label="GELU",
        fn=F.gelu,
        grad=F.gelu_grad,
        formula=r"x\,\Phi(x)",
        derivative_formula=r"\Phi(x)+x\,\phi(x)",
        reference="Hendrycks & Gimpel (2016), Gaussian error linear units (GELUs)",
        properties=Properties(
            output_range=(-0.16997120747990366, math.inf),  # at x = -0.75179
            monotonic=False,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="gelu_tanh",
        label="GELU (tanh approx.)",
        fn=F.gelu_tanh,
        grad=F.gelu_tanh_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="silu",
        label="SiLU",
        fn=F.silu,
        grad=F.silu_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="swish",
        label="Swish",
        fn=F.swish,
        grad=F.swish_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="mish",
        label="Mish",
        fn=F.mish,
        grad=F.mish_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="softplus",
        label="Softplus",
        fn=F.softplus,
        grad=F.softplus_grad,
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
            zero_centred=False,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="logsigmoid",
        label="LogSigmoid",
        fn=F.logsigmoid,
        grad=F.logsigmoid_grad,
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
            zero_centred=False,
            saturation=("none", "soft"),
        ),
    ),
    Activation(
        name="hardsigmoid",
        label="Hardsigmoid",
        fn=F.hardsigmoid,
        grad=F.hardsigmoid_grad,
        formula=r"\frac{\mathrm{ReLU6}(x+3)}{6}",
        derivative_formula=r"\frac{1}{6}\ (-3\leq x<3),\ 0\ \mathrm{else}",
        aliases=("hard_sigmoid",),
        kinks=_at(-3.0, 3.0),
        reference="Howard et al. (2019), Searching for MobileNetV3",
        properties=Properties(
            output_range=(0.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("hard", "hard"),
        ),
    ),
    Activation(
        name="hardtanh",
        label="Hardtanh",
        fn=F.hardtanh,
        grad=F.hardtanh_grad,
        formula=r"\min(\max(x,x_{\min}),x_{\max})",
        derivative_formula=r"1\ (x_{\min}\leq x<x_{\max}),\ 0\ \mathrm{else}",
        params=(
            Param("min_val", -1.0, "min", r"x_{\min}"),
            Param("max_val", 1.0, "max", r"x_{\max}"),
        ),
        aliases=("hard_tanh",),
        kinks=lambda v: (v["min_val"], v["max_val"]),
        check=_ordered("min_val", "max_val", strict=True),
        reference="—",
        properties=Properties(
            output_range=(-1.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("hard", "hard"),
        ),
    ),
    Activation(
        name="hardswish",
        label="Hardswish",
        fn=F.hardswish,
        grad=F.hardswish_grad,
        formula=r"x\,\frac{\mathrm{ReLU6}(x+3)}{6}",
        derivative_formula=r"0\ (x<-3),\ \frac{2x+3}{6}\ (-3\leq x<3),\ "
        r"1\ (x\geq 3)",
        aliases=("hard_silu", "hard_swish"),
        kinks=_at(-3.0, 3.0),
        reference="Howard et al. (2019), Searching for MobileNetV3",
        properties=Properties(
            output_range=(-0.375, math.inf),  # at x = -1.5
            monotonic=False,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("hard", "none"),
        ),
    ),
    Activation(
        name="relu6",
        label="ReLU6",
        fn=F.relu6,
        grad=F.relu6_grad,
        formula=r"\min(\max(0,x),6)",
        derivative_formula=r"1\ (0\leq x<6),\ 0\ \mathrm{else}",
        kinks=_at(0.0, 6.0),
        reference="Krizhevsky (2010), Convolutional deep belief networks on CIFAR-10",
        properties=Properties(
            output_range=(0.0, 6.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("hard", "hard"),
        ),
    ),
    Activation(
        name="tanhshrink",
        label="Tanhshrink",
        fn=F.tanhshrink,
        grad=F.tanhshrink_grad,
        formula=r"x-\tanh x",
        derivative_formula=r"\tanh^{2} x",
        reference="—",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="softshrink",
        label="Softshrink",
        fn=F.softshrink,
        grad=F.softshrink_grad,
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
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="hardshrink",
        label="Hardshrink",
        fn=F.hardshrink,
        grad=F.hardshrink_grad,
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
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="arctan",
        label="Arctan",
        tex_symbol=r"\arctan",
        fn=F.arctan,
        grad=F.arctan_grad,
        formula=r"\arctan x",
        derivative_formula=r"\frac{1}{1+x^{2}}",
        aliases=("atan",),
        reference="—",
        properties=Properties(
            output_range=(-math.pi / 2, math.pi / 2),
            monotonic=True,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="gaussian",
        label="Gaussian",
        fn=F.gaussian,
        grad=F.gaussian_grad,
        formula=r"e^{-x^{2}}",
        derivative_formula=r"-2x\,e^{-x^{2}}",
        reference="—",
        properties=Properties(
            output_range=(0.0, 1.0),
            monotonic=False,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="bent_identity",
        label="Bent identity",
        fn=F.bent_identity,
        grad=F.bent_identity_grad,
        formula=r"\frac{\sqrt{x^{2}+1}-1}{2}+x",
        derivative_formula=r"\frac{x}{2\sqrt{x^{2}+1}}+1",
        reference="—",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=math.inf,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="isru",
        label="ISRU",
        fn=F.isru,
        grad=F.isru_grad,
        formula=r"\frac{x}{\sqrt{1+\alpha x^{2}}}",
        derivative_formula=r"\left(\frac{1}{\sqrt{1+\alpha x^{2}}}\right)^{3}",
        params=(Param("alpha", 1.0, "α", r"\alpha", low=0.0, low_open=True),),
        reference="Carlile, Delamarter, Kinney, Marti & Whitney (2017), Improving "
        "deep learning by inverse square root linear units (ISRLUs)",
        properties=Properties(
            output_range=(-1.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="isrlu",
        label="ISRLU",
        fn=F.isrlu,
        grad=F.isrlu_grad,
        formula=r"x\ (x\geq 0),\ \frac{x}{\sqrt{1+\alpha x^{2}}}\ (x<0)",
        derivative_formula=r"1\ (x\geq 0),\ "
        r"\left(\frac{1}{\sqrt{1+\alpha x^{2}}}\right)^{3}\ (x<0)",
        params=(Param("alpha", 1.0, "α", r"\alpha", low=0.0, low_open=True),),
        reference="Carlile, Delamarter, Kinney, Marti & Whitney (2017), Improving "
        "deep learning by inverse square root linear units (ISRLUs)",
        properties=Properties(
            output_range=(-1.0, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            # f'' = -3 alpha x (1 + alpha x^2)^(-5/2) -> 0 at 0-; f''' jumps.
            continuity=2,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="squareplus",
        label="Squareplus",
        fn=F.squareplus,
        grad=F.squareplus_grad,
        formula=r"\frac{x+\sqrt{x^{2}+b}}{2}",
        derivative_formula=r"\frac{1}{2}\left(1+\frac{x}{\sqrt{x^{2}+b}}\right)",
        params=(Param("b", 4.0, "b", "b", low=0.0, low_open=True),),
        reference="Barron (2021), Squareplus: a softplus-like algebraic rectifier",
        properties=Properties(
            output_range=(0.0, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="sinusoid",
        label="Sinusoid",
        tex_symbol=r"\sin",
        fn=F.sinusoid,
        grad=F.sinusoid_grad,
        formula=r"\sin x",
        derivative_formula=r"\cos x",
        aliases=("sin",),
        reference="Sitzmann, Martel, Bergman, Lindell & Wetzstein (2020), "
        "Implicit neural representations with periodic activation functions",
        properties=Properties(
            output_range=(-1.0, 1.0),
            monotonic=False,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="sinc",
        label="Sinc",
        fn=F.sinc,
        grad=F.sinc_grad,
        formula=r"\frac{\sin x}{x}",
        derivative_formula=r"\frac{x\cos x-\sin x}{x^{2}}",
        reference="—",
        properties=Properties(
            output_range=(-0.21723362821122166, 1.0),  # at x = ±4.49341
            monotonic=False,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=False,
            # f' ~ cos(x)/x: it tends to 0 on both sides, oscillating.
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="softexponential",
        label="Soft exponential",
        fn=F.softexponential,
        grad=F.softexponential_grad,
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
            zero_centred=False,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="srelu",
        label="SReLU",
        fn=F.srelu,
        grad=F.srelu_grad,
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
        check=_ordered("t_left", "t_right", strict=True),
        reference="Jin, Xu, Feng, Wei, Xiong & Yan (2016), Deep learning with "
        "S-shaped rectified linear activation units",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="smht",
        label="Soboleva modified hyperbolic tangent",
        fn=F.smht,
        grad=F.smht_grad,
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
            zero_centred=True,
            saturation=("soft", "soft"),
        ),
    ),
    Activation(
        name="elish",
        label="ELiSH",
        fn=F.elish,
        grad=F.elish_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="hard_elish",
        label="HardELiSH",
        fn=F.hard_elish,
        grad=F.hard_elish_grad,
        formula=r"x\,h(x)\ (x\geq 0),\ (e^{x}-1)\,h(x)\ (x<0),\ "
        r"h(x)=\max(0,\min(1,\frac{x+1}{2}))",
        derivative_formula=r"0\ (x<-1),\ \frac{e^{x}(x+2)-1}{2}\ (-1\leq x<0),\ "
        r"x+\frac{1}{2}\ (0\leq x<1),\ 1\ (x\geq 1)",
        kinks=_at(-1.0, 1.0),  # f' is continuous at 0 (1/2 from both sides)
        reference="Basirat & Roth (2018), The quest for the golden activation function",
        properties=Properties(
            output_range=(-0.09967315152874262, math.inf),  # at x = -0.44285
            monotonic=False,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=False,
            zero_centred=True,
            saturation=("hard", "none"),
        ),
    ),
    Activation(
        name="threshold",
        label="Threshold",
        fn=F.threshold,
        grad=F.threshold_grad,
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
            monotonic_derivative=True,
            continuity=-1,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("hard", "none"),
        ),
    ),
    Activation(
        name="exponential",
        label="Exponential",
        tex_symbol=r"\exp",
        fn=F.exponential,
        grad=F.exponential_grad,
        formula=r"e^{x}",
        derivative_formula=r"e^{x}",
        aliases=("exp",),
        reference="— (Keras's exponential activation)",
        properties=Properties(
            output_range=(0.0, math.inf),
            monotonic=True,
            monotonic_derivative=True,
            continuity=math.inf,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("soft", "none"),
        ),
    ),
    Activation(
        name="sparse_plus",
        label="Sparse plus",
        fn=F.sparse_plus,
        grad=F.sparse_plus_grad,
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
            zero_centred=False,
            saturation=("hard", "none"),
        ),
    ),
    Activation(
        name="sparse_sigmoid",
        label="Sparse sigmoid",
        fn=F.sparse_sigmoid,
        grad=F.sparse_sigmoid_grad,
        formula=r"0\ (x\leq -1),\ \frac{x+1}{2}\ (-1<x<1),\ 1\ (x\geq 1)",
        derivative_formula=r"\frac{1}{2}\ (-1\leq x<1),\ 0\ \mathrm{else}",
        kinks=_at(-1.0, 1.0),
        reference="Blondel, Martins & Niculae (2020), Learning with Fenchel-Young "
        "losses, section 6.2 (as jax.nn.sparse_sigmoid)",
        properties=Properties(
            output_range=(0.0, 1.0),
            monotonic=True,
            monotonic_derivative=False,
            continuity=0,
            identity_near_zero=False,
            zero_centred=False,
            saturation=("hard", "hard"),
        ),
    ),
    Activation(
        name="lisht",
        label="LiSHT",
        fn=F.lisht,
        grad=F.lisht_grad,
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
            zero_centred=False,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="snake",
        label="Snake",
        fn=F.snake,
        grad=F.snake_grad,
        formula=r"x+\frac{\sin^{2}(ax)}{a}",
        derivative_formula=r"1+\sin(2ax)",
        params=(Param("a", 1.0, "a", "a", nonzero=True),),
        reference="Ziyin, Hartwig & Ueda (2020), Neural networks fail to learn "
        "periodic functions and how to fix it",
        properties=Properties(
            output_range=(-math.inf, math.inf),
            monotonic=True,
            monotonic_derivative=False,
            continuity=math.inf,
            identity_near_zero=True,
            zero_centred=True,
            saturation=("none", "none"),
        ),
    ),
    Activation(
        name="relu_squared",
        label="Squared ReLU",
        fn=F.relu_squared,
        grad=F.relu_squared_grad,
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
            zero_centred=False,
            saturation=("hard", "none"),
        ),
    ),
    Activation(
        name="quick_gelu",
        label="QuickGELU",
        fn=F.quick_gelu,
        grad=F.quick_gelu_grad,
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
            zero_centred=True,
            saturation=("soft", "none"),
        ),
    ),
)


# ---------------------------------------------------------------- lookup


def normalize(name: str) -> str:
    """The lookup key of a name: case, ``-``, ``_`` and spaces ignored."""
    return "".join(ch for ch in name.lower() if ch not in "-_ ")


def _build_index(entries: tuple[Activation, ...]) -> Mapping[str, Activation]:
    index: dict[str, Activation] = {}
    for entry in entries:
        for spelling in (entry.name, *entry.aliases):
            key = normalize(spelling)
            if key in index and index[key] is not entry:
                raise RuntimeError(
                    f"catalogue: {spelling!r} of {entry.name} clashes with {index[key].name}"
                )
            index[key] = entry
    return MappingProxyType(index)


_INDEX = _build_index(CATALOGUE)


class UnknownActivationError(LookupError):
    """No activation of that name; the message suggests the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        if len(suggestions) > 1:
            hint = f"; did you mean {', '.join(suggestions[:-1])} or {suggestions[-1]}?"
        elif suggestions:
            hint = f"; did you mean {suggestions[0]}?"
        else:
            hint = ""
        super().__init__(f"unknown activation {name!r}{hint}")

    def __str__(self) -> str:  # LookupError would show the repr of args
        return self.args[0]


def names(*, aliases: bool = False) -> list[str]:
    """Canonical names in catalogue order (with ``aliases=True``, aliases too)."""
    if aliases:
        return [n for e in CATALOGUE for n in (e.name, *e.aliases)]
    return [e.name for e in CATALOGUE]


def lookup(name: str) -> Activation | None:
    """The catalogue entry (default parameters) for a name, or None."""
    entry = _INDEX.get(normalize(name))
    if entry is None:
        return None
    return dataclasses.replace(
        entry, values=MappingProxyType({p.name: p.default for p in entry.params})
    )


def suggest(name: str, n: int = 3) -> list[str]:
    """The canonical names closest to ``name``."""
    key = normalize(name)
    close = difflib.get_close_matches(key, list(_INDEX), n=n * 2, cutoff=0.6)
    found: list[str] = []
    for match in close:
        canonical = _INDEX[match].name
        if canonical not in found:
            found.append(canonical)
    return found[:n]


def get(name: str, **params: float) -> Activation:
    """The activation called ``name``, with parameters set by keyword.

    Parameters
    ----------
    name
        A canonical name or alias; case, ``-``, ``_`` and spaces are ignored,
        so ``"LeakyReLU"`` and ``"leaky-relu"`` both work.
    **params
        Parameter values, named as in the catalogue (``alpha=0.1``).

    Raises
    ------
    UnknownActivationError
        (a ``LookupError``) if no activation has that name.
    ValueError
        If a parameter is unknown or out of its valid range.
    """
    entry = lookup(name)
    if entry is None:
        raise UnknownActivationError(name, suggest(name))
    return entry.with_params(**params) if params else entry
