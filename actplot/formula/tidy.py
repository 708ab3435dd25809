"""Build formula trees tidied by the identities of 0 and 1.

The displayed derivative (:mod:`actplot.formula.derivative`) and the
symbolic derivative rules of the primitives (:mod:`actplot.formula.primitives`)
build their trees with these. Nothing is folded: no arithmetic is done on the
user's numbers, only ``0 + a`` is ``a``, ``1 * a`` is ``a``, numbers come
first in a product and common factors of a quotient cancel.
"""

from __future__ import annotations

from actplot.formula.tree import BinOp, Call, Neg, Node, Num

__all__ = [
    "ONE",
    "TWO",
    "ZERO",
    "add",
    "call",
    "div",
    "is_number",
    "minus_one",
    "mul",
    "neg",
    "power",
    "sub",
]

ZERO = Num(0.0, "0")
ONE = Num(1.0, "1")
TWO = Num(2.0, "2")


def is_number(node: Node, value: float) -> bool:
    """Whether ``node`` is the number ``value``."""
    return isinstance(node, Num) and node.value == value


def add(a: Node, b: Node) -> Node:
    if is_number(a, 0):
        return b
    if is_number(b, 0):
        return a
    if isinstance(b, Neg):
        return BinOp("-", a, b.operand)
    return BinOp("+", a, b)


def sub(a: Node, b: Node) -> Node:
    if is_number(b, 0):
        return a
    if is_number(a, 0):
        return neg(b)
    return BinOp("-", a, b)


def neg(a: Node) -> Node:
    if is_number(a, 0):
        return a
    if isinstance(a, Neg):
        return a.operand
    return Neg(a)


def _factors(node: Node) -> list[Node]:
    if isinstance(node, BinOp) and node.op == "*":
        return _factors(node.left) + _factors(node.right)
    return [node]


def _product(factors: list[Node]) -> Node:
    if not factors:
        return ONE
    product = factors[0]
    for factor in factors[1:]:
        product = BinOp("*", product, factor)
    return product


def mul(a: Node, b: Node) -> Node:
    if is_number(a, 0) or is_number(b, 0):
        return ZERO
    negative = isinstance(a, Neg) != isinstance(b, Neg)
    a = a.operand if isinstance(a, Neg) else a
    b = b.operand if isinstance(b, Neg) else b
    factors = [f for f in _factors(a) + _factors(b) if not is_number(f, 1)]
    # Numbers first: 1.702 x σ'(1.702x), not x σ'(1.702x) 1.702.
    factors.sort(key=lambda f: not isinstance(f, Num))
    product = _product(factors)
    return neg(product) if negative else product


def div(a: Node, b: Node) -> Node:
    if is_number(a, 0):
        return ZERO
    if isinstance(a, Neg):
        return neg(div(a.operand, b))
    if isinstance(b, Neg):
        return neg(div(a, b.operand))
    if isinstance(a, BinOp) and a.op == "/":  # (p/q)/b = p/(q b)
        return div(a.left, mul(a.right, b))
    # Cancel factors that appear above and below: (β e^βx)/((1+e^βx) β).
    top, bottom = _factors(a), _factors(b)
    for factor in list(top):
        if factor in bottom:
            top.remove(factor)
            bottom.remove(factor)
    numerator, denominator = _product(top), _product(bottom)
    if is_number(denominator, 1):
        return numerator
    return BinOp("/", numerator, denominator)


def power(a: Node, c: Node) -> Node:
    if is_number(c, 1):
        return a
    if is_number(c, 0):
        return ONE
    return BinOp("**", a, c)


def minus_one(c: Node) -> Node:
    """c - 1, written as a number when c is one (2 gives 1, 0.5 gives -0.5)."""
    if isinstance(c, Num):
        value = float(c.value) - 1.0
        text = f"{abs(value):.15g}"
        return Neg(Num(-value, text)) if value < 0 else Num(value, text)
    return sub(c, ONE)


def call(name: str, *args: Node) -> Call:
    """An elementary function (or ``sign``) applied to ``args``."""
    return Call(name, args)
