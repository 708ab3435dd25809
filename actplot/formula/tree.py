"""The nodes of a parsed formula, and walking over them.

Every node is frozen and hashable. The parser (:mod:`actplot.formula.parse`)
builds them, the evaluator and the display read them, and the displayed
derivative (:mod:`actplot.formula.derivative`) builds new ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from actplot.catalogue import Activation

__all__ = [
    "UNEXPANDED",
    "BinOp",
    "Call",
    "Const",
    "Neg",
    "Node",
    "Num",
    "Param",
    "X",
    "depends_on_x",
    "walk",
]

# The name of a Call wrapping a part the displayed derivative leaves
# unexpanded: Call(UNEXPANDED, (node,)) is shown as d/dx[node].
UNEXPANDED = "d/dx"


class Node:
    """A node of a parsed formula (all nodes are frozen and hashable)."""

    __slots__ = ()


@dataclass(frozen=True)
class X(Node):
    """The variable x."""


@dataclass(frozen=True)
class Num(Node):
    """A number literal, as written (``text``) and as float64 (``value``)."""

    value: float
    text: str


@dataclass(frozen=True)
class Const(Node):
    """A named constant, ``pi`` or ``e`` (see ``primitives.CONSTANTS``)."""

    name: str


@dataclass(frozen=True)
class Param(Node):
    """A free name: a parameter of the formula."""

    name: str


@dataclass(frozen=True)
class Neg(Node):
    """Unary minus."""

    operand: Node


@dataclass(frozen=True)
class BinOp(Node):
    """``left op right`` with op one of ``+ - * / **``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    """A function applied to arguments.

    ``entry`` is the catalogue record for catalogue functions (None for the
    elementary ones, see ``primitives.PRIMITIVES``); then ``args`` holds the
    x argument only and ``params`` the catalogue parameters given explicitly,
    as (name, expression) pairs. ``prime`` marks the derivative of a
    catalogue function, in the displayed derivative of a formula (never in a
    parsed one).
    """

    name: str
    args: tuple[Node, ...]
    entry: Activation | None = None
    params: tuple[tuple[str, Node], ...] = ()
    prime: bool = False


def depends_on_x(node: Node) -> bool:
    """Whether ``node`` mentions x (catalogue parameters never do)."""
    if isinstance(node, X):
        return True
    if isinstance(node, Neg):
        return depends_on_x(node.operand)
    if isinstance(node, BinOp):
        return depends_on_x(node.left) or depends_on_x(node.right)
    if isinstance(node, Call):
        return any(depends_on_x(a) for a in node.args)
    return False


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
