"""Every kernel over the whole float64 line: no warning, no NaN, dense where it matters.

test_precision.py compares with mpmath at a few thousand points; this sweep is
numpy only, so it can afford a dense walk through every binade up to 1e300 and
every overflow threshold (e^x overflows at 709.78, e^(x/2)/α near 1419, ...),
where a kernel that is exact at the chosen points could still warn.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from test_precision import CASES, _case_id

import actplot

_POSITIVE = np.concatenate(
    [
        np.geomspace(5e-324, 1e-300, 200),
        np.geomspace(1e-300, 1.7e308, 40_001),
        np.linspace(0.0, 5_000.0, 500_001),
    ]
)
X = np.unique(np.concatenate([-_POSITIVE, _POSITIVE]))


def _in_domain(act: actplot.Activation) -> np.ndarray:
    """Where f is defined: everywhere, except softexponential with alpha < 0.

    At its domain's edge 1/alpha - alpha, f is -inf and f' is +inf (true values).
    """
    if act.name == "softexponential" and act.values["alpha"] < 0:
        alpha = act.values["alpha"]
        edge = 1.0 / alpha - alpha
        return edge <= X
    return np.ones(X.shape, dtype=bool)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.parametrize("which", ["value", "derivative"])
def test_whole_line_has_no_warning_and_no_nan(case, which):
    name, params = case
    act = actplot.get(name, **params)
    fn = act if which == "value" else act.derivative
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            try:
                y = fn(X)
            except (FloatingPointError, RuntimeWarning) as error:
                bad = [x for x in X[:: max(1, X.size // 200_000)] if _warns(fn, x)]
                pytest.fail(f"{_case_id(case)} {which} warns ({error}) e.g. at x={bad[:3]}")
    assert y.shape == X.shape and y.dtype == np.float64
    domain = _in_domain(act)
    nan = np.isnan(y) & domain
    assert not nan.any(), f"{_case_id(case)} {which} is NaN at x={X[nan][:5]}"
    assert np.isnan(y[~domain]).all()


def _warns(fn, x: float) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            try:
                fn(np.array([x]))
            except (FloatingPointError, RuntimeWarning):
                return True
    return False
