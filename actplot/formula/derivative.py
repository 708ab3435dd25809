"""The derivative of a formula as a formula, for display.

Evaluation never uses this tree (it is forward-mode automatic differentiation,
see :mod:`actplot.formula_eval`); this is what ``info`` and ``--formula``
show as f'. The rules are the textbook ones, tidied only by the identities
of 0 and 1 and by putting numbers first in a product: nothing is folded, so
no arithmetic is done on the user's numbers.
"""

from __future__ import annotations

from actplot.formula.parse import BinOp, Call, Const, Neg, Node, Num, Param, X

__all__ = ["differentiate"]

ZERO = Num(0.0, "0")
ONE = Num(1.0, "1")
TWO = Num(2.0, "2")


def _is(node: Node, value: float) -> bool:
    return isinstance(node, Num) and node.value == value


def _add(a: Node, b: Node) -> Node:
    if _is(a, 0):
        return b
    if _is(b, 0):
        return a
    if isinstance(b, Neg):
        return BinOp("-", a, b.operand)
    return BinOp("+", a, b)


def _sub(a: Node, b: Node) -> Node:
    if _is(b, 0):
        return a
    if _is(a, 0):
        return _neg(b)
    return BinOp("-", a, b)


def _neg(a: Node) -> Node:
    if _is(a, 0):
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


def _mul(a: Node, b: Node) -> Node:
    if _is(a, 0) or _is(b, 0):
        return ZERO
    negative = isinstance(a, Neg) != isinstance(b, Neg)
    a = a.operand if isinstance(a, Neg) else a
    b = b.operand if isinstance(b, Neg) else b
    factors = [f for f in _factors(a) + _factors(b) if not _is(f, 1)]
    # Numbers first: 1.702 x σ'(1.702x), not x σ'(1.702x) 1.702.
    factors.sort(key=lambda f: not isinstance(f, Num))
    product = _product(factors)
    return _neg(product) if negative else product


def _div(a: Node, b: Node) -> Node:
    if _is(a, 0):
        return ZERO
    if isinstance(a, Neg):
        return _neg(_div(a.operand, b))
    if isinstance(b, Neg):
        return _neg(_div(a, b.operand))
    if isinstance(a, BinOp) and a.op == "/":  # (p/q)/b = p/(q b)
        return _div(a.left, _mul(a.right, b))
    # Cancel factors that appear above and below: (β e^βx)/((1+e^βx) β).
    top, bottom = _factors(a), _factors(b)
    for factor in list(top):
        if factor in bottom:
            top.remove(factor)
            bottom.remove(factor)
    numerator, denominator = _product(top), _product(bottom)
    if _is(denominator, 1):
        return numerator
    return BinOp("/", numerator, denominator)


def _pow(a: Node, c: Node) -> Node:
    if _is(c, 1):
        return a
    if _is(c, 0):
        return ONE
    return BinOp("**", a, c)


def _minus_one(c: Node) -> Node:
    """c - 1, written as a number when c is one (2 gives 1, 0.5 gives -0.5)."""
    if isinstance(c, Num):
        value = float(c.value) - 1.0
        text = f"{abs(value):.15g}"
        return Neg(Num(-value, text)) if value < 0 else Num(value, text)
    return _sub(c, ONE)


def _call(name: str, *args: Node) -> Call:
    return Call(name, args)


def differentiate(node: Node) -> Node:
    """d/dx of a formula tree, as a tree (for display)."""
    if isinstance(node, X):
        return ONE
    if isinstance(node, (Num, Param, Const)):
        return ZERO
    if isinstance(node, Neg):
        return _neg(differentiate(node.operand))
    if isinstance(node, BinOp):
        return _binop(node)
    assert isinstance(node, Call)
    if node.name in ("min", "max") and node.entry is None:
        return Call("d/dx", (node,))
    u = node.args[0]
    du = differentiate(u)
    if _is(du, 0):
        return ZERO
    if node.entry is not None:
        return _mul(du, Call(node.name, node.args, node.entry, node.params, prime=True))
    return _chain(node.name, u, du)


def _binop(node: BinOp) -> Node:
    u, v = node.left, node.right
    du, dv = differentiate(u), differentiate(v)
    if node.op == "+":
        return _add(du, dv)
    if node.op == "-":
        return _sub(du, dv)
    if node.op == "*":
        return _add(_mul(du, v), _mul(u, dv))
    if node.op == "/":
        if _is(dv, 0):
            return _div(du, v)
        return _div(_sub(_mul(du, v), _mul(u, dv)), _pow(v, TWO))
    if _is(dv, 0):  # u ** c
        return _mul(_mul(v, _pow(u, _minus_one(v))), du)
    log_u = _call("log", u)
    return _mul(node, _add(_mul(dv, log_u), _div(_mul(v, du), u)))


def _chain(name: str, u: Node, du: Node) -> Node:
    """f'(u) u' for an elementary f."""
    if name in ("exp", "expm1"):
        return _mul(du, _call("exp", u))
    if name == "log":
        return _div(du, u)
    if name == "log1p":
        return _div(du, _add(ONE, u))
    if name == "sqrt":
        return _div(du, _mul(TWO, _call("sqrt", u)))
    if name == "abs":
        return _mul(du, _call("sign", u))
    if name == "sin":
        return _mul(du, _call("cos", u))
    if name == "cos":
        return _neg(_mul(du, _call("sin", u)))
    if name == "tan":
        return _div(du, _pow(_call("cos", u), TWO))
    if name == "sinh":
        return _mul(du, _call("cosh", u))
    if name == "cosh":
        return _mul(du, _call("sinh", u))
    if name == "tanh":
        return _mul(du, _sub(ONE, _pow(_call("tanh", u), TWO)))
    if name in ("arcsin", "arccos"):
        d = _div(du, _call("sqrt", _sub(ONE, _pow(u, TWO))))
        return d if name == "arcsin" else _neg(d)
    if name == "arctan":
        return _div(du, _add(ONE, _pow(u, TWO)))
    assert name in ("erf", "erfc")
    gauss = _call("exp", _neg(_pow(u, TWO)))
    d = _mul(_div(TWO, _call("sqrt", Const("pi"))), _mul(du, gauss))
    return d if name == "erf" else _neg(d)
