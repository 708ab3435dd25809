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

from . import functions as F

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
            raise ValueError(
                f"parameter {self.name} must be a number, got {value!r}"
            ) from None
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
                raise ValueError(
                    f"{self.name} has no parameter {key!r} (its parameters: {valid})"
                )
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
        """Label with non-default parameter values, e.g. ``ELU (α=0.5)``."""
        if not self.params:
            return self.label
        shown = ", ".join(f"{p.symbol}={_num(self.values[p.name])}" for p in self.params)
        return f"{self.label} ({shown})"

    @property
    def is_default(self) -> bool:
        return all(self.values[p.name] == p.default for p in self.params)


def _as_float_array(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _num(value: float) -> str:
    """Shortest faithful text for a number: 0.5, 1, 1e-08."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


# ---------------------------------------------------------------- the table

CATALOGUE: tuple[Activation, ...] = (
    Activation(
        name="sigmoid",
        label="Sigmoid",
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
            continuity=2,
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
                    f"catalogue: {spelling!r} of {entry.name} clashes with "
                    f"{index[key].name}"
                )
            index[key] = entry
    return MappingProxyType(index)


_INDEX = _build_index(CATALOGUE)


class UnknownActivationError(LookupError):
    """No activation of that name; the message suggests the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
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
