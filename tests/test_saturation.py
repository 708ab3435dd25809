"""Saturation regions: found from the derivative, classified soft/hard, sided."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actplot
from actplot.analysis.saturation import SaturationRegion, saturated, saturation_regions

X = np.linspace(-10, 10, 20001)


class Fake:
    """An activation given by its derivative alone (all saturation needs)."""

    def __init__(self, grad):
        self.grad = grad

    def derivative(self, x):
        return self.grad(np.asarray(x, dtype=np.float64))


def summary(regions):
    return [(r.kind, r.side) for r in regions]


def test_sigmoid_soft_on_both_sides_at_the_exact_threshold():
    eps = 0.05
    regions = saturation_regions(actplot.get("sigmoid"), X, eps)
    assert summary(regions) == [("soft", "left"), ("soft", "right")]
    # sigma' = s(1 - s) = eps  =>  s = (1 + sqrt(1 - 4 eps)) / 2, x = logit(s)
    s = (1 + math.sqrt(1 - 4 * eps)) / 2
    edge = math.log(s / (1 - s))
    assert regions[0].start == -10 and regions[1].stop == 10
    assert regions[0].stop == pytest.approx(-edge, abs=1e-9)
    assert regions[1].start == pytest.approx(edge, abs=1e-9)


def test_tanh_threshold_is_a_parameter():
    regions = saturation_regions(actplot.get("tanh"), X, eps=0.01)
    edge = math.acosh(10)  # sech^2 x = 0.01
    assert summary(regions) == [("soft", "left"), ("soft", "right")]
    assert regions[1].start == pytest.approx(edge, abs=1e-9)


def test_relu_hard_on_the_left_with_its_edge_at_the_kink_even_on_a_coarse_grid():
    coarse = np.linspace(-10, 10, 22)  # no point at 0
    for grid in (X, coarse):
        (region,) = saturation_regions(actplot.get("relu"), grid)
        assert (region.kind, region.side, region.label) == ("hard", "left", "left hard saturation")
        assert region.start == -10
        assert abs(region.stop) < 1e-12


def test_relu6_hard_on_both_sides():
    regions = saturation_regions(actplot.get("relu6"), X)
    assert summary(regions) == [("hard", "left"), ("hard", "right")]
    assert abs(regions[0].stop) < 1e-12
    assert regions[1].start == pytest.approx(6, abs=1e-12)


def test_hardshrink_dead_zone_is_interior_hard():
    (region,) = saturation_regions(actplot.get("hardshrink"), X)
    assert (region.kind, region.side) == ("hard", "interior")
    assert region.start == pytest.approx(-0.5, abs=1e-12)
    assert region.stop == pytest.approx(0.5, abs=1e-12)
    assert region.label == "interior hard saturation"


def test_binary_step_saturates_everywhere():
    (region,) = saturation_regions(actplot.get("binary_step"), X)
    assert (region.kind, region.side, region.start, region.stop) == ("hard", "whole", -10, 10)
    assert region.label == "hard saturation everywhere"


def test_identity_never_saturates():
    assert saturation_regions(actplot.get("identity"), X) == []


def test_small_constant_slope_is_soft_by_the_threshold_definition():
    # Leaky ReLU's 0.01 < eps = 0.05: gradients shrink a hundredfold there.
    leaky = actplot.get("leaky_relu")
    assert summary(saturation_regions(leaky, X)) == [("soft", "left")]
    assert saturation_regions(leaky, X, eps=0.005) == []


def test_an_isolated_zero_of_the_derivative_is_soft_not_hard():
    # f = x^2 / 2: f'(0) = 0 at one grid point only -- a crossing, not an interval.
    (region,) = saturation_regions(Fake(lambda x: x), X, eps=0.5)
    assert (region.kind, region.side) == ("soft", "interior")
    assert region.start == pytest.approx(-0.5) and region.stop == pytest.approx(0.5)


def test_hard_plateau_then_soft_slope_are_two_regions():
    # f = relu(x)^2 / 2: f' = 0 for x < 0, then x.
    regions = saturation_regions(Fake(lambda x: np.maximum(x, 0.0)), X, eps=0.1)
    assert summary(regions) == [("hard", "left"), ("soft", "interior")]
    assert regions[0].stop == pytest.approx(0, abs=1e-12)
    assert regions[1].start == pytest.approx(0, abs=1e-12)
    assert regions[1].stop == pytest.approx(0.1, abs=1e-12)


def test_nan_derivative_is_not_saturation():
    regions = saturation_regions(Fake(lambda x: np.where(x < 0, np.nan, 1.0)), X)
    assert regions == []


@pytest.mark.parametrize("eps", [0, -1, math.nan, math.inf])
def test_bad_threshold_is_refused(eps):
    with pytest.raises(ValueError, match="positive"):
        saturation_regions(actplot.get("sigmoid"), X, eps)


def test_grid_needs_two_points():
    with pytest.raises(ValueError, match="2 points"):
        saturation_regions(actplot.get("sigmoid"), np.array([0.0]))


def test_saturated_mask_counts_soft_and_hard():
    d = np.array([0.0, 0.01, -0.01, 0.05, 1.0, np.nan])
    assert saturated(d, 0.05).tolist() == [True, True, True, False, False, False]


def test_region_width():
    assert SaturationRegion("soft", "left", -10.0, -3.0).width == 7.0


# ---------------------------------------------------------------- against the catalogue

WIDE = np.linspace(-1000, 1000, 200001)


def _default(name):
    act = actplot.get(name)
    if not all(math.isfinite(v) for v in act.values.values()):
        pytest.skip(f"{name} has a parameter without a default")
    return act


@pytest.mark.parametrize("name", actplot.names(), ids=str)
def test_measured_tails_agree_with_declared_saturation(name):
    """Each side declared hard/soft shows that kind at that end; "none" shows none."""
    act = _default(name)
    if act.properties is None:
        pytest.skip(f"{name} declares no properties")
    left, right = act.properties.saturation
    # A tiny eps: a tail that merely has a small slope (leaky ReLU) is not saturating.
    regions = saturation_regions(act, WIDE, eps=1e-3)
    at_left = [r.kind for r in regions if r.side in ("left", "whole")]
    at_right = [r.kind for r in regions if r.side in ("right", "whole")]
    for declared, found, side in ((left, at_left, "left"), (right, at_right, "right")):
        expected = [] if declared == "none" else [declared]
        assert found == expected, f"{name}: {side} declared {declared}, found {found}"
