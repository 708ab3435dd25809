"""Exact differences (issue 14): A - B and A' - B', against mpmath.

The difference is checked against mpmath's (the independent reference in
mpmath_reference.py) to within the resolution the library reports, far into
the tails where the two float64 values round to the same number; the odd-part
declarations it relies on are checked over the whole catalogue.
"""

from __future__ import annotations

import mpmath
import mpmath_reference as ref
import numpy as np
import pytest
from mpmath import mp, mpf

import actplot
from actplot.analysis.difference import VALUE_TOLERANCE, difference, unresolved_intervals
from actplot.analysis.sampling import grid
from actplot.catalogue import CATALOGUE, lookup

IDS = [e.name for e in CATALOGUE]
GELU, GELU_TANH = actplot.get("gelu"), actplot.get("gelu_tanh")


def _true_delta(x: float, derivative: bool = False) -> float:
    # Each value at 400 digits: at x = 35 they agree to ~270 digits.
    which = "derivative" if derivative else "value"

    def at(name: str) -> mpf:
        return ref._evaluate(getattr(ref.REFERENCES[name], which), x, None, 400)

    with mp.workdps(400):
        return float(at("gelu") - at("gelu_tanh"))


def test_gelu_minus_gelu_tanh_maximum_is_4_73e_4_at_2_70():
    result = difference(GELU, GELU_TANH, grid(-6, 6))
    assert abs(abs(result.maximum.value) - 4.73e-4) <= 1e-6
    assert abs(abs(result.maximum.x) - 2.70) <= 0.01


def test_the_maximum_is_the_true_one():
    # Where (gelu - gelu_tanh)' = 0, by mpmath, near 2.7.
    def slope(x):
        return ref.derivative("gelu", x) - ref.derivative("gelu_tanh", x)

    with mp.workdps(40):
        at = mpmath.findroot(slope, mpf(2.7))
        size = abs(ref.value("gelu", at) - ref.value("gelu_tanh", at))
    result = difference(GELU, GELU_TANH, grid(0, 6))
    assert result.maximum.x == pytest.approx(float(at), abs=1e-6)
    assert abs(result.maximum.value) == pytest.approx(float(size), rel=1e-10)


@pytest.mark.parametrize("derivative", [False, True], ids=["f", "f'"])
def test_difference_is_exact_to_its_resolution_far_into_the_tails(derivative):
    x = np.concatenate([np.linspace(-35, 35, 141), [-1e-3, -1e-5, 1e-5, 1e-3, 9.5, 20.0]])
    x.sort()
    result = difference(GELU, GELU_TANH, x)
    delta = result.d_delta if derivative else result.delta
    res = result.d_resolution if derivative else result.resolution
    for xi, d, r in zip(x, delta, res, strict=True):
        true = _true_delta(float(xi), derivative)
        assert abs(d - true) <= r, (xi, d, true, r)
    # Far right both values round to x (or 1): the direct subtraction gives 0,
    # the mirrored one the true difference to 1e-10 relative.
    at = np.flatnonzero(x == 20.0)[0]
    assert float(GELU(20.0)) - float(GELU_TANH(20.0)) == 0.0
    true = _true_delta(20.0, derivative)
    assert true != 0 and delta[at] == pytest.approx(true, rel=1e-10)


def test_below_resolution_only_where_the_truth_is():
    x = grid(-6, 6)
    result = difference(GELU, GELU_TANH, x)
    spans = unresolved_intervals(x, result.unresolved)
    assert len(spans) == 1  # 3.3e-4 x^4 against 1e-12 |x|, on a grid of step 0.001
    assert spans[0] == pytest.approx((-0.001, 0.001), abs=1e-15)
    for xi in (-0.001, 0.0, 0.001):
        assert abs(_true_delta(xi)) <= 2 * VALUE_TOLERANCE * 2 * abs(xi) + 1e-300
    assert abs(_true_delta(0.002)) > 2e-12 * 0.002


def test_relative_difference():
    b = actplot.get("x*sigmoid(1.702*x)")
    x = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    result = difference(GELU, b, x, relative=True)
    with np.errstate(invalid="ignore"):  # 0/0 at x = 0
        expected = (GELU(x) - b(x)) / np.abs(b(x))
    ok = x != 0
    np.testing.assert_allclose(result.delta[ok], expected[ok], rtol=1e-9)
    assert np.isnan(result.delta[~ok]).all() and not result.unresolved[~ok].any()


# ---------------------------------------------------------------- odd parts


def _odd_part(act, x):
    return act(x) - act(-x)


@pytest.mark.parametrize("name", IDS)
def test_odd_slope_is_declared_exactly_where_the_odd_part_is_linear(name):
    act = lookup(name)
    x = np.concatenate([np.linspace(0.01, 30, 3000), [1e-8, 1e3, 1e8]])
    with np.errstate(all="ignore"):
        odd = _odd_part(act, x)
        scale = np.abs(act(x)) + np.abs(act(-x))
    if act.odd_slope is None:
        # Not declared: f(x) - f(-x) is not c x for the c fitted at x = 1.
        c = float(_odd_part(act, np.array([1.0]))[0])
        ok = np.isfinite(odd) & np.isfinite(scale)
        assert not np.all(np.abs(odd[ok] - c * x[ok]) <= 1e-9 * (scale[ok] + abs(c) * x[ok])), name
        return
    # Declared: exact to the kernels' bar (1e-12 relative) everywhere.
    c = act.odd_slope(act.values)
    assert np.all(np.abs(odd - c * x) <= 1e-12 * (scale + abs(c) * x) + 1e-300), name
    # And f'(x) + f'(-x) = c, away from kinks.
    xs = x[~np.isin(x, act.kink_points) & ~np.isin(-x, act.kink_points)]
    g = act.derivative(xs) + act.derivative(-xs)
    gscale = np.abs(act.derivative(xs)) + np.abs(act.derivative(-xs))
    assert np.all(np.abs(g - c) <= 1e-12 * (gscale + abs(c))), name


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("leaky_relu", {"alpha": 0.3}),
        ("swish", {"beta": 2.0}),
        ("softplus", {"beta": 0.5}),
        ("snake", {"a": 3.0}),
    ],
)
def test_odd_slope_at_other_parameters(name, params):
    act = actplot.get(name, **params)
    x = np.linspace(0.01, 20, 500)
    c = act.odd_slope(act.values)
    scale = np.abs(act(x)) + np.abs(act(-x))
    assert np.all(np.abs(_odd_part(act, x) - c * x) <= 1e-12 * (scale + abs(c) * x))


# ---------------------------------------------------------------- the command


def test_cli_diff_prints_the_maximum(run, tmp_path):
    out = tmp_path / "d.png"
    result = run(["diff", "gelu", "gelu_tanh", "-r", "-6", "6", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("max |gelu − gelu_tanh| = 0.000473236 at x = ")
    x = float(first.split("at x = ")[1].split()[0])
    assert abs(abs(x) - 2.70) <= 0.01
    assert "below float64 resolution: [-0.001, 0.001]" in result.stdout
    assert result.stdout.splitlines()[-1] == str(out) and out.is_file()


def test_cli_diff_csv(run, tmp_path):
    out = tmp_path / "d.csv"
    result = run(
        [
            "diff",
            "gelu",
            "x*sigmoid(1.702*x)",
            "--relative",
            "-r",
            "-3",
            "3",
            "--points",
            "61",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.stderr
    header, *rows = out.read_text().splitlines()
    assert header == (
        "x,gelu,x*sigmoid(1.702*x),relative_delta,relative_delta_resolution,"
        "d_relative_delta,d_relative_delta_resolution"
    )
    assert len(rows) == 61


def test_diff_figure_line_data():
    from actplot.render.diff import diff_figure
    from actplot.render.spec import FigureSpec

    x = grid(-6, 6)
    result = difference(GELU, GELU_TANH, x)
    fig = diff_figure(result, FigureSpec())
    top, bottom = fig.axes[:2]
    solid = next(ln for ln in top.get_lines() if ln.get_label() == "GELU − GELU (tanh approx.)")
    np.testing.assert_array_equal(solid.get_ydata(), result.delta)
    marker = [ln for ln in top.get_lines() if ln.get_marker() == "o"]
    assert [float(ln.get_xdata()[0]) for ln in marker] == [result.maximum.x, result.d_maximum.x]
    assert any("max 0.000473" in t.get_text() for t in top.texts)
    assert bottom.get_yscale() == "log"
    floor = next(ln for ln in bottom.get_lines() if ln.get_label().startswith("resolution"))
    np.testing.assert_array_equal(floor.get_ydata()[x != 0], result.resolution[x != 0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff", "gelu"], "diff compares two functions, A and B; got 1"),
        (["diff", "gelu", "relu", "tanh"], "got 3"),
        (["diff", "elu", "relu", "-p", "alpha=1,2"], "-p makes 3 of them"),
        (["diff", "gelu", "nosuch"], "unknown activation 'nosuch'"),
        (["diff", "gelu", "relu", "-o", "d.txt"], "not supported"),
    ],
)
def test_bad_diff_input_is_one_line(run, tmp_path, args, message):
    result = run(args, cwd=tmp_path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_diff_help_has_an_example(run):
    result = run(["diff", "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout
    assert "actplot diff gelu gelu_tanh -r -6 6 -o d.png" in result.stdout
