"""Evaluate a parsed formula and its exact derivative, vectorised.

The derivative is forward-mode automatic differentiation: every node yields a
(value, derivative) pair, each primitive contributing its analytic derivative
(a catalogue function its own ``grad`` kernel) by the chain rule. Nothing is
differenced numerically.

Sub-expressions that do not mention x stay numpy scalars, and a derivative
that is identically zero is carried as ``None``, so ``x*sigmoid(1.702*x)``
costs the same array operations as writing its derivative out by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from . import functions as F
from .formula_parse import BinOp, Call, Const, FormulaError, Neg, Node, Num, Param, X

__all__ = ["evaluate", "evaluate_with_derivative", "inner_param_values", "kinks"]

Array = Any  # an ndarray, or a numpy scalar for x-free sub-expressions
Deriv = Any  # like Array, or None for an identically zero derivative

_ONE = np.float64(1.0)  # d/dx x, recognised by identity to skip multiplications


def _erf(u: Array) -> Array:
    from scipy.special import erf  # scipy is slow to import; only when used

    return erf(u)


def _erfc(u: Array) -> Array:
    from scipy.special import erfc

    return erfc(u)


_TWO_OVER_SQRT_PI = 2.0 / np.sqrt(np.pi)

# name -> (f(u), f'(u) given u and f(u))
_ELEMENTARY: dict[str, tuple[Callable[..., Array], Callable[..., Array]]] = {
    "exp": (np.exp, lambda u, v: v),
    "expm1": (np.expm1, lambda u, v: np.exp(u)),
    "log": (np.log, lambda u, v: 1.0 / u),
    "log1p": (np.log1p, lambda u, v: 1.0 / (1.0 + u)),
    "sqrt": (np.sqrt, lambda u, v: 0.5 / v),
    # Right-hand value at the kink: |x|' = 1 at 0, as for relu.
    "abs": (np.abs, lambda u, v: np.where(u < 0, -1.0, 1.0)),
    "sin": (np.sin, lambda u, v: np.cos(u)),
    "cos": (np.cos, lambda u, v: -np.sin(u)),
    "tan": (np.tan, lambda u, v: 1.0 + v * v),
    "sinh": (np.sinh, lambda u, v: np.cosh(u)),
    "cosh": (np.cosh, lambda u, v: np.sinh(u)),
    # sech^2 without the cancellation of 1 - tanh^2.
    "tanh": (np.tanh, lambda u, v: F.tanh_grad(u)),
    # (1-u)(1+u) keeps its precision near |u| = 1, where 1 - u*u does not.
    "arcsin": (np.arcsin, lambda u, v: 1.0 / np.sqrt((1.0 - u) * (1.0 + u))),
    "arccos": (np.arccos, lambda u, v: -1.0 / np.sqrt((1.0 - u) * (1.0 + u))),
    "arctan": (np.arctan, lambda u, v: 1.0 / (1.0 + u * u)),
    "erf": (_erf, lambda u, v: _TWO_OVER_SQRT_PI * np.exp(-u * u)),
    "erfc": (_erfc, lambda u, v: -_TWO_OVER_SQRT_PI * np.exp(-u * u)),
}


# ---------------------------------------------------------------- helpers


def _scale(k: Array, d: Deriv) -> Deriv:
    """k * d for a derivative d (None is zero, _ONE is one)."""
    if d is None:
        return None
    if d is _ONE:
        return k
    return k * d


def _add(a: Deriv, b: Deriv) -> Deriv:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _neg(d: Deriv) -> Deriv:
    return None if d is None else -d


def _params(node: Call, x: Array, env: Mapping[str, Any]) -> dict[str, float]:
    """The catalogue parameters of a call: defaults, overridden where given."""
    assert node.entry is not None
    values = {p.name: p.default for p in node.entry.params}
    for pname, expr in node.params:
        values[pname] = float(evaluate(expr, x, env))
    return values


# ---------------------------------------------------------------- values


def evaluate(node: Node, x: Array, env: Mapping[str, Any]) -> Array:
    """f at ``x`` with parameter values ``env`` (call under ``np.errstate``)."""
    if isinstance(node, X):
        return x
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Param):
        return env[node.name]
    if isinstance(node, Const):
        return np.float64(node.value)
    if isinstance(node, Neg):
        return -evaluate(node.operand, x, env)
    if isinstance(node, BinOp):
        left = evaluate(node.left, x, env)
        right = evaluate(node.right, x, env)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        if node.op == "/":
            return left / right
        return left**right
    assert isinstance(node, Call)
    if node.entry is not None:
        u = evaluate(node.args[0], x, env)
        return node.entry.fn(np.asarray(u, dtype=np.float64), **_params(node, x, env))
    if node.name in ("min", "max"):
        a, b = (evaluate(arg, x, env) for arg in node.args)
        return np.minimum(a, b) if node.name == "min" else np.maximum(a, b)
    return _ELEMENTARY[node.name][0](evaluate(node.args[0], x, env))


# ---------------------------------------------------------------- derivatives


def evaluate_with_derivative(node: Node, x: Array, env: Mapping[str, Any]) -> tuple[Array, Deriv]:
    """(f, f') at ``x``: forward-mode differentiation through the tree."""
    if isinstance(node, X):
        return x, _ONE
    if isinstance(node, (Num, Param, Const)):
        return evaluate(node, x, env), None
    if isinstance(node, Neg):
        v, d = evaluate_with_derivative(node.operand, x, env)
        return -v, _neg(d)
    if isinstance(node, BinOp):
        return _binop(node, x, env)
    assert isinstance(node, Call)
    if node.name in ("min", "max") and node.entry is None:
        return _min_max(node, x, env)
    u, du = evaluate_with_derivative(node.args[0], x, env)
    if node.entry is not None:
        u = np.asarray(u, dtype=np.float64)
        values = _params(node, x, env)
        v = node.entry.fn(u, **values)
        if du is None:
            return v, None
        return v, _scale(node.entry.grad(u, **values), du)
    f, df = _ELEMENTARY[node.name]
    v = f(u)
    if du is None:
        return v, None
    return v, _scale(df(u, v), du)


def _binop(node: BinOp, x: Array, env: Mapping[str, Any]) -> tuple[Array, Deriv]:
    u, du = evaluate_with_derivative(node.left, x, env)
    v, dv = evaluate_with_derivative(node.right, x, env)
    op = node.op
    if op == "+":
        return u + v, _add(du, dv)
    if op == "-":
        return u - v, _add(du, _neg(dv))
    if op == "*":
        return u * v, _add(_scale(v, du), _scale(u, dv))
    if op == "/":
        q = u / v
        # (u/v)' = (u' - q v') / v: one division instead of v squared.
        num = _add(du, _neg(_scale(q, dv)))
        return q, None if num is None else num / v
    p = u**v
    if dv is None:  # u ** c: c u^(c-1) u'
        return p, _scale(v * u ** (v - 1.0), du)
    # u ** v = exp(v log u): p (v' log u + v u' / u)
    term = _scale(np.log(u), dv)
    if du is not None:
        term = _add(term, _scale(v / u, du))
    return p, _scale(p, term)


def _min_max(node: Call, x: Array, env: Mapping[str, Any]) -> tuple[Array, Deriv]:
    (a, da), (b, db) = (evaluate_with_derivative(arg, x, env) for arg in node.args)
    if da is None and db is None:
        return (np.minimum(a, b) if node.name == "min" else np.maximum(a, b)), None
    shape = np.broadcast(a, b).shape
    da = np.broadcast_to(0.0 if da is None else da, shape)
    db = np.broadcast_to(0.0 if db is None else db, shape)
    # Right-hand derivative where the arguments tie: beyond the tie, max
    # follows the steeper argument and min the shallower one.
    if node.name == "max":
        value = np.maximum(a, b)
        tie = np.maximum(da, db)
        return value, np.where(a > b, da, np.where(a < b, db, tie))
    value = np.minimum(a, b)
    tie = np.minimum(da, db)
    return value, np.where(a < b, da, np.where(a > b, db, tie))


# ---------------------------------------------------------------- structure


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children."""
    yield node
    if isinstance(node, Neg):
        yield from walk(node.operand)
    elif isinstance(node, BinOp):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)
        for _, expr in node.params:
            yield from walk(expr)


def _depends_on_x(node: Node) -> bool:
    return any(isinstance(n, X) for n in walk(node))


def _is_affine(node: Node) -> bool:
    """Whether ``node`` is a x + b with a, b free of x."""
    if not _depends_on_x(node) or isinstance(node, X):
        return True
    if isinstance(node, Neg):
        return _is_affine(node.operand)
    if isinstance(node, BinOp):
        if node.op in "+-":
            return _is_affine(node.left) and _is_affine(node.right)
        if node.op == "*":
            left, right = _depends_on_x(node.left), _depends_on_x(node.right)
            if left and right:
                return False
            return _is_affine(node.left if left else node.right)
        if node.op == "/":
            return not _depends_on_x(node.right) and _is_affine(node.left)
    return False


def _affine_preimages(
    node: Node, targets: tuple[float, ...], env: Mapping[str, Any]
) -> list[float]:
    """The x where the affine ``node`` equals each target."""
    g0, g1 = np.broadcast_to(evaluate(node, np.array([0.0, 1.0]), env), (2,))
    slope = g1 - g0
    if not (np.isfinite(slope) and np.isfinite(g0)) or slope == 0:
        return []
    return [float((t - g0) / slope) for t in targets]


def kinks(root: Node, env: Mapping[str, Any]) -> tuple[float, ...]:
    """Points where f' (or f) jumps, at parameter values ``env``.

    Found for each catalogue function, ``abs``, ``min`` and ``max`` whose
    argument is affine in x (``relu(2*x - 1)`` has its kink at 0.5). Kinks
    behind a non-affine argument (``relu(x**2 - 1)``) are not located.
    """
    found: set[float] = set()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for node in walk(root):
            if not isinstance(node, Call):
                continue
            if node.entry is not None:
                arg = node.args[0]
                inner = node.entry.kinks(_params(node, np.float64(0.0), env))
                if inner and _is_affine(arg):
                    found.update(_affine_preimages(arg, tuple(inner), env))
            elif node.name == "abs" and _is_affine(node.args[0]):
                found.update(_affine_preimages(node.args[0], (0.0,), env))
            elif node.name in ("min", "max"):
                diff = BinOp("-", *node.args)
                if _is_affine(diff):
                    found.update(_affine_preimages(diff, (0.0,), env))
    return tuple(sorted(k for k in found if np.isfinite(k)))


def inner_param_values(root: Node, env: Mapping[str, Any]) -> Iterator[str | None]:
    """Check the catalogue parameters given inside the formula.

    Yields an error text (or None) for each catalogue call with explicit
    parameters, evaluated at ``env``; calls whose parameters are not all set
    (NaN) are skipped.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for node in walk(root):
            if not (isinstance(node, Call) and node.entry is not None and node.params):
                continue
            values = {}
            for pname, expr in node.params:
                value = float(evaluate(expr, np.float64(0.0), env))
                values[pname] = value
            if any(np.isnan(v) for v in values.values()) and any(
                np.isnan(env.get(n.name, 0.0)) for n in walk(node) if isinstance(n, Param)
            ):
                continue  # depends on a parameter that is not set yet
            try:
                node.entry.with_params(**values)
            except ValueError as err:
                yield f"in {node.name}(...): {err}"


def check_env(root: Node, env: Mapping[str, Any]) -> None:
    """Raise FormulaError if a catalogue parameter inside the formula is invalid."""
    for problem in inner_param_values(root, env):
        if problem:
            raise FormulaError(problem)
