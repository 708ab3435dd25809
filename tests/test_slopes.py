"""Slope bounds (issue 14): [min f', max f'] over the real line and the Lipschitz constant.

Against mpmath (the extremum where f'' = 0, from the independent reference)
or closed forms for several functions, and for consistency over the whole
catalogue: no sampled f' lies outside the reported bounds.
"""

from __future__ import annotations

import json
import math
import re

import mpmath
import mpmath_reference as ref
import numpy as np
import pytest
from mpmath import mp, mpf

import actplot
from actplot.analysis.properties import compute
from actplot.analysis.slopes import slope_bounds
from actplot.catalogue import CATALOGUE, lookup

IDS = [e.name for e in CATALOGUE]
NON_DEFAULT = [
    ("leaky_relu", {"alpha": -0.5}),
    ("elu", {"alpha": 2.0}),
    ("swish", {"beta": 3.0}),
    ("softplus", {"beta": 0.5}),
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    ("snake", {"a": 0.5}),
    ("squareplus", {"b": 1.0}),
    ("srelu", {"t_left": -2.0, "a_left": -0.5, "t_right": 1.0, "a_right": 2.0}),
    ("smht", {"a": 2.0, "b": 1.0, "c": 0.5, "d": 1.0}),
    ("softexponential", {"alpha": -0.5}),
    ("celu", {"alpha": 0.5}),
]


def _extremum(name: str, guess: float) -> float:
    """f' at the root of f'' near ``guess``, by mpmath on the reference f'."""
    with mp.workdps(40):

        def curvature(x):
            return mpmath.diff(lambda t: ref.derivative(name, t), x)

        at = mpmath.findroot(curvature, mpf(guess), tol=mpf(10) ** -24)
        return float(ref.derivative(name, at))


@pytest.mark.parametrize(
    ("name", "low_guess", "high_guess"),
    [
        ("silu", -2.4, 2.4),
        ("gelu", -1.4, 1.4),
        ("gelu_tanh", -1.4, 1.4),
        ("mish", -2.2, 1.5),
        ("sinc", 2.1, -2.1),  # f' is odd: its minimum is right of 0
        ("lisht", -1.2, 1.2),
        ("quick_gelu", -1.4, 1.4),
    ],
)
def test_slope_range_against_mpmath(name, low_guess, high_guess):
    bounds = slope_bounds(lookup(name))
    assert bounds.low == pytest.approx(_extremum(name, low_guess), rel=1e-13)
    assert bounds.high == pytest.approx(_extremum(name, high_guess), rel=1e-13)
    assert bounds.lipschitz == max(abs(bounds.low), abs(bounds.high))


def test_silu_is_the_issues_example():
    bounds = slope_bounds(actplot.get("silu"))
    assert round(bounds.low, 4) == -0.0998 and round(bounds.high, 4) == 1.0998
    assert round(bounds.lipschitz, 4) == 1.0998


@pytest.mark.parametrize(
    ("name", "low", "high", "lipschitz"),
    [
        ("sigmoid", 0.0, 0.25, 0.25),
        ("tanh", 0.0, 1.0, 1.0),
        ("softsign", 0.0, 1.0, 1.0),
        ("relu", 0.0, 1.0, 1.0),
        ("leaky_relu", 0.01, 1.0, 1.0),
        ("hardswish", -0.5, 1.5, 1.5),  # (2x + 3)/6 on [-3, 3): sup 1.5 from the left
        ("hard_elish", (math.exp(-1) - 1) / 2, 1.5, 1.5),
        ("gaussian", -math.sqrt(2) * math.exp(-0.5), math.sqrt(2) * math.exp(-0.5), None),
        ("selu", 0.0, 1.0507009873554805 * 1.6732632423543772, None),
        ("snake", 0.0, 2.0, 2.0),  # 1 + sin 2x: its 0 is met at irrational points
        ("bent_identity", 0.5, 1.5, 1.5),
        ("binary_step", 0.0, 0.0, math.inf),  # f jumps: no Lipschitz constant
        ("hardshrink", 0.0, 1.0, math.inf),
        ("threshold", 0.0, 1.0, math.inf),
        ("exponential", 0.0, math.inf, math.inf),
        ("relu_squared", 0.0, math.inf, math.inf),
        ("hard_sigmoid_keras2", 0.0, 0.2, 0.2),
    ],
)
def test_slope_range_closed_forms(name, low, high, lipschitz):
    bounds = slope_bounds(lookup(name))
    assert bounds.low == pytest.approx(low, rel=1e-14, abs=1e-300)
    assert bounds.high == pytest.approx(high, rel=1e-14)
    expected = max(abs(low), abs(high)) if lipschitz is None else lipschitz
    assert bounds.lipschitz == pytest.approx(expected, rel=1e-14)


def _cases():
    return [(e.name, {}) for e in CATALOGUE] + NON_DEFAULT


@pytest.mark.parametrize(("name", "params"), _cases(), ids=[f"{n}{p or ''}" for n, p in _cases()])
def test_no_sampled_slope_lies_outside_the_bounds(name, params):
    act = actplot.get(name, **params)
    bounds = slope_bounds(act)
    rng = np.random.default_rng(14)
    x = np.concatenate(
        [
            np.linspace(-60, 60, 240001),
            rng.normal(0, 5, 20000),
            10.0 ** rng.uniform(-300, 300, 2000) * rng.choice([-1, 1], 2000),
            [k + d for k in act.kink_points for d in (-1e-9, 0.0, 1e-9)],
        ]
    )
    with np.errstate(all="ignore"):  # NaN outside softexponential's domain
        g = act.derivative(x)
    g = g[np.isfinite(g)]
    tol = 1e-12 * max(1.0, abs(bounds.low), abs(bounds.high) if math.isfinite(bounds.high) else 1)
    assert g.min() >= bounds.low - tol, (g.min(), bounds)
    assert g.max() <= bounds.high + tol, (g.max(), bounds)
    # And they are tight: the samples come within 1e-3 of both.
    assert g.min() <= bounds.low + 1e-3 * max(1.0, abs(bounds.low)), (g.min(), bounds)
    if math.isfinite(bounds.high):
        assert g.max() >= bounds.high - 1e-3 * max(1.0, abs(bounds.high)), (g.max(), bounds)


@pytest.mark.parametrize(
    "name", ["silu", "relu", "binary_step", "hardswish", "gaussian", "exponential", "elu"]
)
def test_info_and_list_agree(name):
    act = lookup(name)
    measured = compute(act)
    bounds = slope_bounds(act)
    assert measured.slope_range == (bounds.low, bounds.high)
    assert measured.lipschitz == bounds.lipschitz
    if measured.continuity >= 0:
        assert measured.lipschitz == pytest.approx(measured.max_abs_derivative, rel=1e-15)
    else:
        assert measured.lipschitz == math.inf


def test_cli_info_shows_the_slope_range(run):
    result = run(["info", "silu"])
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"\n  slope range +\[-0\.0998393, 1\.09984\] \(min f', max f'\)\n", result.stdout
    )
    assert re.search(r"\n  Lipschitz constant +1\.09984\n", result.stdout)
    data = json.loads(run(["info", "silu", "--json"]).stdout)["properties"]
    assert data["slope_range"] == [pytest.approx(-0.0998393, abs=1e-7), pytest.approx(1.0998393)]
    assert data["lipschitz"] == pytest.approx(1.0998393)
    jumps = json.loads(run(["info", "binary_step", "--json"]).stdout)["properties"]
    assert jumps["lipschitz"] == "inf"
    assert re.search(r"Lipschitz constant +inf \(f jumps\)", run(["info", "binary_step"]).stdout)


def test_cli_info_slope_range_at_other_parameters(run):
    result = run(["info", "leaky_relu", "-p", "alpha=-0.5", "--json"])
    data = json.loads(result.stdout)["properties"]
    assert data["slope_range"] == [-0.5, 1.0] and data["lipschitz"] == 1.0


def test_list_json_has_the_slope_bounds(run):
    records = {r["name"]: r for r in json.loads(run(["list", "--json"]).stdout)}
    assert records["silu"]["slope_range"][0] == pytest.approx(-0.0998393, abs=1e-7)
    assert records["sigmoid"]["lipschitz"] == pytest.approx(0.25)
    assert records["exponential"]["slope_range"] == [0.0, "inf"]
    assert records["binary_step"]["lipschitz"] == "inf"
