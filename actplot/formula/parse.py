"""Parse a formula's text into a small expression tree, against a whitelist.

The text is never evaluated as Python. It is checked for length, characters
and bracket depth first (so that nothing pathological reaches the parser),
then parsed with :func:`ast.parse` -- which only builds a syntax tree -- and
every node of that tree is checked against the grammar below before it is
converted into the frozen nodes of :mod:`actplot.formula.tree`. Anything
else is a :class:`FormulaError` whose one-line message points at the
offending part.

Grammar::

    expr  := number | x | CONSTANT | NAME          (a free NAME is a parameter)
           | expr (+ | - | * | / | **) expr | -expr | +expr | (expr)
           | PRIMITIVE(expr [, expr])              (as many as its arity)
           | CATALOGUE_NAME(expr [, param ...] [, name=param ...])

with the constants (pi, e) and primitives (exp, ..., min, max) of
:mod:`actplot.formula.primitives`.

Numbers become float64 when parsed; nothing is folded, so ``9**9**9`` is never
computed with Python integers (evaluated in float64 it is merely ``inf``).
"""

from __future__ import annotations

import ast
import difflib
import re

import numpy as np

from actplot.catalogue import Activation, lookup, names, normalize
from actplot.formula import primitives
from actplot.formula.tree import BinOp, Call, Const, Neg, Node, Num, Param, X, depends_on_x

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "FormulaError", "parse"]

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 100  # levels of the syntax tree (and of brackets)


class FormulaError(ValueError):
    """A formula that is not in the grammar, or cannot be evaluated as given.

    The message is one line and points at the offending part.
    """


# ---------------------------------------------------------------- checks


def _fail(text: str, col: int, what: str, part: str | None = None, hint: str = "") -> FormulaError:
    """An error pointing at 0-based character column ``col`` of ``text``.

    ``what`` is "kind: detail", giving for example ``unsupported syntax at
    column 3: attribute access '.__class__' in '().__class__'``.
    """
    kind, _, detail = what.partition(": ")
    message = f"{kind} at column {col + 1}"
    tail = " ".join(s for s in (detail, repr(_clip(part)) if part else "") if s)
    if tail:
        message += ": " + tail
    if hint:
        message += f" ({hint})"
    if part != text:
        message += f" in {_clip(text)!r}"
    return FormulaError(message)


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# Printable ASCII: Python would NFKC-normalise other letters (a full-width
# "ｘ" is x), and control characters have no business in a formula.
_ALLOWED_CHARS = re.compile(r"[ -~]")


def _precheck(text: str) -> None:
    """Reject what must never reach ``ast.parse``: huge, odd or deep input."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula too long: {len(text)} characters (at most {MAX_LENGTH})")
    if not text.strip():
        raise FormulaError("empty formula")
    depth = 0
    for col, ch in enumerate(text):
        if not _ALLOWED_CHARS.fullmatch(ch):
            raise _fail(text, col, "unexpected character", ch)
        if ch in "([{":
            depth += 1
            if depth > MAX_DEPTH // 2:
                raise _fail(text, col, f"too deeply nested: more than {MAX_DEPTH // 2} brackets")
        elif ch in ")]}":
            depth -= 1


def _tree_depth(tree: ast.AST) -> int:
    """Depth of an ``ast`` tree, computed without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


# ---------------------------------------------------------------- conversion

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_SYNTAX_NAMES = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Compare: "comparisons",
    ast.BoolOp: "boolean operators",
    ast.IfExp: "conditional expressions",
    ast.NamedExpr: "assignment expressions",
    ast.Starred: "starred arguments",
    ast.Tuple: "tuples",
    ast.List: "lists",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.JoinedStr: "strings",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}
_OP_TEXT = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.Not: "not",
}


class _Converter:
    """Turns a checked ``ast`` tree into formula nodes, or fails pointedly."""

    def __init__(self, text: str):
        self.text = text

    def fail(
        self, node: ast.AST, what: str, part: str | None = None, hint: str = ""
    ) -> FormulaError:
        col = getattr(node, "col_offset", 0)
        if part is None:
            part = ast.get_source_segment(self.text, node)
        return _fail(self.text, col, what, part, hint)

    def convert(self, node: ast.AST) -> Node:
        if isinstance(node, ast.Expression):
            return self.convert(node.body)
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return Neg(self.convert(node.operand))
            if isinstance(node.op, ast.UAdd):
                return self.convert(node.operand)
            op = _OP_TEXT.get(type(node.op), "?")
            raise self.fail(node, f"unsupported operator: {op!r}", part="")
        if isinstance(node, ast.BinOp):
            binop = _BINOPS.get(type(node.op))
            if binop is None:
                text = _OP_TEXT.get(type(node.op), "?")
                hint = "write ** for a power" if text == "^" else ""
                col = node.left.end_col_offset or 0
                raise _fail(self.text, col, "unsupported operator", text, hint)
            return BinOp(binop, self.convert(node.left), self.convert(node.right))
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Attribute):
            value_end = node.value.end_col_offset or 0
            part = self.text[value_end : node.end_col_offset].strip()
            raise _fail(self.text, value_end, "unsupported syntax: attribute access", part)
        what = _SYNTAX_NAMES.get(type(node), type(node).__name__)
        raise self.fail(node, f"unsupported syntax: {what}")

    def number(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, (str, bytes)):
            raise self.fail(node, "unsupported syntax: strings")
        if type(value) not in (int, float):  # bool is an int; complex, None, ...
            raise self.fail(node, f"unsupported constant: {type(value).__name__}")
        assert isinstance(value, (int, float))
        try:
            as_float = float(value)
        except OverflowError:
            raise self.fail(node, "number too large") from None
        text = (ast.get_source_segment(self.text, node) or repr(value)).replace("_", "")
        if text[:2].lower() in ("0x", "0o", "0b"):  # 0x10 would read as 0·x·10
            text = str(value)
        return Num(np.float64(as_float), text)

    def name(self, node: ast.Name) -> Node:
        ident = node.id
        if ident.startswith("_"):
            raise self.fail(node, "unsupported name: names starting with '_' are not allowed")
        if ident == "x":
            return X()
        if primitives.constant(ident) is not None:
            return Const(ident)
        if primitives.find(ident) is not None or lookup(ident) is not None:
            raise self.fail(node, "function without argument", hint=f"write {ident}(...)")
        return Param(ident)

    def call(self, node: ast.Call) -> Node:
        func = node.func
        if not isinstance(func, ast.Name):
            # e.g. "(lambda: 1)()", "x.__class__()" or "f(x)(x)".
            if isinstance(func, ast.Attribute):
                return self.convert(func)  # reports the attribute access
            raise self.fail(func, "unsupported syntax: only named functions can be called")
        fname = func.id
        if fname.startswith("_"):
            raise self.fail(func, "unsupported name: names starting with '_' are not allowed")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "unsupported syntax: starred arguments")
        primitive = primitives.find(fname)
        if primitive is not None:
            arity = primitive.arity
            if node.keywords or len(node.args) != arity:
                plural = "argument" if arity == 1 else "arguments"
                raise self.fail(node, f"wrong arguments: {fname} takes exactly {arity} {plural}")
            return Call(fname, tuple(self.convert(a) for a in node.args))
        entry = lookup(fname)
        if entry is None:
            hint = _suggestion(fname)
            if fname == "x" or primitives.constant(fname) is not None:
                hint = f"{fname} is not a function; write {fname}*(...) to multiply"
            raise self.fail(func, "unknown function", fname, hint)
        return self.catalogue_call(node, fname, entry)

    def catalogue_call(self, node: ast.Call, fname: str, entry: Activation) -> Node:
        known = [p.name for p in entry.params]
        if not node.args:
            raise self.fail(
                node, "wrong arguments", hint=f"{fname} needs its argument, as in {fname}(x)"
            )
        if len(node.args) > 1 + len(known):
            listed = ", ".join(known) if known else "none"
            raise self.fail(
                node, f"wrong arguments: {fname} takes x and at most its parameters ({listed})"
            )
        given: dict[str, Node] = {}
        for pname, arg in zip(known, node.args[1:], strict=False):
            given[pname] = self.convert(arg)
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail(kw, "unsupported syntax: ** arguments")
            if kw.arg not in known:
                listed = ", ".join(known) if known else "none"
                raise self.fail(kw, "unknown parameter", kw.arg, f"{fname} takes: {listed}")
            if kw.arg in given:
                raise self.fail(kw, f"parameter {kw.arg} given twice")
            given[kw.arg] = self.convert(kw.value)
        for pname, expr in given.items():
            if depends_on_x(expr):
                raise FormulaError(
                    f"parameter {pname} of {fname} must not depend on x in {_clip(self.text)!r}"
                )
        ordered = tuple((p, given[p]) for p in known if p in given)
        return Call(entry.name, (self.convert(node.args[0]),), entry, ordered)


def _suggestion(name: str) -> str:
    choices = {normalize(n): n for n in (*primitives.names(), *names(aliases=True))}
    close = difflib.get_close_matches(normalize(name), list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return f"did you mean {' or '.join(choices[c] for c in close)}?"


def parse(text: str) -> Node:
    """Parse a formula into a tree of nodes.

    Raises
    ------
    FormulaError
        If the text is not in the grammar; the message points at the problem.
    """
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, not {type(text).__name__}")
    text = text.strip()
    _precheck(text)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as err:
        col = min(max((err.offset or 1) - 1, 0), len(text) - 1)
        detail = "" if err.msg == "invalid syntax" else f": {err.msg}"
        raise _fail(text, col, f"invalid syntax{detail}", text[col]) from None
    except (ValueError, RecursionError, MemoryError) as err:
        raise FormulaError(f"cannot parse formula: {err}") from None
    if _tree_depth(tree) > MAX_DEPTH:
        raise FormulaError(f"formula too deeply nested (more than {MAX_DEPTH} levels)")
    # The worst parts, attribute access and names such as __import__, are
    # reported first (the leftmost of them), wherever they are in the tree.
    worst = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            col = node.value.end_col_offset or 0
            part = text[col : node.end_col_offset].strip()
            worst.append((col, "unsupported syntax: attribute access", part, ""))
        elif isinstance(node, ast.Name) and node.id.startswith("_"):
            hint = "names starting with '_' are not allowed"
            worst.append((node.col_offset, "unsupported name", node.id, hint))
    if worst:
        raise _fail(text, *min(worst))
    return _Converter(text).convert(tree)
