"""The elementary functions and constants of the formula language, one record each.

Everything the package knows about a primitive is in its :class:`Primitive`
record: the parser accepts the names in :data:`PRIMITIVES` with their arity,
the evaluator computes ``fn`` and the forward-mode ``chain`` rule, the
displayed derivative uses ``derive``, the mathtext uses ``tex`` and
``tex_kind``, the kink search uses ``kinks``, and the help texts list
:func:`help_text`. Adding a primitive is adding one record here.

Catalogue functions (``sigmoid``, ``gelu``...) are not primitives: inside a
formula they are their catalogue records, with their own kernels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from actplot.catalogue import lookup
from actplot.formula.forward import Array, Deriv, domain, scale
from actplot.formula.tidy import ONE, TWO, ZERO, add, call, div, mul, neg, power, sub
from actplot.formula.tree import Const, Node

__all__ = [
    "CONSTANTS",
    "PRIMITIVES",
    "SHOWN_ONLY",
    "Constant",
    "Primitive",
    "constant",
    "find",
    "get",
    "help_text",
    "names",
]


@dataclass(frozen=True)
class Primitive:
    """One elementary function of the formula language.

    Attributes
    ----------
    name
        What formulas call it, e.g. ``"log1p"``.
    arity
        How many arguments it takes (1, or 2 for min and max).
    fn
        ``fn(*args)``: the function on float64 arrays (numpy, elementwise).
    chain
        The forward-mode chain rule ``chain(*args, value, *derivs)``: f' of
        the arguments times their derivatives, given the argument values, a
        getter ``value()`` for f(args) (computed once, only if called) and
        the arguments' derivatives (see :mod:`actplot.formula.forward`; for
        one argument never None, for two not both None). Written in the
        stable form (expm1/log1p/erfc-style, no cancellation) and NaN
        wherever f is NaN.
    derive
        The displayed derivative ``derive(*args, *dargs)``: a tree for
        f'(u) u', given the argument trees and their derivative trees (built
        with :mod:`actplot.formula.tidy`). None: shown as d/dx[f(...)].
    tex
        Mathtext: a function name such as ``r"\\sin"``, written before the
        bracketed arguments, or a template in which ``#`` stands for the
        argument, such as ``"e^{#}"`` (its brackets stretch around a fraction).
    description
        A few words for help texts.
    tex_kind
        How the mathtext binds: ``"function"`` (``\\sin(u)``, and a power is
        ``\\sin(u)^{2}``), ``"script"`` (``e^{u}``, ``\\sqrt{u}``: bracketed as
        the base of a power) or ``"sum"`` (``e^{u}-1``: bracketed like a sum).
    kinks
        Values of the argument where f' jumps (of ``a - b`` for a function
        of two arguments), such as 0 for abs; found behind any argument.
    """

    name: str
    arity: int
    fn: Callable[..., Array]
    chain: Callable[..., Deriv]
    derive: Callable[..., Node] | None
    tex: str
    description: str
    tex_kind: Literal["function", "script", "sum"] = "function"
    kinks: tuple[float, ...] = ()


@dataclass(frozen=True)
class Constant:
    """A named constant of the formula language."""

    name: str
    value: float
    tex: str
    description: str


# ---------------------------------------------------------------- helpers


def _erf(u: Array) -> Array:
    from scipy.special import erf  # scipy is slow to import; only when used

    return erf(u)


def _erfc(u: Array) -> Array:
    from scipy.special import erfc

    return erfc(u)


_TWO_OVER_SQRT_PI = 2.0 / np.sqrt(np.pi)

_TANH = lookup("tanh")
assert _TANH is not None
# sech^2 without the cancellation of 1 - tanh^2: the catalogue's kernel.
_sech2 = _TANH.grad


def _arc_derivative(u: Node, du: Node) -> Node:
    """u' / sqrt(1 - u^2), the derivative of arcsin."""
    return div(du, call("sqrt", sub(ONE, power(u, TWO))))


def _gauss_derivative(u: Node, du: Node) -> Node:
    """2/sqrt(pi) u' exp(-u^2), the derivative of erf."""
    gauss = call("exp", neg(power(u, TWO)))
    return mul(div(TWO, call("sqrt", Const("pi"))), mul(du, gauss))


def _min_max_chain(pick: Callable[[Array, Array], Array], steeper: bool) -> Callable[..., Deriv]:
    """The chain rule of max (``steeper``) or min."""

    def chain(a: Array, b: Array, value: Callable[[], Array], da: Deriv, db: Deriv) -> Deriv:
        shape = np.broadcast(a, b).shape
        da = np.broadcast_to(0.0 if da is None else da, shape)
        db = np.broadcast_to(0.0 if db is None else db, shape)
        # Right-hand derivative where the arguments tie: beyond the tie, max
        # follows the steeper argument and min the shallower one. NaN in
        # either argument propagates through pick (np.maximum/np.minimum
        # keep NaN).
        first, second = (a, b) if steeper else (b, a)
        return np.where(first > second, da, np.where(first < second, db, pick(da, db)))

    return chain


# ---------------------------------------------------------------- the records

# In this order in help texts. Where a catalogue function has the same name
# (tanh, arctan), both mean the same mathematics.
PRIMITIVES: tuple[Primitive, ...] = (
    Primitive(
        "exp",
        1,
        np.exp,
        chain=lambda u, v, du: scale(v(), du),
        derive=lambda u, du: mul(du, call("exp", u)),
        tex="e^{#}",
        tex_kind="script",
        description="e to the power u",
    ),
    Primitive(
        "expm1",
        1,
        np.expm1,
        chain=lambda u, v, du: scale(np.exp(u), du),
        derive=lambda u, du: mul(du, call("exp", u)),
        tex="e^{#}-1",
        tex_kind="sum",
        description="exp(u) - 1, exact near u = 0",
    ),
    Primitive(
        "log",
        1,
        np.log,
        # du / u rather than (1 / u) * du: one operation; NaN where log is.
        chain=lambda u, v, du: domain(du / u, u, 0.0),
        derive=lambda u, du: div(du, u),
        tex=r"\log",
        description="natural logarithm, undefined for u < 0",
    ),
    Primitive(
        "log1p",
        1,
        np.log1p,
        chain=lambda u, v, du: domain(du / (1.0 + u), u, -1.0),
        derive=lambda u, du: div(du, add(ONE, u)),
        tex=r"\log(1+#)",
        description="log(1 + u), exact near u = 0",
    ),
    Primitive(
        "sqrt",
        1,
        np.sqrt,
        chain=lambda u, v, du: 0.5 * du / v(),
        derive=lambda u, du: div(du, mul(TWO, call("sqrt", u))),
        tex=r"\sqrt{#}",
        tex_kind="script",
        description="square root",
    ),
    Primitive(
        "abs",
        1,
        np.abs,
        # Right-hand value at the kink: |x|' = 1 at 0, as for relu.
        chain=lambda u, v, du: scale(np.where(u < 0, -1.0, 1.0), du),
        derive=lambda u, du: mul(du, call("sign", u)),
        tex=r"\left|#\right|",
        kinks=(0.0,),
        description="absolute value",
    ),
    Primitive(
        "sin",
        1,
        np.sin,
        chain=lambda u, v, du: scale(np.cos(u), du),
        derive=lambda u, du: mul(du, call("cos", u)),
        tex=r"\sin",
        description="sine",
    ),
    Primitive(
        "cos",
        1,
        np.cos,
        chain=lambda u, v, du: scale(np.sin(u), -du),
        derive=lambda u, du: neg(mul(du, call("sin", u))),
        tex=r"\cos",
        description="cosine",
    ),
    Primitive(
        "tan",
        1,
        np.tan,
        chain=lambda u, v, du: scale(1.0 + v() * v(), du),
        derive=lambda u, du: div(du, power(call("cos", u), TWO)),
        tex=r"\tan",
        description="tangent",
    ),
    Primitive(
        "sinh",
        1,
        np.sinh,
        chain=lambda u, v, du: scale(np.cosh(u), du),
        derive=lambda u, du: mul(du, call("cosh", u)),
        tex=r"\sinh",
        description="hyperbolic sine",
    ),
    Primitive(
        "cosh",
        1,
        np.cosh,
        chain=lambda u, v, du: scale(np.sinh(u), du),
        derive=lambda u, du: mul(du, call("sinh", u)),
        tex=r"\cosh",
        description="hyperbolic cosine",
    ),
    Primitive(
        "tanh",
        1,
        np.tanh,
        chain=lambda u, v, du: scale(_sech2(u), du),
        derive=lambda u, du: mul(du, sub(ONE, power(call("tanh", u), TWO))),
        tex=r"\tanh",
        description="hyperbolic tangent",
    ),
    Primitive(
        "arcsin",
        1,
        np.arcsin,
        # (1-u)(1+u) keeps its precision near |u| = 1, where 1 - u*u does not.
        chain=lambda u, v, du: du / np.sqrt((1.0 - u) * (1.0 + u)),
        derive=_arc_derivative,
        tex=r"\arcsin",
        description="inverse sine",
    ),
    Primitive(
        "arccos",
        1,
        np.arccos,
        chain=lambda u, v, du: -du / np.sqrt((1.0 - u) * (1.0 + u)),
        derive=lambda u, du: neg(_arc_derivative(u, du)),
        tex=r"\arccos",
        description="inverse cosine",
    ),
    Primitive(
        "arctan",
        1,
        np.arctan,
        chain=lambda u, v, du: du / (1.0 + u * u),
        derive=lambda u, du: div(du, add(ONE, power(u, TWO))),
        tex=r"\arctan",
        description="inverse tangent",
    ),
    Primitive(
        "erf",
        1,
        _erf,
        chain=lambda u, v, du: np.exp(-u * u) * (_TWO_OVER_SQRT_PI * du),
        derive=_gauss_derivative,
        tex=r"\mathrm{erf}",
        description="error function",
    ),
    Primitive(
        "erfc",
        1,
        _erfc,
        chain=lambda u, v, du: np.exp(-u * u) * (-_TWO_OVER_SQRT_PI * du),
        derive=lambda u, du: neg(_gauss_derivative(u, du)),
        tex=r"\mathrm{erfc}",
        description="1 - erf(u), exact for large u",
    ),
    Primitive(
        "min",
        2,
        np.minimum,
        chain=_min_max_chain(np.minimum, steeper=False),
        derive=None,
        tex=r"\min",
        kinks=(0.0,),
        description="the smaller of two arguments",
    ),
    Primitive(
        "max",
        2,
        np.maximum,
        chain=_min_max_chain(np.maximum, steeper=True),
        derive=None,
        tex=r"\max",
        kinks=(0.0,),
        description="the larger of two arguments",
    ),
)

# Functions that displayed derivatives use but formulas cannot (|u|' is sgn(u)).
SHOWN_ONLY: tuple[Primitive, ...] = (
    Primitive(
        "sign",
        1,
        np.sign,
        chain=lambda u, v, du: scale(0.0 * u, du),
        derive=lambda u, du: ZERO,
        tex=r"\mathrm{sgn}",
        kinks=(0.0,),
        description="sign: -1, 0 or 1",
    ),
)

CONSTANTS: tuple[Constant, ...] = (
    Constant("pi", math.pi, r"\pi", "the circle constant 3.14159..."),
    Constant("e", math.e, "e", "Euler's number 2.71828..."),
)

_LANGUAGE = {p.name: p for p in PRIMITIVES}
_ALL = {**_LANGUAGE, **{p.name: p for p in SHOWN_ONLY}}
_CONSTANTS = {c.name: c for c in CONSTANTS}


def find(name: str) -> Primitive | None:
    """The primitive formulas call ``name``, or None (exact name, no aliases)."""
    return _LANGUAGE.get(name)


def get(name: str) -> Primitive:
    """The record of a primitive, or of a function of displayed derivatives (``sign``).

    Raises KeyError for any other name.
    """
    return _ALL[name]


def constant(name: str) -> Constant | None:
    """The constant called ``name`` (``pi``, ``e``), or None."""
    return _CONSTANTS.get(name)


def names(arity: int | None = None) -> tuple[str, ...]:
    """The primitives' names in record order (those of ``arity`` arguments only, if given)."""
    return tuple(p.name for p in PRIMITIVES if arity is None or p.arity == arity)


def help_text(arity: int | None = None) -> str:
    """The primitives' names for help texts: ``"exp expm1 log ... min max"``."""
    return " ".join(names(arity))
