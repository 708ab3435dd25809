"""Render a parsed formula as normalised plain text and as mathtext.

Plain text is the formula's canonical name: no spaces, the fewest brackets
that re-parse to the same tree, catalogue functions by canonical name
(``LeakyReLU(x)`` becomes ``leaky_relu(x)``). Mathtext is what titles and
legends show: ``x*sigmoid(1.702*x)`` becomes ``x\\,\\sigma(1.702x)``.
"""

from __future__ import annotations

import math
import re

from actplot.formula import primitives
from actplot.formula.tree import UNEXPANDED, BinOp, Call, Const, Neg, Node, Num, Param, X

__all__ = ["param_symbol", "param_tex", "to_tex", "to_text"]

# Binding strength: sums < products < unary minus < powers < atoms.
_SUM, _PRODUCT, _NEG, _POWER, _ATOM = 1, 2, 3, 4, 5

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
_GREEK_ALIASES = {"lambd": "lambda", "lam": "lambda"}
_GREEK_LETTERS = dict(zip(_GREEK, "αβγδεζηθικλμνξρστυφχψω", strict=True))


def _precedence(node: Node) -> int:
    if isinstance(node, BinOp):
        return {"+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}.get(node.op, _POWER)
    if isinstance(node, Neg):
        return _NEG
    return _ATOM


# ---------------------------------------------------------------- plain text


def to_text(node: Node) -> str:
    """Canonical plain text of a formula, e.g. ``x*sigmoid(1.702*x)``."""
    if isinstance(node, X):
        return "x"
    if isinstance(node, Num):
        return node.text
    if isinstance(node, (Param, Const)):
        return node.name
    if isinstance(node, Neg):
        return "-" + _wrap_text(node.operand, _PRODUCT, operand=True)
    if isinstance(node, Call):
        args = [to_text(a) for a in node.args]
        args += [f"{name}={to_text(expr)}" for name, expr in node.params]
        return f"{node.name}{chr(39) if node.prime else ''}({', '.join(args)})"
    assert isinstance(node, BinOp)
    mine = _precedence(node)
    if node.op == "**":  # right-associative: (a**b)**c needs its brackets
        return f"{_wrap_text(node.left, _POWER)}**{_wrap_text(node.right, _NEG)}"
    left = _wrap_text(node.left, mine - 1)
    right = _wrap_text(node.right, mine, operand=True)
    return f"{left}{node.op}{right}"


def _wrap_text(node: Node, above: int, operand: bool = False) -> str:
    """``node`` as text, bracketed unless it binds more strongly than ``above``.

    A minus sign after an operator is bracketed too: ``x*(-y)``, not ``x*-y``.
    """
    text = to_text(node)
    if _precedence(node) <= above or (operand and isinstance(node, Neg)):
        return f"({text})"
    return text


# ---------------------------------------------------------------- mathtext


def param_tex(name: str) -> str:
    """Mathtext for a parameter: ``beta`` is ``\\beta``, ``k`` is ``k``."""
    greek = _GREEK_ALIASES.get(name, name)
    if greek in _GREEK:
        return "\\" + greek
    if len(name) == 1:
        return name
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def param_symbol(name: str) -> str:
    """Plain-text symbol for a parameter: ``beta`` is ``β``."""
    return _GREEK_LETTERS.get(_GREEK_ALIASES.get(name, name), name)


def _num_tex(node: Num) -> str:
    value = float(node.value)
    if math.isinf(value):
        return r"\infty"
    text = node.text.lower().replace("_", "")
    if "e" in text:  # 1e-05 -> 10^{-5}, 2.5e3 -> 2.5\times10^{3}
        mantissa, _, exponent = text.partition("e")
        exponent = str(int(exponent))
        mantissa = _trim(mantissa)
        power = "10^{" + exponent + "}"
        return power if mantissa == "1" else mantissa + r"\times " + power
    return _trim(text)


def _trim(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
        if text.startswith("."):
            text = "0" + text
    return text


def _label_tex(label: str, fallback: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9 \-]+", label):
        label = fallback
    return r"\mathrm{" + label.replace(" ", r"\ ").replace("_", r"\_") + "}"


def to_tex(node: Node) -> str:
    """Mathtext for a formula, without the ``$`` signs."""
    if isinstance(node, X):
        return "x"
    if isinstance(node, Num):
        return _num_tex(node)
    if isinstance(node, Param):
        return param_tex(node.name)
    if isinstance(node, Const):
        constant = primitives.constant(node.name)
        assert constant is not None  # the parser makes Const nodes of constants only
        return constant.tex
    if isinstance(node, Neg):
        # -(a b) and (-a) b read the same in mathematics: no brackets.
        return "-" + _wrap_tex(node.operand, _SUM, operand=True)
    if isinstance(node, Call):
        return _call_tex(node)
    assert isinstance(node, BinOp)
    if node.op == "/":
        return r"\frac{" + to_tex(node.left) + "}{" + to_tex(node.right) + "}"
    if node.op == "**":
        return _power_tex(node)
    if node.op == "*":
        return _product_tex(node)
    right = _wrap_tex(node.right, _SUM if node.op == "-" else 0, operand=True)
    return f"{to_tex(node.left)}{node.op}{right}"


def _paren(tex: str) -> str:
    """Brackets around ``tex``, stretched only where a fraction needs it."""
    if r"\frac" in tex:
        return r"\left(" + tex + r"\right)"
    return "(" + tex + ")"


def _wrap_tex(node: Node, above: int, operand: bool = False) -> str:
    tex = to_tex(node)
    if _tex_precedence(node) <= above or (operand and isinstance(node, Neg)):
        return _paren(tex)
    return tex


def _tex_precedence(node: Node) -> int:
    if isinstance(node, BinOp) and node.op == "/":
        return _ATOM  # a fraction bar groups by itself
    if _tex_kind(node) == "sum":
        return _SUM  # e^{u}-1
    if isinstance(node, Num) and "e" in node.text.lower():
        return _PRODUCT  # 2.5\times10^{3}
    return _precedence(node)


def _product_tex(node: BinOp) -> str:
    left = _wrap_tex(node.left, _SUM)
    right = to_tex(node.right)
    if _tex_precedence(node.right) <= _NEG:  # x*(-y), x*(a+b), x*(y*z)
        right = _paren(right)
    if right[0].isdigit() or right.startswith(r"\frac"):
        return left + r"\cdot " + right
    coefficient = isinstance(node.left, (Num, Param, Const)) or (
        isinstance(node.left, Neg) and isinstance(node.left.operand, (Num, Param))
    )
    if coefficient:  # 1.702x, \beta x, 2\sigma(x)
        joiner = " " if left[-1].isalpha() and right[0].isalpha() else ""
        return left + joiner + right
    return left + r"\," + right


def _power_tex(node: BinOp) -> str:
    base = node.left
    base_tex = to_tex(base)
    simple = isinstance(base, (X, Param, Const)) or (
        isinstance(base, Num) and "e" not in base.text.lower()
    )
    if isinstance(base, Call) and _tex_kind(base) == "function":
        simple = True  # \sigma(x)^{2}, but (e^{x})^{2}
    if not simple:
        base_tex = _paren(base_tex)
    return base_tex + "^{" + to_tex(node.right) + "}"


def _tex_kind(node: Node) -> str:
    """How a primitive's mathtext binds (see ``Primitive.tex_kind``); "function" else."""
    if isinstance(node, Call) and node.entry is None and node.name != UNEXPANDED:
        return primitives.get(node.name).tex_kind
    return "function"


def _call_tex(node: Call) -> str:
    args = [to_tex(a) for a in node.args]
    if node.entry is not None:
        name = node.entry.tex_symbol or _label_tex(node.entry.label, node.entry.name)
        extra = [f"{_param_entry_tex(node, pname)}={to_tex(expr)}" for pname, expr in node.params]
        inner = r";\,".join([args[0], ", ".join(extra)]) if extra else args[0]
        return name + ("'" if node.prime else "") + _paren(inner)
    if node.name == UNEXPANDED:  # a part the displayed derivative leaves unexpanded
        return r"\frac{d}{dx}\left[" + args[0] + r"\right]"
    tex = primitives.get(node.name).tex
    if "#" not in tex:  # a function name: \sin(u), \max(a, b)
        return tex + _paren(", ".join(args))
    # A template: e^{#}, \log(1+#), whose brackets stretch around a fraction.
    (arg,) = args
    if r"\frac" in arg:
        tex = tex.replace("(", r"\left(").replace(")", r"\right)")
    return tex.replace("#", arg)


def _param_entry_tex(node: Call, pname: str) -> str:
    assert node.entry is not None
    for p in node.entry.params:
        if p.name == pname:
            return p.tex
    return param_tex(pname)
