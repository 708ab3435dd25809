"""The primitive records: each one works everywhere, and the prose lists match them.

Every test here is parametrized over ``PRIMITIVES``, so a new record is
checked for parsing, values, both derivatives and mathtext without a new
test; the help texts and the README are checked against ``help_text()``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np
import pytest

from actplot.formula import get, primitives
from actplot.formula.derivative import differentiate
from actplot.formula.display import to_text
from actplot.formula.evaluate import derivative, evaluate
from actplot.formula.parse import parse
from actplot.formula.primitives import CONSTANTS, PRIMITIVES, help_text, names

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

IDS = [p.name for p in PRIMITIVES]
# Inside every primitive's domain (log, sqrt, arcsin...), with a chain rule
# to apply: u = 0.5x + 0.1 runs over [0.15, 0.55].
X = np.linspace(0.1, 0.9, 17)


def _call(p: primitives.Primitive, inner: str = "0.5*x+0.1") -> str:
    """``p`` applied to ``inner`` (and to 0.37, for a second argument).

    0.5x + 0.1 = 0.37 at x = 0.54, between the points of X.
    """
    return f"{p.name}({', '.join([inner, *['0.37'] * (p.arity - 1)])})"


def _squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the records


def test_help_text_lists_the_records_in_order():
    assert help_text().split() == [p.name for p in PRIMITIVES]
    today = "exp expm1 log log1p sqrt abs sin cos tan sinh cosh tanh arcsin arccos arctan erf erfc"
    assert set(today.split()) <= set(names(arity=1))  # none lost
    assert help_text(arity=2) == "min max"
    assert names(arity=1) + names(arity=2) == names()


def test_names_are_unique_and_distinct_from_the_constants():
    every = [*names(), *(p.name for p in primitives.SHOWN_ONLY), *(c.name for c in CONSTANTS)]
    assert len(every) == len(set(every))
    assert [c.name for c in CONSTANTS] == ["pi", "e"]


@pytest.mark.parametrize("p", PRIMITIVES, ids=IDS)
def test_a_record_is_complete(p):
    assert p.arity in (1, 2)
    assert p.description
    assert primitives.find(p.name) is p and primitives.get(p.name) is p
    assert "#" not in p.tex or p.arity == 1  # a template has one argument
    assert p.tex_kind in ("function", "script", "sum")


def test_functions_of_displayed_derivatives_are_not_in_the_language():
    assert primitives.find("sign") is None and primitives.get("sign").name == "sign"
    with pytest.raises(ValueError, match="unknown function"):
        get("sign(x)")


# ---------------------------------------------------------------- every record works


@pytest.mark.parametrize("p", PRIMITIVES, ids=IDS)
def test_a_primitive_evaluates_with_its_numpy_function(p):
    act = get(_call(p))
    args = [0.5 * X + 0.1, *[np.full_like(X, 0.37)] * (p.arity - 1)]
    np.testing.assert_array_equal(act(X), p.fn(*args))


@pytest.mark.parametrize("p", PRIMITIVES, ids=IDS)
def test_the_forward_derivative_is_the_slope(p):
    act = get(_call(p))
    h = 1e-6
    slope = (act(X + h) - act(X - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(X), slope, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("p", PRIMITIVES, ids=IDS)
def test_the_displayed_derivative_evaluates_to_the_forward_one(p):
    tree = parse(_call(p))
    shown = differentiate(tree)
    if p.derive is None:
        assert to_text(shown) == f"d/dx({to_text(tree)})"
        return
    with np.errstate(all="ignore"):
        value = np.broadcast_to(evaluate(shown, X, {}), X.shape)
        np.testing.assert_allclose(value, derivative(tree, X, {}), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("p", PRIMITIVES, ids=IDS)
def test_the_text_is_canonical(p):
    for text in (_call(p), _call(p, "x"), f"-{_call(p)}**2"):
        normal = to_text(parse(text))
        assert to_text(parse(normal)) == normal
        assert parse(normal) == parse(text)


@pytest.mark.parametrize("p", PRIMITIVES, ids=IDS)
def test_the_mathtext_is_parseable_by_matplotlib(p):
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    for inner in ("x", "2*x-1", "x/(1+x)", "-x"):
        for text in (_call(p, inner), f"{_call(p, inner)}**2", f"x*{_call(p, inner)}*2"):
            act = get(text)
            parser.parse(f"${act.formula}$")
            parser.parse(f"${act.derivative_formula}$")


@pytest.mark.parametrize("p", [p for p in PRIMITIVES if p.kinks], ids=lambda p: p.name)
def test_kinks_are_found_behind_an_affine_argument(p):
    # f(2x - 1 + k) has its kink where 2x - 1 + k = k, i.e. at x = 0.5; for
    # min and max, f(2x - 1 + k, k) has it where the arguments tie.
    k = p.kinks[0]
    inner = f"2*x-1+{k!r}"
    text = f"{p.name}({inner})" if p.arity == 1 else f"{p.name}({inner}, {k!r})"
    assert get(text).kink_points == (0.5,)


# ---------------------------------------------------------------- the prose lists


def test_the_readme_lists_the_primitives():
    constants = ", ".join(f"`{c.name}`" for c in CONSTANTS)
    binary = "/".join(f"`{n}`" for n in names(arity=2))
    sentence = (
        f"A formula may use numbers, `x`, {constants}, `+ - * / **`, parentheses, "
        f"`{help_text(arity=1)}`, {binary} of two arguments, and every catalogue function"
    )
    assert sentence in _squash(README)


def test_the_plot_help_lists_the_primitives(run):
    constants = ", ".join(c.name for c in CONSTANTS)
    listed = f"numbers, x, {constants}, + - * / **, {help_text()}, and every catalogue function."
    result = run(["--help"])
    assert result.exit_code == 0
    assert listed in _squash(result.stdout)


# ---------------------------------------------------------------- what formula/ imports

FORMULA = ROOT / "actplot" / "formula"
ALLOWED = ("numpy", "actplot.catalogue", "actplot.formula")


def _imports(nodes) -> list[str]:
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


@pytest.mark.parametrize("path", sorted(FORMULA.glob("*.py")), ids=lambda p: p.name)
def test_formula_imports_only_numpy_the_catalogue_and_itself(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = _imports(tree.body)
    nested = set(_imports(ast.walk(tree))) - set(top)
    for name in top:
        root = name.split(".")[0]
        assert root in sys.stdlib_module_names or name.startswith(ALLOWED), name
    for name in nested:  # scipy only when used
        assert name.split(".")[0] == "scipy" or name.startswith(ALLOWED), name
