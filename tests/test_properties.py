"""Measured properties: declared ones agree, and the measurements are right.

The first half checks every catalogue entry's declared ``Properties`` against
:func:`actplot.analysis.properties.compute`, one field per test, so a wrong declaration
fails naming the function and the field. The second half checks the
measurements themselves against closed forms.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math

import numpy as np
import pytest

import actplot
from actplot.analysis.properties import MeasuredProperties, compute, continuity_label, mismatches
from actplot.catalogue import CATALOGUE, Activation, Properties

DECLARED = [e for e in CATALOGUE if e.properties is not None]
IDS = [e.name for e in DECLARED]
SQRT_2PI = math.sqrt(2 * math.pi)


@functools.cache
def measured(name: str) -> MeasuredProperties:
    return compute(actplot.get(name))


def known(name: str, **params: float) -> Activation:
    """The activation, or skip while its catalogue entry is still missing."""
    try:
        return actplot.get(name, **params)
    except LookupError:
        pytest.skip(f"{name} is not in the catalogue yet")


# ---------------------------------------------------------------- declared


def check_field(entry: Activation, field: str) -> None:
    found = mismatches(entry.properties, measured(entry.name))
    if field in found:
        declared, got = found[field]
        pytest.fail(f"{entry.name}.{field}: declared {declared!r}, measured {got!r}")


DECLARED_FIELDS = [f.name for f in dataclasses.fields(Properties)]


@pytest.mark.parametrize("field", DECLARED_FIELDS)
@pytest.mark.parametrize("entry", DECLARED, ids=IDS)
def test_declared_property_is_measured(entry: Activation, field: str) -> None:
    """Every declared property of every entry, one test each (a new field is covered too)."""
    check_field(entry, field)


def test_every_entry_declares_properties() -> None:
    assert [e.name for e in CATALOGUE if e.properties is None] == []


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_result_is_strict_json(entry: Activation) -> None:
    data = measured(entry.name).to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["name"] == entry.name


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_catalogue_functions_are_defined_everywhere(entry: Activation) -> None:
    assert measured(entry.name).domain == (-math.inf, math.inf)


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_values_at_zero_match_the_kernels(entry: Activation) -> None:
    m = measured(entry.name)
    act = actplot.get(entry.name)
    assert m.f0 == float(act(0.0))
    assert m.df0 == float(act.derivative(0.0))


# ---------------------------------------------------------------- closed forms


def test_relu_moments() -> None:
    m = compute(known("relu"))
    assert m.gaussian_mean == pytest.approx(1 / SQRT_2PI, abs=1e-12)
    assert m.gaussian_var == pytest.approx(0.5 - 1 / (2 * math.pi), abs=1e-12)
    assert m.gaussian_mean_abs_derivative == pytest.approx(0.5, abs=1e-12)


def test_sigmoid_values() -> None:
    m = compute(known("sigmoid"))
    assert m.gaussian_mean == pytest.approx(0.5, abs=1e-12)
    assert m.max_abs_derivative == pytest.approx(0.25, abs=1e-12)
    assert m.output_range == (0.0, 1.0)
    assert m.saturation == ("soft", "soft")
    assert (m.f0, m.df0) == (0.5, 0.25)


def test_tanh_values() -> None:
    m = compute(known("tanh"))
    assert m.output_range == (-1.0, 1.0)
    assert m.gaussian_mean == pytest.approx(0.0, abs=1e-12)
    assert m.max_abs_derivative == pytest.approx(1.0, abs=1e-12)
    # E|tanh'(Z)| = 1 - Var tanh(Z), since E tanh(Z)^2 + E sech(Z)^2 = 1.
    assert m.gaussian_mean_abs_derivative + m.gaussian_var == pytest.approx(1, 1e-12)


def test_identity_moments() -> None:
    m = compute(known("identity"))
    assert m.output_range == (-math.inf, math.inf)
    assert m.gaussian_mean == pytest.approx(0.0, abs=1e-12)
    assert m.gaussian_var == pytest.approx(1.0, abs=1e-12)
    assert m.gaussian_mean_abs_derivative == pytest.approx(1.0, abs=1e-12)
    assert m.identity_near_zero and m.continuity == math.inf


def test_leaky_relu_mean() -> None:
    m = compute(known("leaky_relu", alpha=0.2))
    assert m.gaussian_mean == pytest.approx(0.8 / SQRT_2PI, abs=1e-12)
    assert m.gaussian_mean_abs_derivative == pytest.approx(0.6, abs=1e-12)
    assert m.continuity == 0
    assert not m.identity_near_zero  # f'(0-) = 0.2 although f'(0) = 1


def test_gelu_values() -> None:
    m = compute(known("gelu"))
    # E[Z Φ(Z)] = E[φ(Z)] = 1 / (2 √π)
    assert m.gaussian_mean == pytest.approx(1 / (2 * math.sqrt(math.pi)), abs=1e-12)
    assert m.output_range[0] == pytest.approx(-0.16997120747990, abs=1e-12)
    assert m.continuity == math.inf and m.saturation == ("soft", "none")


def test_exponential_moments() -> None:
    m = compute(known("exponential"))
    assert m.gaussian_mean == pytest.approx(math.exp(0.5), rel=1e-12)
    assert m.gaussian_var == pytest.approx(math.e**2 - math.e, rel=1e-12)
    assert m.max_abs_derivative == math.inf
    assert m.output_range == (0.0, math.inf)


def test_gaussian_moments() -> None:
    m = compute(known("gaussian"))
    assert m.gaussian_mean == pytest.approx(1 / math.sqrt(3), abs=1e-12)
    assert m.gaussian_var == pytest.approx(1 / math.sqrt(5) - 1 / 3, abs=1e-12)
    assert m.max_abs_derivative == pytest.approx(math.sqrt(2 / math.e), abs=1e-12)
    assert m.saturation == ("soft", "soft")


def test_sinusoid_variance() -> None:
    m = compute(known("sinusoid"))
    assert m.gaussian_var == pytest.approx((1 - math.exp(-2)) / 2, abs=1e-12)
    assert m.saturation == ("none", "none")
    assert m.output_range == pytest.approx((-1.0, 1.0), abs=1e-12)


def test_hardtanh_values() -> None:
    m = compute(known("hardtanh"))
    assert m.gaussian_mean_abs_derivative == pytest.approx(math.erf(1 / math.sqrt(2)), abs=1e-12)
    assert m.saturation == ("hard", "hard") and m.continuity == 0


def test_binary_step_values() -> None:
    m = compute(known("binary_step"))
    assert m.continuity == -1
    assert m.gaussian_mean == pytest.approx(0.5, abs=1e-12)
    assert m.gaussian_var == pytest.approx(0.25, abs=1e-12)
    assert m.max_abs_derivative == 0


def test_relu_squared_moments() -> None:
    m = compute(known("relu_squared"))
    assert m.gaussian_mean == pytest.approx(0.5, abs=1e-12)
    assert m.gaussian_var == pytest.approx(1.25, abs=1e-12)
    assert m.gaussian_mean_abs_derivative == pytest.approx(2 / SQRT_2PI, abs=1e-12)
    assert m.continuity == 1 and m.max_abs_derivative == math.inf


def test_softsign_is_only_c1() -> None:
    # f'' jumps from +2 to -2 at 0 although f' has no kink there.
    assert compute(known("softsign")).continuity == 1


def test_continuity_found_without_declared_kinks() -> None:
    # sparse_plus: f'' jumps at ±1; isrlu: f''' jumps at 0 (f'' is 0 on both sides).
    assert compute(known("sparse_plus")).continuity == 1
    assert compute(known("isrlu")).continuity == 2


def test_elu_continuity_depends_on_alpha() -> None:
    assert compute(known("elu")).continuity == 1
    assert compute(known("elu", alpha=0.5)).continuity == 0


def test_threshold_jump_and_range() -> None:
    m = compute(known("threshold"))
    assert m.continuity == -1 and not m.monotonic
    assert m.output_range == (0.0, math.inf)


def test_softexponential_negative_alpha_does_not_crash() -> None:
    m = compute(known("softexponential", alpha=-0.5))
    # f needs 1 - alpha (x + alpha) > 0: for alpha = -0.5, x > -1.5.
    assert m.domain[0] == pytest.approx(-1.5, abs=1e-12) and m.domain[1] == math.inf
    assert m.output_range == (-math.inf, math.inf)
    assert m.monotonic
    assert math.isnan(m.gaussian_mean) and math.isnan(m.gaussian_var)
    assert m.max_abs_derivative == math.inf
    data = json.loads(json.dumps(m.to_dict(), allow_nan=False))
    assert data["gaussian_mean"] is None and data["output_range"] == ["-inf", "inf"]


def test_far_kinks_are_seen() -> None:
    m = compute(known("hardtanh", min_val=-1e6, max_val=1e6))
    assert m.output_range == (-1e6, 1e6)
    assert m.saturation == ("hard", "hard")


def test_continuity_labels() -> None:
    assert continuity_label(math.inf) == "C∞"
    assert continuity_label(-1) == "C-1 (jump)"
    assert continuity_label(1) == "C1"
    assert continuity_label(3) == "≥C3"


def test_mismatches_names_the_field() -> None:
    act = actplot.get("sigmoid")
    wrong = type(act.properties)(**{**act.properties.__dict__, "output_range": (0.0, 2.0)})
    found = mismatches(wrong, measured("sigmoid"))
    assert list(found) == ["output_range"]
    assert found["output_range"] == ((0.0, 2.0), (0.0, 1.0))


def test_grid_values_are_float64() -> None:
    m = measured("relu")
    assert isinstance(m.max_abs_derivative, float)
    assert np.isfinite(m.gaussian_var)


def test_sharp_but_smooth_functions_are_not_kinked() -> None:
    # Features narrower than the 1e-3 probe spacing must not look like kinks.
    assert compute(known("softplus", beta=100)).continuity == math.inf
    assert compute(known("swish", beta=100)).continuity == math.inf
    assert compute(known("snake", a=10)).continuity == math.inf


def test_unusual_parameters_measure_without_warnings() -> None:
    m = compute(known("swish", beta=1e-3))
    assert m.output_range[0] == pytest.approx(-0.27846454276107380 / 1e-3, rel=1e-9)
    m = compute(known("isru", alpha=1e-6))
    assert m.output_range == pytest.approx((-1000.0, 1000.0), rel=1e-12)
    m = compute(known("softexponential", alpha=0.0))
    assert m.gaussian_var == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(
    "name", ["sigmoid", "gelu", "mish", "hardswish", "elish", "sinc", "softsign", "hard_elish"]
)
def test_gaussian_moments_against_mpmath(name: str) -> None:
    mpmath = pytest.importorskip("mpmath")
    act = known(name)
    m = measured(name)
    # The three integrals share their quadrature nodes: evaluate f, f' and
    # the density once per node (the same numbers, so the same integrals).
    f = functools.cache(lambda t: float(act(float(t))))
    g = functools.cache(lambda t: float(act.derivative(float(t))))
    density = functools.cache(mpmath.npdf)
    cuts = [float(k) for k in range(-40, 41)] + list(act.kink_points)
    if name in ("gelu", "mish", "hardswish", "elish", "sinc", "hard_elish"):
        # |f'| has corners where f' changes sign: find them for mpmath too.
        x = np.linspace(-40, 40, 800001)
        d = act.derivative(x)
        for i in np.nonzero(np.diff(np.sign(d)) != 0)[0]:
            cuts.append(float(x[i]) if d[i] == 0 else float(mpmath.findroot(g, float(x[i]))))
    cuts = sorted(set(cuts))  # beyond ±40 the normal density is below 1e-347

    def expect(h):
        return float(mpmath.quad(lambda t: h(t) * density(t), cuts, maxdegree=10))

    mean = expect(f)
    assert m.gaussian_mean == pytest.approx(mean, abs=1e-10)
    assert m.gaussian_var == pytest.approx(expect(lambda t: (f(t) - mean) ** 2), abs=1e-10)
    assert m.gaussian_mean_abs_derivative == pytest.approx(expect(lambda t: abs(g(t))), abs=1e-10)


def test_formula_with_a_pole_measures_without_warnings() -> None:
    m = compute(actplot.get("1/x"))
    assert m.output_range == (-math.inf, math.inf)
    assert m.max_abs_derivative == math.inf
    json.dumps(m.to_dict(), allow_nan=False)


def test_a_formula_whose_derivative_rounds_to_zero_far_out_is_still_soft():
    # x/(1+abs(x)) computes f' = 0 beyond 2^53 (1 + |x| rounds to |x|).
    assert compute(actplot.get("x/(1+abs(x))")).saturation == ("soft", "soft")
