"""The record types of the catalogue and the helpers that build records.

:class:`Activation` is one activation: its kernels, formulas, parameters
(:class:`Param`), kinks and declared :class:`Properties`. ``kinks_at``,
``kink_at_zero_unless`` and ``ordered`` build the ``kinks`` and ``check``
fields of records in the family modules.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

__all__ = [
    "Activation",
    "FrameworkGrad",
    "Param",
    "Properties",
    "kink_at_zero_unless",
    "kinks_at",
    "ordered",
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
    crosses_zero: bool  # f(0) = 0 and f takes both signs (inf f < 0 < sup f)
    saturation: tuple[str, str]  # (left, right): "none", "soft" or "hard"


@dataclass(frozen=True)
class FrameworkGrad:
    """f' as frameworks compute it in a low-precision format, where that differs
    from rounding the exact f' (sigmoid' from the rounded output, as s(1 - s)).

    ``grad(x, y, rounded, **params)`` gets the points ``x`` (float64), the
    outputs ``y``, f(x) rounded to the format (an array of the format's
    dtype), and ``rounded``, which rounds float64 values to the format. It
    computes in the format's dtype -- ``rounded(x)`` for the input, and
    ``rounded(kernel(x))`` for another activation value the formula needs --
    so that numpy rounds each operation as the framework's kernel does. See
    :mod:`actplot.analysis.precision`.
    """

    formula: str  # plain text, e.g. "s(1 − s), s = σ(x) rounded to the format"
    kernel: str  # the framework kernels it follows, with where they are
    grad: Callable[..., np.ndarray]


def _no_kinks(values: Mapping[str, float]) -> tuple[float, ...]:
    return ()


def kinks_at(*points: float) -> Callable[[Mapping[str, float]], tuple[float, ...]]:
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
    # The conventional mathtext symbol of f inside a formula (r"\sigma" for
    # sigmoid), or "" for none; formula display then falls back on the label.
    tex_symbol: str = ""
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    # Points where f' jumps (or f does); the derivative there is the right-hand
    # value and plots break the line there. A function of the parameter values.
    kinks: Callable[[Mapping[str, float]], tuple[float, ...]] = _no_kinks
    # Cross-parameter validity (e.g. min_val < max_val): an error text or None.
    check: Callable[[Mapping[str, float]], str | None] = _no_check
    reference: str = ""
    properties: Properties | None = None
    # How frameworks compute f' in low precision, where that differs from the
    # exactly rounded f' (see FrameworkGrad); None where they agree.
    framework_grad: FrameworkGrad | None = None
    # c with f(x) - f(-x) = c x for every x (the odd part of f is linear), as a
    # function of the parameter values; None when it is not. A - B far out on
    # one side is then A(-x) - B(-x) on the other (actplot.analysis.difference).
    odd_slope: Callable[[Mapping[str, float]], float] | None = None
    # The framework convention this instance follows ("" for actplot's own);
    # set by actplot.catalogue.conventions.
    convention: str = ""
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

    def __repr__(self) -> str:
        """Short: ``Activation('elu', alpha=1.0)`` (the record holds kernels and formulas too)."""
        values = "".join(f", {p.name}={self.values.get(p.name, p.default)!r}" for p in self.params)
        return f"Activation({self.name!r}{values})"

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


# ---------------------------------------------------------------- record helpers

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


def ordered(low: str, high: str, *, strict: bool) -> Callable[[Mapping[str, float]], str | None]:
    """A cross-parameter check: ``low < high`` (strict) or ``low <= high``."""
    relation = "<" if strict else "≤"

    def check(values: Mapping[str, float]) -> str | None:
        a, b = values[low], values[high]
        if a < b or (not strict and a == b):
            return None
        return f"{low} must be {relation} {high} (got {low}={_num(a)}, {high}={_num(b)})"

    return check


def kink_at_zero_unless(
    name: str, smooth_value: float
) -> Callable[[Mapping[str, float]], tuple[float, ...]]:
    """A kink at 0, absent when ``name`` takes the value that smooths it away."""
    return lambda values: () if values[name] == smooth_value else (0.0,)
