"""Formula activations: values and exact derivatives against mpmath, rendering,
parameters, kinks and undefined regions.

The mpmath references are written here from the mathematics, independently
of actplot's kernels, and evaluated at 50 digits; derivatives come from
``mpmath.diff`` at that precision.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import actplot
import actplot.catalogue as catalogue
from actplot.formula import (
    FormulaError,
    from_formula,
    get,
    is_formula,
    named,
    undefined_intervals,
    undefined_where,
)
from actplot.formula.display import to_text
from actplot.formula.parse import parse

mp = mpmath.mp


# ---------------------------------------------------------------- mpmath references


def m_sigmoid(t):
    return 1 / (1 + mpmath.exp(-t))


def m_softplus(t):
    return mpmath.log(1 + mpmath.exp(t))


def m_gelu(t):
    return t * mpmath.ncdf(t)


def m_relu(t):
    return t if t > 0 else mpmath.mpf(0)


def m_elu(t, alpha):
    return t if t > 0 else alpha * (mpmath.exp(t) - 1)


def m_leaky(t, alpha):
    return t if t >= 0 else alpha * t


# (formula, parameter values, mpmath reference f(t, **values), points)
WIDE = (-2.7, -1.3, -0.45, 0.35, 0.8, 1.6, 3.1)
POSITIVE = (0.2, 0.7, 1.3, 2.2, 3.9)
CASES = [
    ("x*sigmoid(1.702*x)", {}, lambda t: t * m_sigmoid(mpmath.mpf("1.702") * t), WIDE),
    ("x*tanh(softplus(x))", {}, lambda t: t * mpmath.tanh(m_softplus(t)), WIDE),
    ("gelu(x)-relu(x)", {}, lambda t: m_gelu(t) - m_relu(t), WIDE),
    ("x*sigmoid(x)", {}, lambda t: t * m_sigmoid(t), WIDE),
    (
        "log1p(exp(beta*x))/beta",
        {"beta": 2.0},
        lambda t, beta: mpmath.log(1 + mpmath.exp(beta * t)) / beta,
        WIDE,
    ),
    ("x/(1+abs(x))", {}, lambda t: t / (1 + abs(t)), WIDE),
    ("x*sigmoid(b*x)", {"b": 1.5}, lambda t, b: t * m_sigmoid(b * t), WIDE),
    ("swish(x, beta=k)", {"k": 0.7}, lambda t, k: t * m_sigmoid(k * t), WIDE),
    ("tanh(x)**2", {}, lambda t: mpmath.tanh(t) ** 2, WIDE),
    ("x*erf(x/sqrt(2))", {}, lambda t: t * mpmath.erf(t / mpmath.sqrt(2)), WIDE),
    (
        "(x+sqrt(x**2+b))/2",
        {"b": 4.0},
        lambda t, b: (t + mpmath.sqrt(t**2 + b)) / 2,
        WIDE,
    ),
    ("exp(-x**2)", {}, lambda t: mpmath.exp(-(t**2)), WIDE),
    ("sin(x)/x", {}, lambda t: mpmath.sin(t) / t, WIDE),
    ("x*arctan(x)", {}, lambda t: t * mpmath.atan(t), WIDE),
    ("log(1+x**2)", {}, lambda t: mpmath.log(1 + t**2), WIDE),
    (
        "(exp(a*x)-exp(-x))/(exp(x)+exp(-x))",
        {"a": 0.5},
        lambda t, a: (mpmath.exp(a * t) - mpmath.exp(-t)) / (mpmath.exp(t) + mpmath.exp(-t)),
        WIDE,
    ),
    ("expm1(x)/x", {}, lambda t: mpmath.expm1(t) / t, WIDE),
    ("x**3-2*x", {}, lambda t: t**3 - 2 * t, (-2.7, -0.45, 0.35, 3.1)),
    ("2**x*cosh(x/3)", {}, lambda t: 2**t * mpmath.cosh(t / 3), WIDE),
    ("x**2.5+x*log(x)", {}, lambda t: t ** mpmath.mpf(2.5) + t * mpmath.log(t), POSITIVE),
    ("x**x", {}, lambda t: t**t, POSITIVE),
    (
        "arcsin(x/4)+arccos(x/5)*sinh(x)",
        {},
        lambda t: mpmath.asin(t / 4) + mpmath.acos(t / 5) * mpmath.sinh(t),
        WIDE,
    ),
    (
        "elu(x, alpha=0.5)+leaky_relu(x, 0.1)",
        {},
        lambda t: m_elu(t, mpmath.mpf("0.5")) + m_leaky(t, mpmath.mpf("0.1")),
        WIDE,
    ),
    (
        "max(x, 0.2*x)+min(sigmoid(x), 0.6)",
        {},
        lambda t: max(t, mpmath.mpf("0.2") * t) + min(m_sigmoid(t), mpmath.mpf("0.6")),
        WIDE,
    ),
    ("erfc(x)*cos(x)-sqrt(2)", {}, lambda t: mpmath.erfc(t) * mpmath.cos(t) - mpmath.sqrt(2), WIDE),
    ("softsign(2*x)+tan(x/3)", {}, lambda t: 2 * t / (1 + abs(2 * t)) + mpmath.tan(t / 3), WIDE),
    ("1/(1+exp(-x))**2", {}, lambda t: 1 / (1 + mpmath.exp(-t)) ** 2, WIDE),
    ("pi*x-e**(x/3)", {}, lambda t: mpmath.pi * t - mpmath.e ** (t / 3), WIDE),
    ("-x*sigmoid(-x)", {}, lambda t: -t * m_sigmoid(-t), WIDE),
    ("gelu(x)*tanh(x)+x", {}, lambda t: m_gelu(t) * mpmath.tanh(t) + t, WIDE),
]
FORMULAS = [case[0] for case in CASES]


def _well_conditioned(value) -> bool:
    """Far enough from a zero that 1e-12 relative is a fair demand."""
    return abs(value) > 0.05


def _skip_unwritten(act):
    """Colleagues fill the catalogue's kernels; skip while one is missing."""
    try:
        act(np.array([0.5]))
        act.derivative(np.array([0.5]))
    except NotImplementedError as error:
        pytest.skip(str(error))


def test_there_are_at_least_20_formulas():
    assert len(CASES) >= 20
    assert len(set(FORMULAS)) == len(FORMULAS)


@pytest.mark.parametrize(("text", "values", "ref", "points"), CASES, ids=FORMULAS)
def test_values_and_derivatives_match_mpmath(text, values, ref, points):
    act = get(text, **values)
    _skip_unwritten(act)
    x = np.array(points)
    f, df = act(x), act.derivative(x)
    checked = 0
    with mpmath.workdps(50):
        for xi, fi, dfi in zip(x, f, df, strict=True):
            t = mpmath.mpf(float(xi))
            params = {k: mpmath.mpf(v) for k, v in values.items()}
            want_f = ref(t, **params)
            want_df = mpmath.diff(lambda s, params=params: ref(s, **params), t)
            if _well_conditioned(want_f):
                assert abs(fi - want_f) <= 1e-12 * abs(want_f), (text, xi, fi, want_f)
                checked += 1
            if _well_conditioned(want_df):
                assert abs(dfi - want_df) <= 1e-12 * abs(want_df), (text, xi, dfi, want_df)
                checked += 1
    assert checked >= len(points)  # most points are well-conditioned


def test_catalogue_functions_keep_their_stable_kernels_far_out():
    act = get("sigmoid(x)*x")
    x = np.array([-800.0, -40.0, 40.0, 800.0])
    with mpmath.workdps(50):
        for xi, fi, dfi in zip(x, act(x), act.derivative(x), strict=True):
            t = mpmath.mpf(float(xi))
            want_df = m_sigmoid(t) + t * m_sigmoid(t) * (1 - m_sigmoid(t))
            assert abs(fi - t * m_sigmoid(t)) <= 1e-12 * abs(t * m_sigmoid(t)) + 1e-300
            assert abs(dfi - want_df) <= 1e-12 * abs(want_df) + 1e-300


# ---------------------------------------------------------------- the record


def test_get_returns_an_activation_like_any_other():
    act = actplot.get("x*sigmoid(x)")
    assert isinstance(act, catalogue.Activation)
    assert act.name == "x*sigmoid(x)"
    assert act.formula == r"x\,\sigma(x)"
    assert act.label == r"$x\,\sigma(x)$"
    assert act.params == ()
    assert float(act(0.0)) == 0.0
    assert float(act.derivative(0.0)) == 0.5


def test_catalogue_names_come_first():
    assert actplot.get("relu") == catalogue.get("relu")
    assert actplot.get("exp").name == "exponential"  # an alias, not exp(x)
    assert actplot.get("Leaky-ReLU", alpha=0.2).values["alpha"] == 0.2


def test_the_catalogue_get_stays_catalogue_only():
    with pytest.raises(catalogue.UnknownActivationError):
        catalogue.get("x*sigmoid(x)")


def test_an_unknown_plain_name_is_still_a_lookup_error_with_suggestions():
    with pytest.raises(LookupError, match="did you mean sigmoid"):
        actplot.get("sigmod")


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("x", True),
        ("2*x", True),
        ("max(x, 0)", True),
        ("relux", False),
        ("softmax", False),
        ("Leaky ReLU", False),
        ("().__class__", True),  # not a name: reported as bad syntax
    ],
)
def test_what_counts_as_a_formula(spec, expected):
    assert is_formula(spec) is expected


def test_a_formula_without_x_is_an_error():
    with pytest.raises(FormulaError, match="must contain x"):
        get("2*t")


def test_an_unknown_function_suggests_close_names():
    with pytest.raises(FormulaError, match=r"unknown function at column 3: 'sigmod'.*sigmoid"):
        get("x*sigmod(x)")
    with pytest.raises(FormulaError, match="expm1"):
        get("expm(x)")


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("x * sigmoid( 1.702*x )", "x*sigmoid(1.702*x)"),
        ("LeakyReLU(x)", "leaky_relu(x)"),
        ("(x)", "x"),
        ("((x+1))*(x-(1-x))", "(x+1)*(x-(1-x))"),
        ("-x**2", "-x**2"),
        ("(-x)**2", "(-x)**2"),
        ("x**(y**z)", "x**y**z"),
        ("(x**y)**z", "(x**y)**z"),
        ("x*-y", "x*(-y)"),
        ("x/(y*z)", "x/(y*z)"),
        ("elu(x, 0.5)", "elu(x, alpha=0.5)"),
        ("0x10*x", "16*x"),
        ("1_000*x", "1000*x"),
    ],
)
def test_names_are_normalised(text, normal):
    assert get(text).name == normal
    assert parse(normal) == parse(text)  # the normal text means the same tree


@pytest.mark.parametrize("text", FORMULAS)
def test_the_plain_text_parses_back_to_the_same_tree(text):
    tree = parse(text)
    assert parse(to_text(tree)) == tree


def test_named_gives_a_display_name():
    act = named(get("x*tanh(softplus(x))"), "my mish")
    assert (act.name, act.label) == ("my mish", "my mish")
    assert act.formula == r"x\,\tanh(\mathrm{Softplus}(x))" or "softplus" in act.formula.lower()


# ---------------------------------------------------------------- mathtext


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("x*sigmoid(1.702*x)", r"x\,\sigma(1.702x)"),
        ("log1p(exp(beta*x))/beta", r"\frac{\log(1+e^{\beta x})}{\beta}"),
        ("x/(1+abs(x))", r"\frac{x}{1+\left|x\right|}"),
        ("2*x", "2x"),
        ("x*2", r"x\cdot 2"),
        ("pi*x", r"\pi x"),
        ("1e-5*x", "10^{-5}x"),
        ("-x**2", "-x^{2}"),
        ("(x+1)**2", "(x+1)^{2}"),
        ("x*(x+1)", r"x\,(x+1)"),
        ("sqrt(x)", r"\sqrt{x}"),
        ("lambd*x", r"\lambda x"),
    ],
)
def test_mathtext(text, tex):
    assert get(text).formula == tex


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("x*sigmoid(1.702*x)", r"\sigma(1.702x)+1.702x\,\sigma'(1.702x)"),
        ("log1p(exp(beta*x))/beta", r"\frac{e^{\beta x}}{1+e^{\beta x}}"),
        ("x**3-2*x", "3x^{2}-2"),
        ("x**x", r"x^{x}\,(\log(x)+1)"),
        ("exp(-x**2)", r"-2x\,e^{-x^{2}}"),
        ("gelu(x)-relu(x)", r"\mathrm{GELU}'(x)-\mathrm{ReLU}'(x)"),
        ("abs(x)", r"\mathrm{sgn}(x)"),
        ("max(x, 0.2*x)", r"\frac{d}{dx}\left[\max(x, 0.2x)\right]"),
    ],
)
def test_the_derivative_is_shown_as_a_formula(text, tex):
    assert get(text).derivative_formula == tex


def test_a_long_derivative_is_shown_as_d_dx():
    act = get("+".join(f"sin({k}*x)*cos(x**{k})" for k in range(2, 12)))
    assert act.derivative_formula.startswith(r"\frac{d}{dx}\left[")


def _displayable(node) -> bool:
    from actplot.formula.tree import Call, walk

    return not any(
        isinstance(n, Call) and (n.prime or n.name in ("sign", "d/dx")) for n in walk(node)
    )


@pytest.mark.parametrize(("text", "values", "ref", "points"), CASES, ids=FORMULAS)
def test_the_shown_derivative_evaluates_to_the_computed_one(text, values, ref, points):
    from actplot.formula.derivative import differentiate
    from actplot.formula.evaluate import derivative, evaluate

    tree = differentiate(parse(text))
    if not _displayable(tree):
        pytest.skip("shows a catalogue derivative or sgn, which evaluate() does not know")
    x = np.array(points)
    env = {k: np.float64(v) for k, v in values.items()}
    with np.errstate(all="ignore"):
        shown = np.broadcast_to(evaluate(tree, x, env), x.shape)
        computed = derivative(parse(text), x, env)
    np.testing.assert_allclose(shown, computed, rtol=1e-9, atol=1e-12)


_TEX_CORPUS = [
    *FORMULAS,
    "x**-1",
    "exp(x)**2",
    "expm1(x)*2",
    "2.5e3*x+x0*k_1",
    "max(x, -x)/min(x, 1)",
    "leaky_relu(x, alpha=a)*hardtanh(x, -2, 2)",
    "(x/(1+x))**(1/(2+x))",
    "erf(x)*erfc(x)*arccos(x)",
    *(f"{name}(2*x-1)" for name in catalogue.names()),
]


@pytest.mark.parametrize("text", _TEX_CORPUS)
def test_mathtext_is_parseable_by_matplotlib(text):
    from matplotlib.mathtext import MathTextParser

    act = get(text)
    parser = MathTextParser("path")
    parser.parse(f"${act.formula}$")
    parser.parse(f"${act.derivative_formula}$")
    parser.parse(act.label)


# ---------------------------------------------------------------- parameters


def test_free_names_are_parameters_unset_until_given():
    act = get("log1p(exp(beta*x))/beta")
    (beta,) = act.params
    assert (beta.name, beta.symbol, beta.tex) == ("beta", "β", r"\beta")
    assert math.isnan(beta.default) and math.isnan(act.values["beta"])
    assert beta.describe_range() == "any finite number"
    with pytest.raises(FormulaError, match="parameter beta .* not set"):
        act(1.0)


def test_parameters_are_set_by_keyword():
    act = get("log1p(exp(beta*x))/beta", beta=2)
    assert act.values["beta"] == 2.0
    assert float(act(0.0)) == pytest.approx(math.log(2) / 2)
    assert act.with_params(beta=5).values["beta"] == 5.0
    assert act.title == r"$\frac{\log(1+e^{\beta x})}{\beta}$ (β=2)"


def test_fn_and_grad_take_parameter_values_like_kernels():
    act = get("x*sigmoid(beta*x)")
    x = np.linspace(-3, 3, 7)
    np.testing.assert_array_equal(act.fn(x, beta=2.0), get("x*sigmoid(2*x)")(x))
    np.testing.assert_array_equal(act.grad(x, beta=2.0), get("x*sigmoid(2*x)").derivative(x))


def test_bad_parameter_values_are_refused():
    act = get("a*x")
    with pytest.raises(ValueError, match="no parameter 'b'"):
        act.with_params(b=1)
    with pytest.raises(FormulaError, match="no parameter 'b'"):
        act.fn(np.ones(2), a=1.0, b=2.0)
    with pytest.raises(ValueError, match="out of range"):
        act.with_params(a=math.inf)


def test_catalogue_parameters_inside_a_formula_are_checked():
    with pytest.raises(FormulaError, match="min_val"):
        get("hardtanh(x, 1, -1)")
    with pytest.raises(ValueError, match="beta"):
        get("softplus(x, beta=k)", k=-1.0)
    assert get("softplus(x, beta=k)", k=2.0).values == {"k": 2.0}
    with pytest.raises(FormulaError, match="must not depend on x"):
        get("leaky_relu(x, alpha=x)")
    with pytest.raises(FormulaError, match="unknown parameter at column 8: 'beta'"):
        get("elu(x, beta=1)")


# ---------------------------------------------------------------- kinks


@pytest.mark.parametrize(
    ("text", "values", "kinks"),
    [
        ("x*sigmoid(x)", {}, ()),
        ("relu(x)", {}, (0.0,)),
        ("relu(2*x-1)", {}, (0.5,)),
        ("abs(x+3)", {}, (-3.0,)),
        ("max(x, 2-x)", {}, (1.0,)),
        ("hardtanh(x/2)", {}, (-2.0, 2.0)),
        ("relu(x/s-1)*x", {"s": 4.0}, (4.0,)),
        ("hardtanh(x, -k, k)", {"k": 3.0}, (-3.0, 3.0)),
        ("relu(x)+relu(-x+1)", {}, (0.0, 1.0)),
        # Not affine: found by bisection where the argument crosses the kink.
        ("max(x, x**2)", {}, (0.0, 1.0)),
        ("relu(x**2-1)", {}, (-1.0, 1.0)),
        ("relu(x**2)", {}, ()),  # touches 0 without crossing: smooth
        ("hardtanh(3*tanh(x))", {}, (-math.atanh(1 / 3), math.atanh(1 / 3))),
        ("abs(x**3-c)", {"c": 2.0}, (2 ** (1 / 3),)),
    ],
)
def test_kinks_are_found_through_the_argument(text, values, kinks):
    act = get(text, **values)
    assert act.kink_points == pytest.approx(kinks)


def test_the_derivative_at_a_kink_is_the_right_hand_value():
    act = get("abs(x-1)+max(x, 0.5*x)")
    assert float(act.derivative(1.0)) == 1.0 + 1.0
    assert float(act.derivative(0.0)) == -1.0 + 1.0


# ---------------------------------------------------------------- numerics


@pytest.mark.parametrize(
    "text",
    ["log(x)", "1/x", "x**x", "exp(exp(x))", "x*9**9**9", "sqrt(-x)/x", "arcsin(x)*log(-x)"],
)
def test_evaluation_never_warns_and_restores_the_error_state(text):
    before = np.geterr()
    act = get(text)
    x = np.concatenate([np.linspace(-1e3, 1e3, 2001), [0.0, -0.0, 1e-320, 1e308]])
    act(x), act.derivative(x)  # filterwarnings=error turns any warning into a failure
    assert np.geterr() == before


def test_undefined_points_are_nan_and_reported():
    x = np.linspace(-5, 5, 1001)
    log = get("log(x)")
    assert np.isnan(log(-1.0)) and np.isnan(log.derivative(-1.0))
    assert undefined_where(log, x) == "x < 0"
    assert undefined_where(get("sqrt(1-x**2)"), x) == "x < -1 and x > 1"
    assert undefined_where(get("x/x"), x) == "x = 0"
    assert undefined_where(get("log(x**2-1)"), x) == "-1 < x < 1"
    assert undefined_where(get("log(-abs(x)-1)"), x) == "all of [-5, 5]"
    assert undefined_where(get("x*sigmoid(x)"), x) is None
    assert undefined_where(catalogue.get("sigmoid"), x) is None


def test_undefined_intervals_are_refined_to_the_boundary():
    (interval,) = undefined_intervals(get("sqrt(x-0.123)"), np.linspace(-1, 1, 11))
    assert interval == pytest.approx((-1.0, 0.123), abs=1e-5)


@pytest.mark.parametrize(
    "text", ["abs(log(x))", "log(x)+x", "log1p(x-1)*2+x", "x+log(-1)", "sqrt(x)+x", "x**0.5-x"]
)
def test_the_derivative_is_undefined_where_f_is(text):
    act = get(text)
    x = np.array([-2.0, -0.5])
    assert np.isnan(act(x)).all()
    assert np.isnan(act.derivative(x)).all()


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_shapes_are_kept(shape):
    x = np.full(shape, 0.5)
    for act in (get("2*x"), get("x*sigmoid(x)"), get("x+0*beta", beta=1.0)):
        assert act(x).shape == shape
        assert act.derivative(x).shape == shape
        assert act.derivative(x).dtype == np.float64


def test_a_constant_derivative_is_a_full_array():
    np.testing.assert_array_equal(get("3*x-1").derivative(np.zeros(4)), np.full(4, 3.0))


def test_scipy_is_imported_only_for_erf():
    import subprocess
    import sys

    code = (
        "import sys, actplot; a = actplot.get('x*sigmoid(x)'); a(1.0); a.derivative(1.0);"
        "print('scipy' in sys.modules, 'matplotlib' in sys.modules, 'click' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_from_formula_sets_parameters():
    assert from_formula("a*x", a=3).values == {"a": 3.0}
