"""Where the true value is below float64's normal range, the result is 0 or subnormal.

The precision bar allows an absolute 1e-300 there, but a kernel returning,
say, e^-700 ≈ 1e-304 for every x < -700 breaks what is built on it: a
formula x*sigmoid(x) would give -1e-4 at x = -1e300, and the lecture note's
"sigmoid'(-1000) underflows to 0" would not hold. So: true value below
2.2e-308 (the smallest normal double) -> |result| at most that.

Whether the true value is below that is decided in mpmath by
``make_reference.py`` and stored with the precision tests' reference (stale
data fails here too, saying how to regenerate it).
"""

from __future__ import annotations

import numpy as np
import pytest
from precision_cases import FAR, SMALLEST_NORMAL
from test_precision import CASES, _case_id, stored_reference

import actplot


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.parametrize("which", ["value", "derivative"])
def test_underflowing_values_are_zero_or_subnormal(case, which):
    name, params = case
    act = actplot.get(name, **params)
    fn = act if which == "value" else act.derivative
    stored = stored_reference(case)[which]
    got = fn(np.array(FAR))
    bad = []
    for x, y, true, below in zip(
        FAR, got.tolist(), stored.far_hi.tolist(), stored.far_below_normal.tolist(), strict=True
    ):
        if below and not abs(y) <= SMALLEST_NORMAL:
            bad.append(f"x={x:g}: got {y!r}, true {true:.3g}")
    assert not bad, f"{_case_id(case)} {which}: " + "; ".join(bad)


def test_sigmoid_derivative_at_minus_1000_is_zero_and_at_minus_700_is_not():
    sigmoid = actplot.get("sigmoid")
    assert sigmoid.derivative(np.array(-1000.0)) == 0.0
    assert 9.8e-305 < sigmoid.derivative(np.array(-700.0)) < 9.9e-305


def test_formula_times_x_in_the_far_tail():
    silu_by_hand = actplot.get("x*sigmoid(x)")
    x = np.array([-1e300, -1e5, 1e5, 1e300])
    np.testing.assert_array_equal(silu_by_hand(x), actplot.get("silu")(x))
    np.testing.assert_array_equal(silu_by_hand.derivative(x), actplot.get("silu").derivative(x))
