"""The derivative of a formula as a formula, for display.

Evaluation never uses this tree (it is forward-mode automatic differentiation,
see :mod:`actplot.formula.evaluate`); this is what ``info`` and ``--formula``
show as f'. The rules are the textbook ones (each primitive's is its record's
``derive``), tidied only by the identities of 0 and 1 and by putting numbers
first in a product (:mod:`actplot.formula.tidy`): nothing is folded, so no
arithmetic is done on the user's numbers.
"""

from __future__ import annotations

from actplot.formula import primitives
from actplot.formula.tidy import (
    ONE,
    TWO,
    ZERO,
    add,
    call,
    div,
    is_number,
    minus_one,
    mul,
    neg,
    power,
    sub,
)
from actplot.formula.tree import UNEXPANDED, BinOp, Call, Const, Neg, Node, Num, Param, X

__all__ = ["differentiate"]


def differentiate(node: Node) -> Node:
    """d/dx of a formula tree, as a tree (for display)."""
    if isinstance(node, X):
        return ONE
    if isinstance(node, (Num, Param, Const)):
        return ZERO
    if isinstance(node, Neg):
        return neg(differentiate(node.operand))
    if isinstance(node, BinOp):
        return _binop(node)
    assert isinstance(node, Call)
    if node.entry is not None:
        du = differentiate(node.args[0])
        if is_number(du, 0):
            return ZERO
        return mul(du, Call(node.name, node.args, node.entry, node.params, prime=True))
    derive = primitives.get(node.name).derive
    if derive is None:  # shown unexpanded: d/dx[max(x, 0.2x)]
        return Call(UNEXPANDED, (node,))
    dargs = [differentiate(a) for a in node.args]
    if all(is_number(d, 0) for d in dargs):
        return ZERO
    return derive(*node.args, *dargs)


def _binop(node: BinOp) -> Node:
    u, v = node.left, node.right
    du, dv = differentiate(u), differentiate(v)
    if node.op == "+":
        return add(du, dv)
    if node.op == "-":
        return sub(du, dv)
    if node.op == "*":
        return add(mul(du, v), mul(u, dv))
    if node.op == "/":
        if is_number(dv, 0):
            return div(du, v)
        return div(sub(mul(du, v), mul(u, dv)), power(v, TWO))
    if is_number(dv, 0):  # u ** c
        return mul(mul(v, power(u, minus_one(v))), du)
    log_u = call("log", u)
    return mul(node, add(mul(dv, log_u), div(mul(v, du), u)))
