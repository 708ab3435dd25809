"""Low precision (issue 14): f and f' in float32, float16 and bfloat16, two ways.

The thresholds the issue names are checked against mpmath (the exact value
where the rounded quantity reaches its limit) and against a rounding to the
format done by mpmath itself, not by the library; the rest is parametrized over
the catalogue for consistency.
"""

from __future__ import annotations

import json
import math

import mpmath
import numpy as np
import pytest
from mpmath import mp, mpf

import actplot
from actplot.analysis import precision
from actplot.analysis.precision import analyse, evaluate, format_of, round_to
from actplot.catalogue import CATALOGUE, lookup

BF16 = format_of("bfloat16")
F16 = format_of("float16")
F32 = format_of("float32")
IDS = [e.name for e in CATALOGUE]
FRAMEWORK = [e.name for e in CATALOGUE if e.framework_grad is not None]


def _sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def _sigmoid_grad(x):
    return mpmath.exp(-x) / (1 + mpmath.exp(-x)) ** 2


def mp_round(value, bits: int) -> mpf:
    """``value`` rounded to ``bits`` significant bits (to nearest, ties to even), by mpmath."""
    with mp.workprec(bits):
        return +mpf(value)


def _root(fun, guess: float) -> float:
    with mp.workdps(50):
        return float(mpmath.findroot(fun, mpf(guess)))


# ---------------------------------------------------------------- formats


def test_formats_and_their_ranges():
    assert (BF16.bits, BF16.max, BF16.smallest_subnormal) == (8, 3.3895313892515355e38, 2.0**-133)
    assert (F16.bits, F16.max, F16.smallest_subnormal) == (11, 65504.0, 2.0**-24)
    assert F32.bits == 24 and F32.smallest_normal == 2.0**-126


def test_unknown_format_is_one_clear_error():
    with pytest.raises(ValueError, match=r"unknown dtype 'float8' \(choose float64, float32"):
        format_of("float8")


def test_round_to_is_correct_rounding_not_double_rounding():
    # 1 + 2^-8 + 2^-30 lies just above the midpoint of bfloat16's 1 and 1 + 2^-7:
    # through float32 it would round to the midpoint, then to even (1).
    x = np.array([1 + 2**-8 + 2**-30, 1 + 2**-8, 1 + 3 * 2**-8])
    assert round_to(x, BF16).astype(float).tolist() == [1 + 2**-7, 1.0, 1 + 2**-6]
    assert float(round_to(1 + 2**-11 + 2**-40, F16)) == 1 + 2**-10


def test_round_to_overflows_to_inf_without_a_warning():
    # pytest turns RuntimeWarnings into errors: none may escape.
    assert np.isinf(round_to(np.array([1e39, -1e39]), BF16).astype(float)).all()
    assert float(round_to(70000.0, F16)) == math.inf


# ---------------------------------------------------------------- the thresholds


def test_sigmoid_bfloat16_framework_form_is_zero_from_ln_511():
    t = analyse(actplot.get("sigmoid"), "bfloat16").threshold("framework", "right")
    assert t is not None and t.cause == "saturation"
    # s(x) rounds to 1 from 1 - s = 2^-9 (the midpoint below 1), e^x = 511.
    assert t.at == pytest.approx(math.log(511), rel=1e-13, abs=0)
    assert abs(t.at - 6.236) < 1e-3
    # The first bfloat16 input there: s rounds to 1 at 6.25 and not at 6.21875.
    assert (t.last_nonzero, t.first_input) == (6.21875, 6.25)
    assert mp_round(_sigmoid(mpf(6.25)), 8) == 1
    assert mp_round(_sigmoid(mpf(6.21875)), 8) < 1


def test_sigmoid_bfloat16_correctly_rounded_stays_positive_to_92_9():
    t = analyse(actplot.get("sigmoid"), "bfloat16").threshold("rounded", "right")
    assert t is not None and t.cause == "underflow"
    # sigma' rounds to 0 below half the smallest subnormal, 2^-134 (ties to even).
    truth = _root(lambda x: _sigmoid_grad(x) - mpf(2) ** -134, 92.9)
    assert t.at == pytest.approx(truth, rel=1e-13)
    assert abs(t.at - 92.9) < 0.05
    assert (t.last_nonzero, t.first_input) == (92.5, 93.0)
    assert _sigmoid_grad(mpf(92.5)) > mpf(2) ** -134 > _sigmoid_grad(mpf(93))


def test_sigmoid_float16_thresholds():
    report = analyse(actplot.get("sigmoid"), "float16")
    framework = report.threshold("framework", "right")
    rounded = report.threshold("rounded", "right")
    assert framework is not None and rounded is not None
    assert framework.at == pytest.approx(math.log(4095), rel=1e-13)  # 1 - s = 2^-12
    assert abs(framework.at - 8.318) < 1e-3
    truth = _root(lambda x: _sigmoid_grad(x) - mpf(2) ** -25, 17.3)
    assert rounded.at == pytest.approx(truth, rel=1e-13)
    assert abs(rounded.at - 17.33) < 0.005
    assert framework.first_input == 8.3203125 and rounded.first_input == 17.34375


def test_tanh_bfloat16_framework_form_is_zero_from_3_465():
    report = analyse(actplot.get("tanh"), "bfloat16")
    for side, sign in (("right", 1), ("left", -1)):
        t = report.threshold("framework", side)
        assert t is not None and t.cause == "saturation"
        # t rounds to 1 from 1 - t = 2^-9: x = atanh(1 - 2^-9) = ln(1023)/2.
        assert t.at == pytest.approx(sign * math.log(1023) / 2, rel=1e-13)
        assert abs(abs(t.at) - 3.465) < 1e-3


def test_tanh_float16_framework_form():
    t = analyse(actplot.get("tanh"), "float16").threshold("framework", "right")
    assert t is not None and t.at == pytest.approx(math.log(8191) / 2, rel=1e-13)


def test_sigmoid_framework_form_matches_an_independent_reference_on_every_input():
    # Every bfloat16 input in [4, 8]: s rounded by mpmath to 8 bits, then s(1 - s)
    # is 0 exactly when s is 1 (1 - s is exact there, by Sterbenz).
    lo, hi = 4.0, 8.0
    inputs = np.unique(round_to(np.linspace(lo, hi, 20001), BF16).astype(float))
    ours = precision.framework_derivative(actplot.get("sigmoid"), inputs, BF16).astype(float)
    for x, g in zip(inputs, ours, strict=True):
        s = mp_round(_sigmoid(mpf(x)), 8)
        assert (g == 0) == (s == 1), x


def test_jax_tanh_jvp_is_zero_on_the_same_inputs_as_one_minus_t_squared():
    # The tanh record says JAX's (1 + t)(1 - t) vanishes where 1 - t^2 does.
    for fmt in (BF16, F16):
        x = np.concatenate(
            [precision._side_inputs(fmt, "right"), precision._side_inputs(fmt, "left")]
        )
        t = round_to(np.tanh(x), fmt)
        torch_tf = 1 - t * t
        jax = (1 + t) * (1 - t)
        np.testing.assert_array_equal(torch_tf == 0, jax == 0)


def test_cli_info_dtype_reports_the_thresholds(run):
    result = run(["info", "sigmoid", "--dtype", "bfloat16"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "in bfloat16 (8 significant bits" in text
    assert "s(1 − s), s = σ(x) rounded to the format" in text
    row = next(line for line in text.splitlines() if "≥ 6.23637" in line)
    assert "as frameworks compute it" in row and "6.25" in row and "hard-saturated" in row
    row = next(line for line in text.splitlines() if "≥ 92.8817" in line)
    assert "correctly rounded" in row and "93" in row and "underflow" in row
    assert "largest relative error on [-10, 10]" in text


def test_cli_info_dtype_json(run):
    result = run(["info", "sigmoid", "--dtype", "float16", "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)["precision"]
    assert data["dtype"] == "float16" and data["significand_bits"] == 11
    zero = {(z["form"], z["side"]): z for z in data["zero_from"]}
    assert zero["framework", "right"]["at"] == pytest.approx(math.log(4095), rel=1e-12)
    assert zero["rounded", "right"]["first_input"] == 17.34375
    errors = {e["quantity"]: e for e in data["max_relative_errors"]}
    assert errors["framework"]["max_relative"] == 1.0  # 0 where the exact f' is not
    assert errors["rounded"]["max_relative"] <= 2.0**-11


# ---------------------------------------------------------------- CSV and figure


def test_csv_has_both_forms(run, tmp_path):
    out = tmp_path / "s.csv"
    result = run(
        [
            "sigmoid",
            "tanh",
            "--dtype",
            "bfloat16",
            "-r",
            "0",
            "10",
            "--points",
            "1001",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.stderr
    header, *rows = out.read_text().splitlines()
    names = header.split(",")
    assert names[:7] == [
        "x",
        "x_bfloat16",
        "sigmoid",
        "d_sigmoid",
        "sigmoid_rounded",
        "d_sigmoid_rounded",
        "d_sigmoid_framework",
    ]
    assert "d_tanh_framework" in names
    data = np.array([[float(v) for v in row.split(",")] for row in rows])
    col = {name: data[:, i] for i, name in enumerate(names)}
    beyond = col["x"] >= 6.25
    assert (col["d_sigmoid_framework"][beyond] == 0).all()
    assert (col["d_sigmoid_rounded"][beyond] > 0).all()
    assert (col["d_sigmoid_framework"][col["x"] < 6.2] > 0).all()
    # Every rounded value is a bfloat16 value, at the rounded input.
    for name in ("x_bfloat16", "sigmoid_rounded", "d_sigmoid_rounded"):
        np.testing.assert_array_equal(round_to(col[name], BF16).astype(float), col[name])


def test_precision_figure_line_data():
    from actplot.render.precision import precision_figure
    from actplot.render.spec import FigureSpec

    x = np.linspace(0, 100, 20001)
    fig = precision_figure([actplot.get("sigmoid")], x, FigureSpec(), "bfloat16")
    top, bottom = fig.axes[:2]
    lines = {line.get_label(): line for line in top.get_lines()}
    framework = lines["f′ as frameworks compute it: s(1 − s)"]
    rounded = lines["f′ correctly rounded"]
    assert framework.get_linestyle() == ":" and rounded.get_linestyle() == "--"
    xs, ys = framework.get_xdata(), framework.get_ydata()
    assert (ys[xs >= 6.235] == 0).all() and (ys[xs < 6.2] > 0).all()
    assert (rounded.get_ydata()[(xs > 6.3) & (xs < 92.7)] > 0).all()
    # The hatched span starts where the framework's f' turns 0.
    hatched = [p for p in top.patches if p.get_hatch()]
    assert len(hatched) == 1
    x0 = hatched[0].get_path().vertices[:, 0].min()
    x0 = hatched[0].get_transform().transform((x0, 0))[0]
    x0 = top.transData.inverted().transform((x0, 0))[0]
    assert 6.22 < x0 < 6.24
    assert bottom.get_yscale() == "log"
    labels = [line.get_label() for line in bottom.get_lines()]
    assert "as frameworks compute it, 0 for x ≥ 6.236" in labels
    assert "correctly rounded, 0 for x ≥ 92.88" in labels


def test_cli_figure_png(run, tmp_path, magic):
    out = tmp_path / "s.png"
    result = run(["sigmoid", "--dtype", "bfloat16", "-r", "0", "100", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:4] == magic["png"]


@pytest.mark.parametrize(
    "args",
    [
        ["sigmoid", "--dtype", "float8", "-o", "x.png"],
        ["info", "sigmoid", "--dtype", "half-ish"],
        ["sigmoid", "--dtype", "bfloat16", "--saturation", "-o", "x.png"],
        ["sigmoid", "--dtype", "bfloat16", "--no-derivative", "-o", "x.png"],
    ],
)
def test_bad_dtype_input_is_one_line(run, tmp_path, args):
    result = run(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- the whole catalogue


@pytest.mark.parametrize("name", IDS)
def test_correctly_rounded_errors_are_within_half_an_ulp(name):
    # Measured where the exact value is a normal bfloat16 number: rounding once
    # is off by at most 2^-8 relative (unit roundoff) there.
    report = analyse(lookup(name), "bfloat16")
    for e in report.errors:
        if e.quantity in ("f", "rounded"):
            assert e.max_relative <= 2.0**-8 * (1 + 1e-9), (e.quantity, e)


@pytest.mark.parametrize("name", IDS)
def test_thresholds_hold_on_the_format_inputs(name):
    act = lookup(name)
    report = analyse(act, "bfloat16")
    forms = precision._forms(act, BF16)
    for t in report.thresholds:
        sign = 1 if t.side == "right" else -1
        beyond = precision._side_inputs(BF16, t.side)
        beyond = beyond[sign * beyond >= sign * t.first_input]
        values = forms[t.form](beyond)
        assert ((values == 0) | np.isnan(values)).all(), t
        assert values[0] == 0, t
        if t.last_nonzero is not None:
            assert forms[t.form](np.array([t.last_nonzero]))[0] != 0, t
            assert sign * t.last_nonzero < sign * t.at <= sign * t.first_input, t
        exact_zero = act.derivative(np.array([t.first_input]))[0] == 0
        assert (t.cause == "exact") == exact_zero, t


@pytest.mark.parametrize("name", FRAMEWORK)
def test_framework_forms_are_accurate_away_from_saturation(name):
    # In float32 on [-4, 4] the declared formulas agree with the exact f' to a
    # few float32 ulps (absolute): they fail only where their output saturates.
    act = lookup(name)
    x = np.unique(round_to(np.linspace(-4, 4, 8001), F32).astype(float))
    framework = precision.framework_derivative(act, x, F32).astype(float)
    np.testing.assert_allclose(framework, act.derivative(x), rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", ["silu", "elu", "selu"])
def test_numerically_saturated_regions_of_the_other_framework_forms(name):
    # The exact f' is not 0 there, the framework's is: the figure's hatching.
    ev = evaluate(lookup(name), np.linspace(-40, 0, 4001), "bfloat16")
    assert ev.numerically_saturated.any()
    assert not (ev.numerically_saturated & (ev.exact_d == 0)).any()
