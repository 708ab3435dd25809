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

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from actplot.formula import primitives
from actplot.formula.forward import ONE, Array, Deriv, add, neg, scale
from actplot.formula.parse import FormulaError
from actplot.formula.tree import (
    BinOp,
    Call,
    Const,
    Neg,
    Node,
    Num,
    Param,
    X,
    depends_on_x,
    walk,
)

__all__ = ["check_env", "derivative", "evaluate", "kinks"]


# ---------------------------------------------------------------- helpers


def _constant(node: Const) -> primitives.Constant:
    found = primitives.constant(node.name)
    assert found is not None  # the parser makes Const nodes of constants only
    return found


def _params(node: Call, x: Array, env: Mapping[str, Any]) -> dict[str, float]:
    """The catalogue parameters of a call: defaults, overridden where given."""
    assert node.entry is not None
    values = {p.name: p.default for p in node.entry.params}
    for pname, expr in node.params:
        values[pname] = float(evaluate(expr, x, env))
    return values


class _Lazy:
    """A value computed on first use, then kept.

    The derivative pass needs only some values (the derivative of
    ``gelu(x) - relu(x)`` needs neither gelu nor relu), so it computes none
    until a chain or product rule asks.
    """

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Array] | None = None, value: Array = None):
        self._make = make
        self._value = value

    def __call__(self) -> Array:
        if self._make is not None:
            self._value = self._make()
            self._make = None
        return self._value


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
        return np.float64(_constant(node).value)
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
    return primitives.get(node.name).fn(*(evaluate(arg, x, env) for arg in node.args))


# ---------------------------------------------------------------- derivatives


def derivative(node: Node, x: Array, env: Mapping[str, Any]) -> Deriv:
    """f' at ``x``: forward-mode differentiation through the tree.

    None means identically zero. f' is NaN wherever f is (call under
    ``np.errstate``).
    """
    return _dual(node, x, env)[1]


def _dual(node: Node, x: Array, env: Mapping[str, Any]) -> tuple[_Lazy, Deriv]:
    """(f, f') at ``x``, f computed only if asked for."""
    value, d = _dual_rule(node, x, env)
    if d is None and np.isnan(value()):
        # An x-free part that is undefined (log(-1)) makes f' undefined too.
        d = np.float64(np.nan)
    return value, d


def _dual_rule(node: Node, x: Array, env: Mapping[str, Any]) -> tuple[_Lazy, Deriv]:
    if isinstance(node, X):
        return _Lazy(value=x), ONE
    if isinstance(node, (Num, Param, Const)):
        return _Lazy(value=evaluate(node, x, env)), None
    if isinstance(node, Neg):
        v, d = _dual(node.operand, x, env)
        return _Lazy(lambda: -v()), neg(d)
    if isinstance(node, BinOp):
        return _binop(node, x, env)
    assert isinstance(node, Call)
    if node.entry is not None:
        u, du = _dual(node.args[0], x, env)
        entry, values = node.entry, _params(node, x, env)
        arg = _Lazy(lambda: np.asarray(u(), dtype=np.float64))
        value = _Lazy(lambda: entry.fn(arg(), **values))
        return value, scale(entry.grad(arg(), **values), du) if du is not None else None
    primitive = primitives.get(node.name)
    duals = [_dual(a, x, env) for a in node.args]
    value = _Lazy(lambda: primitive.fn(*(v() for v, _ in duals)))
    derivs = [d for _, d in duals]
    if all(d is None for d in derivs):
        return value, None
    return value, primitive.chain(*(v() for v, _ in duals), value, *derivs)


def _binop(node: BinOp, x: Array, env: Mapping[str, Any]) -> tuple[_Lazy, Deriv]:
    u, du = _dual(node.left, x, env)
    v, dv = _dual(node.right, x, env)
    op = node.op
    if op == "+":
        return _Lazy(lambda: u() + v()), add(du, dv)
    if op == "-":
        return _Lazy(lambda: u() - v()), add(du, neg(dv))
    if op == "*":
        d = add(scale(v(), du) if du is not None else None, scale(u(), dv))
        return _Lazy(lambda: u() * v()), d
    if op == "/":
        q = _Lazy(lambda: u() / v())
        if du is None and dv is None:
            return q, None
        # (u/v)' = (u' - q v') / v: one division instead of v squared.
        num = add(du, neg(scale(q(), dv)) if dv is not None else None)
        return q, num / v()
    p = _Lazy(lambda: u() ** v())
    if dv is None:  # u ** c: c u^(c-1) u'
        if du is None:
            return p, None
        return p, scale(v() * u() ** (v() - 1.0), du)
    # u ** v = exp(v log u): p (v' log u + v u' / u)
    term = scale(np.log(u()), dv)
    if du is not None:
        term = add(term, scale(v() / u(), du))
    return p, scale(p(), term)


# ---------------------------------------------------------------- structure


def _is_affine(node: Node) -> bool:
    """Whether ``node`` is a x + b with a, b free of x."""
    if not depends_on_x(node) or isinstance(node, X):
        return True
    if isinstance(node, Neg):
        return _is_affine(node.operand)
    if isinstance(node, BinOp):
        if node.op in "+-":
            return _is_affine(node.left) and _is_affine(node.right)
        if node.op == "*":
            left, right = depends_on_x(node.left), depends_on_x(node.right)
            if left and right:
                return False
            return _is_affine(node.left if left else node.right)
        if node.op == "/":
            return not depends_on_x(node.right) and _is_affine(node.left)
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


# Where kinks behind a non-affine argument are looked for, and how finely.
KINK_SEARCH = np.linspace(-1000.0, 1000.0, 200_001)


def _crossings(node: Node, targets: tuple[float, ...], env: Mapping[str, Any]) -> list[float]:
    """The x in [-1000, 1000] where ``node`` crosses each target, by bisection.

    A sign change of node - target between neighbouring points of a 0.01
    grid is refined to machine precision; touching without crossing
    (``relu(x**2)``) is no kink, and is not reported.
    """
    grid = KINK_SEARCH
    values = np.broadcast_to(evaluate(node, grid, env), grid.shape)
    found: list[float] = []
    for t in targets:
        sign = np.sign(values - t)
        exact = np.flatnonzero(sign[1:-1] == 0) + 1
        exact = exact[sign[exact - 1] * sign[exact + 1] < 0]
        found.extend(grid[exact].tolist())
        left = np.flatnonzero(sign[:-1] * sign[1:] < 0)
        if left.size == 0:
            continue
        lo, hi = grid[left], grid[left + 1]
        lo_sign = sign[left]
        for _ in range(64):
            mid = 0.5 * (lo + hi)
            mid_sign = np.sign(np.broadcast_to(evaluate(node, mid, env), mid.shape) - t)
            same = mid_sign == lo_sign
            lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
        found.extend(hi.tolist())  # the right-hand side, where the new piece starts
    return found


def _preimages(node: Node, targets: tuple[float, ...], env: Mapping[str, Any]) -> list[float]:
    if _is_affine(node):
        return _affine_preimages(node, targets, env)
    return _crossings(node, targets, env)


def kinks(root: Node, env: Mapping[str, Any]) -> tuple[float, ...]:
    """Points where f' (or f) jumps, at parameter values ``env``.

    Found for each catalogue function and each primitive with ``kinks``
    (``abs``, ``min``, ``max``): exactly
    when the argument is affine in x (``relu(2*x - 1)`` has its kink at 0.5),
    else by bisection where the argument crosses the inner kink within
    [-1000, 1000] (``max(x, x**2)`` has kinks at 0 and 1).
    """
    found: set[float] = set()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for node in walk(root):
            if not isinstance(node, Call):
                continue
            if node.entry is not None:
                inner = node.entry.kinks(_params(node, np.float64(0.0), env))
                if inner:
                    found.update(_preimages(node.args[0], tuple(inner), env))
            else:
                inner = primitives.get(node.name).kinks
                if inner:
                    # For a function of two arguments, where a - b crosses them.
                    arg = node.args[0] if len(node.args) == 1 else BinOp("-", *node.args)
                    found.update(_preimages(arg, inner, env))
    return tuple(sorted(k for k in found if np.isfinite(k)))


def check_env(root: Node, env: Mapping[str, Any]) -> None:
    """Raise FormulaError if a catalogue parameter given inside the formula is invalid.

    ``elu(x, alpha=a)`` is checked with a's value from ``env``; a call whose
    parameters use a formula parameter that is not set yet (NaN) is skipped.
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for node in walk(root):
            if not (isinstance(node, Call) and node.entry is not None and node.params):
                continue
            used = {n.name for _, expr in node.params for n in walk(expr) if isinstance(n, Param)}
            if any(np.isnan(env.get(name, np.nan)) for name in used):
                continue
            values = {p: float(evaluate(expr, np.float64(0.0), env)) for p, expr in node.params}
            try:
                node.entry.with_params(**values)
            except ValueError as err:
                raise FormulaError(f"in {node.name}(...): {err}") from None
