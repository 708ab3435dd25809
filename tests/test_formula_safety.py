"""Hostile formulas: each is rejected quickly, pointedly, with nothing run.

While these tests run, ``eval`` and ``exec`` fail the test if called, and
``compile`` does unless it only builds a syntax tree (what ``ast.parse``
asks for); ``os.system`` is booby-trapped too.
"""

from __future__ import annotations

import ast
import builtins
import os

import numpy as np
import pytest

from actplot.formula import FormulaError, get
from actplot.formula.parse import MAX_LENGTH, parse


@pytest.fixture(autouse=True)
def nothing_is_evaluated(monkeypatch, tmp_path):
    # Importing a module execs its code: import what the tests need first
    # (tmp_path imports getpass; erf needs scipy.special).
    import scipy.special  # noqa: F401

    real_compile = builtins.compile

    def no_eval(*args, **kwargs):
        pytest.fail(f"eval/exec called with {args[:1]!r}")

    def ast_only(source, filename, mode, flags=0, *args, **kwargs):
        if not flags & ast.PyCF_ONLY_AST:
            pytest.fail(f"compile called on {source!r} to make code")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def no_system(command):
        pytest.fail(f"os.system({command!r}) called")

    monkeypatch.setattr(builtins, "eval", no_eval)
    monkeypatch.setattr(builtins, "exec", no_eval)
    monkeypatch.setattr(builtins, "compile", ast_only)
    monkeypatch.setattr(os, "system", no_system)


def _rejected(spec: str) -> str:
    """The one-line error for ``spec`` (the traps above fail the test if anything ran)."""
    with pytest.raises((FormulaError, LookupError)) as info:
        get(spec)
    message = str(info.value)
    assert "\n" not in message
    assert len(message) < 300
    return message


# (hostile input, what the message must contain)
HOSTILE = [
    ("__import__('os').system('echo pwned')", "column 1: '__import__'"),
    ("().__class__", "unsupported syntax at column 3: attribute access '.__class__'"),
    ("x.__class__", "column 2: attribute access '.__class__'"),
    ("x.__class__.__bases__[0].__subclasses__()", "column 2: attribute access '.__class__'"),
    ("x.real", "attribute access '.real'"),
    ("sigmoid.__globals__", "'.__globals__'"),
    ("[c for c in ().__class__.__base__.__subclasses__()]", "'.__class__'"),
    ("[x for x in (1, 2)]", "comprehensions"),
    ("{x: 1}", "dicts"),
    ("{x}", "sets"),
    ("(x, x)", "tuples"),
    ("x[0]", "subscripts"),
    ("lambda: x", "lambdas"),
    ("(lambda x: x)(x)", "column 2"),
    ("x if x else 1", "conditional expressions"),
    ("x and x", "boolean operators"),
    ("x < 1", "comparisons"),
    ("(y := x)", "assignment expressions"),
    ("'x'", "strings"),
    ("f'{x}'", "strings"),
    ("b'x'*x", "strings"),
    ("x*'a'", "column 3"),
    ("open('x')", "unknown function at column 1: 'open'"),
    ("eval('x')", "unknown function at column 1: 'eval'"),
    ("exec('x')", "unknown function"),
    ("getattr(x, 'y')", "unknown function"),
    ("globals()['x']", "subscripts"),
    ("breakpoint(x)", "unknown function"),
    ("print(x)", "unknown function"),
    ("x*__debug__", "column 3: '__debug__'"),
    ("__builtins__*x", "'__builtins__'"),
    ("_x*x", "names starting with '_'"),
    ("x.__add__(x)", "'.__add__'"),
    ("sigmoid(x)(x)", "only named functions"),
    ("sigmoid(*x)", "starred"),
    ("elu(x, **{'alpha': 1})", "** arguments"),
    ("x % 2", "'%'"),
    ("x // 2", "'//'"),
    ("x @ x", "'@'"),
    ("x ^ 2", "write ** for a power"),
    ("~x", "'~'"),
    ("not x", "'not'"),
    ("x << 2", "'<<'"),
    ("1j*x", "complex"),
    ("True*x", "bool"),
    ("None*x", "NoneType"),
    ("...*x", "ellipsis"),
    ("x; import os", "invalid syntax"),
    ("x\nimport os", "unexpected character at column 2"),
    ("x\x00", "unexpected character"),
    ("ｘ*2", "unexpected character at column 1"),  # full-width x: NFKC would make it x
    ("x×2", "unexpected character at column 2: '×'"),
    ("x = 1", "invalid syntax"),
    ("yield x", "invalid syntax"),
    ("await x", "await"),
    ("exp*x", "write exp(...)"),
    ("x(1)", "x is not a function"),
    ("exp(x, 2)", "exp takes exactly 1 argument"),
    ("relu(x, 1)", "relu takes x and at most its parameters (none)"),
    ("leaky_relu(x, alpha=x)", "must not depend on x"),
    ("9**9**9", "must contain x"),
    ("2**2**2**2**2**2*t", "must contain x"),
    ("x+" * (MAX_LENGTH // 2) + "x", "too long"),
    ("x" + "+x" * (MAX_LENGTH // 2 - 1), "too deeply nested"),
    ("(" * 60 + "x" + ")" * 60, "too deeply nested"),
    ("[" * 60 + "x" + "]" * 60, "too deeply nested"),
    ("-" * (MAX_LENGTH - 1) + "x", "too deeply nested"),
    ("x" + "**x" * 600, "too deeply nested"),
    ("1" * 1500 + "*x", "number too large"),
    ("", "empty formula"),
    ("   ", "empty formula"),
]


@pytest.mark.parametrize(("spec", "expected"), HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_hostile_input_is_rejected_fast_and_pointedly(spec, expected):
    message = _rejected(spec) if spec.strip() else str(_parse_error(spec))
    assert expected in message


def _parse_error(spec: str) -> FormulaError:
    with pytest.raises(FormulaError) as info:
        parse(spec)
    return info.value


def test_nothing_runs_even_when_the_syntax_would_run_a_command(tmp_path):
    marker = tmp_path / "pwned"
    for spec in (
        f"__import__('os').system('touch {marker}')",
        f"x*__import__('subprocess').call(['touch', '{marker}'])",
        f"x+open('{marker}', 'w').write('x')",
    ):
        _rejected(spec)
    assert not marker.exists()


def test_parse_is_instant_at_the_length_limit():
    spec = "+".join(["sigmoid(x)*x"] * 40)  # long, but within both limits
    assert len(spec) < MAX_LENGTH
    act = get(spec)
    assert float(act(0.0)) == 0.0


def test_legitimately_deep_nesting_is_accepted():
    act = get("sigmoid(" * 40 + "x" + ")" * 40)
    assert np.isfinite(act(1.0)) and np.isfinite(act.derivative(1.0))


def test_huge_powers_are_inf_in_float64_not_computed_in_python():
    # Python's int power would run for hours here; float64 gives inf at once.
    act = get("x*9**9**9")
    values = act(np.array([-1.0, 1.0]))
    np.testing.assert_array_equal(values, [-np.inf, np.inf])
    assert np.isinf(get("x**9**9**9")(2.0))


@pytest.mark.parametrize("spec", ["x*10**400", "1e999*x", "exp(1000)*x"])
def test_overflow_is_inf_without_warnings(spec):
    assert np.isinf(get(spec)(1.0))


def test_a_non_string_is_refused():
    with pytest.raises(FormulaError, match="must be text"):
        parse(42)  # type: ignore[arg-type]
