"""Every kernel against the mpmath reference, over the whole float64 line.

The bar is the catalogue's: relative error <= 1e-12 (absolute 1e-300 where the
true value underflows), inf only beyond float64's range, no NaN except where
the catalogue requires it, no RuntimeWarning. Near a zero of f (or f') where
the problem itself is ill-conditioned, the allowance grows with the condition
number |x g'(x) / g(x)| of the quantity g being computed.

Parametrized over ``CATALOGUE`` (a new entry is tested at its defaults for
free) and over ``NON_DEFAULT`` (parameter sets that exercise other branches).
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable

import mpmath
import mpmath_reference as ref
import numpy as np
import pytest
from mpmath import mp, mpf

import actplot
from actplot.catalogue import CATALOGUE

REL_TOL = 1e-12
ABS_TOL = 1e-300  # true values below this may underflow, subnormals included
FLOAT_MAX = sys.float_info.max

# Parameter sets besides the defaults: at least one per parametrized function.
NON_DEFAULT: list[tuple[str, dict[str, float]]] = [
    ("leaky_relu", {"alpha": 0.2}),
    ("leaky_relu", {"alpha": -0.5}),
    ("prelu", {"alpha": 0.1}),
    ("prelu", {"alpha": 3.0}),  # alpha x overflows near 1.7e308: no warning
    ("rrelu", {"lower": 0.1, "upper": 0.3}),
    ("rrelu", {"lower": -3.0, "upper": -1.0}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 2.0}),
    ("elu", {"alpha": -1e8}),  # alpha e^x far left: below 1e-300, not alpha e^-700
    ("celu", {"alpha": 0.5}),
    ("celu", {"alpha": -1.0}),
    ("celu", {"alpha": -2.0}),  # alpha (e^(x/alpha) - 1) overflows after e^
    ("swish", {"beta": 0.5}),
    ("swish", {"beta": 2.0}),
    ("softplus", {"beta": 2.0}),
    ("softplus", {"beta": 0.5}),
    ("softplus", {"beta": 1e-8}),  # ln(1 + e^-b|x|)/b far out: below 1e-300
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    ("softshrink", {"lambd": 0.0}),
    ("softshrink", {"lambd": 1.0}),
    ("hardshrink", {"lambd": 0.0}),
    ("hardshrink", {"lambd": 1.0}),
    ("isru", {"alpha": 3.0}),
    ("isrlu", {"alpha": 0.5}),
    ("squareplus", {"b": 1.0}),
    ("softexponential", {"alpha": -0.5}),
    ("softexponential", {"alpha": 0.0}),
    ("softexponential", {"alpha": 2.0}),
    ("softexponential", {"alpha": 1.0}),  # f = e^x: expm1(x) + 1 lost it far left
    ("softexponential", {"alpha": -1.0}),  # f' = 1/x past 1/5.6e-309: inf, no warning
    ("srelu", {"t_left": -2.0, "a_left": 0.2, "t_right": 3.0, "a_right": 0.5}),
    ("smht", {"a": 0.5, "b": 1.0, "c": 2.0, "d": 1.5}),
    ("smht", {"a": 1.0, "b": 1.0, "c": 1e-8, "d": 1e-8}),  # e^(kn - kd) > 1.8e308 > f
    ("smht", {"a": 0.0, "b": 0.0, "c": 1.0, "d": 1.0}),  # f = 0: so is f' (exactly)
    ("snake", {"a": 0.5}),
    ("snake", {"a": -2.0}),
    ("snake", {"a": 0.7}),  # a x rounded: tan(fl(a x)) is unrelated to tan(a x) at 1e300
    ("threshold", {"threshold": 1.0, "value": -2.0}),
]

CASES = [(e.name, {}) for e in CATALOGUE] + NON_DEFAULT


def _case_id(case: tuple[str, dict[str, float]]) -> str:
    name, params = case
    if not params:
        return name
    return f"{name}(" + ",".join(f"{k}={v:g}" for k, v in params.items()) + ")"


_SPECIAL = [s * m for m in (30, 100, 700, 710, 1000, 1e300) for s in (1, -1)]
_SPECIAL += [s * m for m in (5e-324, 1e-300, 1e-20, 1e-8) for s in (1, -1)]
# Geometric steps between the tiny and the dense: where x - tanh x and the
# like lose digits gradually (1e-3 is cancellation a grid of 0.02 misses).
_SPECIAL += [s * m for m in np.logspace(-15, 3, 37).tolist() for s in (1, -1)]
# And on to the top of the float64 line, where exponentials overflow.
_SPECIAL += [s * m for m in np.logspace(3, 300, 34).tolist() for s in (1, -1)]
# Odd count, so the grid also hits 0; step 0.02 keeps the file near 30 s
# (mpmath, one point at a time, is the cost).
_DENSE = np.linspace(-20.0, 20.0, 2001)


def _around(point: float) -> list[float]:
    """A point, its float neighbours, and points a little way off."""
    scale = max(1.0, abs(point))
    near = [point, np.nextafter(point, -np.inf), np.nextafter(point, np.inf)]
    for step in (1e-12, 1e-6, 1e-3):
        near += [point - step * scale, point + step * scale]
    return near


def _points(act: actplot.Activation) -> np.ndarray:
    special = [0.0, *_SPECIAL]
    for k in act.kink_points:
        special += _around(k)
    if act.name == "softexponential" and act.values["alpha"] < 0:
        alpha = act.values["alpha"]
        special += _around(1 / alpha - alpha)  # edge of the domain
    return np.unique(np.concatenate([_DENSE, np.array(special, dtype=np.float64)]))


def _evaluate(act: actplot.Activation, which: str, x: np.ndarray) -> np.ndarray:
    """One vectorised call with every floating-point warning an error.

    On a warning, find the first x that causes it, for a useful message.
    """
    fn = act if which == "value" else act.derivative

    def call(arg):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                return np.asarray(fn(arg))

    try:
        return call(x)
    except (FloatingPointError, RuntimeWarning) as whole:
        for xi in x:
            try:
                call(np.array([xi]))
            except (FloatingPointError, RuntimeWarning) as exc:
                pytest.fail(f"{_title(act)} {which} at x={xi!r} warns: {exc}")
        pytest.fail(f"{_title(act)} {which} warns on the array: {whole}")


def _show(true: mpf) -> str:
    text = mpmath.nstr(true, 17)
    return text if len(text) < 40 else text[:30] + "…"  # e^(1e300) has a long exponent


def _title(act: actplot.Activation) -> str:
    params = ", ".join(f"{k}={v!r}" for k, v in act.values.items())
    return f"{act.name}({params})" if params else act.name


def _condition(g: Callable[[mpf], mpf], dg: Callable[[mpf], mpf], x: float) -> mpf:
    """|x g'(x) / g(x)|: how much g's relative error may grow from x's ulp."""
    with mp.workdps(ref.working_dps(x)):
        gx = g(x)
        if gx == 0:
            return mpmath.inf
        return abs(mpf(x) * dg(x) / gx)


def _right_derivative(g: Callable[[mpf], mpf], x: float) -> mpf:
    """g'(x) numerically, one-sided (right-hand, as at a kink).

    The step is 2^-100 min(|x|, 1): mpmath.diff's default step is below the
    precision the reference evaluates g at for that x (g(x + h) rounded to
    g(x), and every derivative's condition number came out 0), and a step
    relative to a large x would be longer than a period of snake' there.
    """
    t = mpf(x)
    h = mpmath.ldexp(1, (min(mpmath.mag(t), 0) if t else 0) - 100)
    return mpmath.diff(g, t, direction=1, h=h)


def _mismatch(got: float, true: mpf, cond: Callable[[], mpf]) -> str | None:
    """None if ``got`` meets the bar for ``true``, else the reason."""
    if mpmath.isnan(true):
        return None if math.isnan(got) else "expected NaN (outside the domain)"
    if math.isnan(got):
        return "NaN"
    if mpmath.isinf(true):  # softexponential's domain edge: the limit, or NaN
        return None if got == float(true) else "expected the infinite limit"
    if math.isinf(got):
        if abs(true) > FLOAT_MAX and (got > 0) == (true > 0):
            return None
        return "inf where the true value is finite"
    err = abs(mpf(got) - true)
    if err <= ABS_TOL or err <= REL_TOL * abs(true):
        return None
    allowance = max(mpf(1), cond())
    if err <= REL_TOL * allowance * abs(true):
        return None
    return f"relative error {mpmath.nstr(err / abs(true), 3)}"


def _check(name: str, params: dict[str, float], which: str) -> None:
    act = actplot.get(name, **params)
    x = _points(act)
    got = _evaluate(act, which, x)
    assert got.shape == x.shape, f"{name}: shape {got.shape} for input {x.shape}"
    assert got.dtype == np.float64, f"{name}: dtype {got.dtype}"
    values = act.values

    def f(t):
        return ref.value(name, t, values)

    def df(t):
        return ref.derivative(name, t, values)

    failures = []
    for xi, gi in zip(x.tolist(), got.tolist(), strict=True):
        true = f(xi) if which == "value" else df(xi)
        if which == "value":
            cond = lambda xi=xi: _condition(f, df, xi)  # noqa: E731
        else:
            cond = lambda xi=xi: _condition(df, lambda t: _right_derivative(df, t), xi)  # noqa: E731
        problem = _mismatch(gi, true, cond)
        if problem:
            failures.append(f"  x={xi!r}: got {gi!r}, expected {_show(true)} ({problem})")
    if failures:
        shown = "\n".join(failures[:12])
        more = f"\n  … and {len(failures) - 12} more" if len(failures) > 12 else ""
        pytest.fail(
            f"{_title(act)} {which}: {len(failures)} of {x.size} points miss the bar\n{shown}{more}"
        )


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_value_matches_reference(case):
    _check(*case, "value")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_derivative_matches_reference(case):
    _check(*case, "derivative")


# ---------------------------------------------------------------- the reference


@pytest.mark.parametrize("name", [e.name for e in CATALOGUE])
def test_every_function_has_a_reference(name):
    assert name in ref.REFERENCES, f"{name}: add it to tests/mpmath_reference.py"


def test_no_reference_without_a_function():
    assert set(ref.REFERENCES) <= set(actplot.names())


def test_every_parametrized_function_has_a_non_default_case():
    covered = {name for name, _ in NON_DEFAULT}
    for entry in CATALOGUE:
        if entry.params:
            assert entry.name in covered, f"{entry.name}: add a NON_DEFAULT case"


_SMOOTH_POINTS = (-2.7, -0.9, -0.3, 0.4, 1.3, 2.9)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_reference_derivative_is_the_derivative(case):
    """The hand-derived derivatives agree with mpmath.diff of the values."""
    name, params = case
    act = actplot.get(name, **params)
    values = dict(act.values)
    fn = ref.REFERENCES[name].value
    for x in _SMOOTH_POINTS:
        if any(abs(x - k) < 0.05 for k in act.kink_points):
            continue
        true = ref.derivative(name, x, values)
        if mpmath.isnan(true):
            continue
        # The value 40 digits beyond its usual precision: f(x + h) - f(x) is
        # ~1e-44 while f itself may be large (softplus's ln 2/beta = 7e7 at
        # beta = 1e-8), so the usual precision would leave a few digits only.
        with mp.workdps(40):
            numeric = mpmath.diff(lambda t: ref._evaluate(fn, t, values, ref.BASE_DPS + 40), mpf(x))
        assert abs(numeric - true) <= mpf(10) ** -15 * max(1, abs(true)), (
            f"{_title(act)}: derivative reference at x={x} is "
            f"{mpmath.nstr(true, 20)}, mpmath.diff gives {mpmath.nstr(numeric, 20)}"
        )


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_reference_is_precise_at_the_extremes(case):
    """At the hard points, 100 more digits change nothing in the reference."""
    name, params = case
    act = actplot.get(name, **params)
    values = dict(act.values)
    points = [0.0, *_SPECIAL, *(p for k in act.kink_points for p in _around(k))]
    for kind in ("value", "derivative"):
        fn = getattr(ref.REFERENCES[name], kind)
        for x in points:
            low = ref._evaluate(fn, x, values, ref.BASE_DPS)
            high = ref._evaluate(fn, x, values, ref.BASE_DPS + 100)
            if mpmath.isnan(low) or mpmath.isinf(low):
                assert low == high or (mpmath.isnan(low) and mpmath.isnan(high))
                continue
            assert abs(low - high) <= mpf(10) ** -40 * abs(high) or abs(high) < mpf(10) ** -400, (
                f"{_title(act)} {kind} reference at x={x!r} is imprecise: "
                f"{mpmath.nstr(low, 20)} vs {mpmath.nstr(high, 20)}"
            )


def test_softexponential_is_nan_outside_its_domain():
    act = actplot.get("softexponential", alpha=-0.5)  # domain: x > -1.5
    x = np.array([-1e300, -20.0, -1.6, -1.5000000000000002])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            assert np.isnan(act(x)).all()
            assert np.isnan(act.derivative(x)).all()
