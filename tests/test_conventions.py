"""Framework conventions (issue 14): what a name means in PyTorch, JAX, Keras, TensorFlow.

The values at kinks are the ones the cited kernels compute (see the comments
in actplot/catalogue/conventions.py); every table entry is checked to resolve,
with its rule for each kink.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import actplot
from actplot.catalogue import CATALOGUE, lookup
from actplot.catalogue import conventions as cv
from actplot.sweep import expand

ENTRIES = [(conv, name) for conv, table in cv.TABLE.items() for name in table]


def _get(name: str, convention: str, **params: float):
    (act,) = expand([name], {k: [v] for k, v in params.items()}, (), convention)
    return act


def _d(act, x: float) -> float:
    return float(act.derivative(np.array([x]))[0])


@pytest.mark.parametrize(("convention", "name"), ENTRIES, ids=[f"{c}-{n}" for c, n in ENTRIES])
def test_every_entry_resolves_with_a_rule_per_kink(convention, name):
    usage = cv.TABLE[convention][name]
    assert lookup(name) is not None, f"{name} is not a catalogue name"
    act = cv.resolve(lookup(name), convention)
    assert act.convention == convention
    assert act.name == (usage.target or name)
    assert set(usage.params) <= {p.name for p in act.params}
    assert all(rule in cv.RULES for rule in usage.at_kinks)
    if usage.at_kinks:
        # At parameters with kinks (ELU's vanishes at alpha = 1): one rule each.
        values = {"alpha": 0.5} if "alpha" in act.values and not act.kink_points else {}
        act = act.with_params(**values)
        assert len(act.kink_points) == len(usage.at_kinks)
    else:
        assert not act.kink_points, "a kink without the framework's value there"
    # Away from the kinks nothing changes.
    x = np.linspace(-7.3, 7.3, 1461)
    x = x[~np.isin(x, act.kink_points)]
    np.testing.assert_array_equal(
        act.derivative(x), lookup(act.name).with_params(**act.values).derivative(x)
    )


@pytest.mark.parametrize(
    ("convention", "name", "x", "value"),
    [
        ("torch", "relu", 0.0, 0.0),  # threshold_backward(grad, result, 0)
        ("actplot", "relu", 0.0, 1.0),  # the right-hand value
        ("jax", "relu", 0.0, 0.0),
        ("keras", "relu", 0.0, 0.0),
        ("torch", "relu6", 6.0, 0.0),
        ("torch", "leaky_relu", 0.0, 0.01),
        ("jax", "leaky_relu", 0.0, 1.0),  # jnp.where(x >= 0, x, ...)
        ("keras", "leaky_relu", 0.0, 0.2),
        ("tensorflow", "leaky_relu", 0.0, 0.3),
        ("torch", "hardswish", -3.0, -0.5),  # the CPU kernel's < and <=
        ("torch", "hardswish", 3.0, 1.5),
        ("jax", "hardswish", -3.0, 0.0),
        ("jax", "hardswish", 3.0, 1.0),
        ("jax", "hardtanh", 1.0, 1.0),
        ("torch", "hardtanh", 1.0, 0.0),
        ("jax", "sparse_sigmoid", -1.0, 0.25),  # max/min share a tie
        ("jax", "sparse_sigmoid", 1.0, 0.25),
        ("torch", "softshrink", 0.5, 0.0),
        ("torch", "selu", 0.0, 1.0507009873554805 * 1.6732632423543772),
        ("keras", "selu", 0.0, 1.0507009873554805),
        ("keras", "prelu", 0.0, 0.0),
        ("tensorflow", "hardsigmoid", -2.5, 0.2),
        ("tensorflow", "hardsigmoid", 2.5, 0.2),
    ],
)
def test_derivative_at_kinks(convention, name, x, value):
    assert _d(_get(name, convention), x) == pytest.approx(value, rel=1e-15)


def test_variants_and_defaults():
    assert _get("gelu", "jax").name == "gelu_tanh"
    assert _get("gelu", "torch").name == "gelu" and _get("gelu", "keras").name == "gelu"
    assert _get("swish", "jax").name == "silu"
    hard = _get("hard_sigmoid", "tensorflow")  # Keras 2: 0.2 x + 0.5, clipped
    assert hard.name == "hard_sigmoid_keras2"
    np.testing.assert_array_equal(hard(np.array([-3.0, -2.5, -1.0, 0.0, 2.5])), [0, 0, 0.3, 0.5, 1])
    assert _get("hard_sigmoid", "keras").name == "hardsigmoid"  # Keras 3: relu6(x + 3)/6
    assert _get("leaky_relu", "keras").values["alpha"] == 0.2
    assert _get("leaky_relu", "tensorflow").values["alpha"] == 0.3
    assert _get("prelu", "torch").values["alpha"] == 0.25
    assert _get("prelu", "keras").values["alpha"] == 0.0


def test_parameters_given_override_the_framework_defaults_and_keep_its_kinks():
    act = _get("leaky_relu", "torch", alpha=0.2)
    assert act.values["alpha"] == 0.2 and _d(act, 0.0) == 0.2
    act = _get("leaky_relu", "jax", alpha=0.2)
    assert _d(act, 0.0) == 1.0 and _d(act, -1.0) == 0.2


def test_a_name_the_framework_lacks_is_a_lookup_error():
    with pytest.raises(LookupError, match=r"JAX has no tanhshrink"):
        _get("tanhshrink", "jax")
    with pytest.raises(ValueError, match=r"unknown convention 'pytorch'"):
        _get("relu", "pytorch")


def test_a_formula_is_taken_as_written():
    act = _get("max(x, 0)", "torch")
    assert act.convention == "" and act.name == "max(x, 0)"


def test_title_states_the_convention():
    from actplot.render.figure import figure

    fig = figure([_get("relu", "torch")], np.linspace(-1, 1, 201))
    assert fig.axes[0].get_title().endswith(", PyTorch convention")
    fig = figure([actplot.get("relu")], np.linspace(-1, 1, 201))
    assert "convention" not in fig.axes[0].get_title()


def test_figure_breaks_after_a_left_hand_kink_value_and_marks_it():
    from actplot.render.figure import figure

    fig = figure([_get("relu", "torch")], np.linspace(-1, 1, 201))
    ax = fig.axes[0]
    derivative = next(ln for ln in ax.get_lines() if ln.get_linestyle() == "--")
    xs, ys = derivative.get_xdata(), derivative.get_ydata()
    k = int(np.flatnonzero(xs == 0.0)[0])
    assert ys[k] == 0.0 and np.isnan(ys[k + 1]) and ys[k + 2] == 1.0  # (0, 0), break, then 1
    assert not np.isnan(ys[k - 1])  # joined to the left
    dots = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert (
        len(dots) == 1 and list(dots[0].get_xdata()) == [0.0] and list(dots[0].get_ydata()) == [0.0]
    )


def test_actplot_figure_is_unchanged_right_hand_and_no_dots():
    from actplot.render.figure import figure

    fig = figure([actplot.get("relu")], np.linspace(-1, 1, 201))
    ax = fig.axes[0]
    assert not [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    derivative = next(ln for ln in ax.get_lines() if ln.get_linestyle() == "--")
    ys = derivative.get_ydata()
    assert np.isnan(ys).sum() == 1


def test_cli_plot_convention(run, tmp_path):
    out = tmp_path / "jax.png"
    result = run(["gelu", "leaky_relu", "hardsigmoid", "--convention", "jax", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.is_file()


def test_cli_list_convention(run):
    result = run(["list", "--convention", "jax"])
    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "gelu_tanh" in rows["gelu"] and "jax.nn.gelu" in rows["gelu"]
    assert "0.25 at -1, 0.25 at 1" in rows["sparse_sigmoid"]
    assert "not in JAX:" in result.stdout and "tanhshrink" in result.stdout.split("not in JAX:")[1]


def test_cli_list_json_convention(run):
    result = run(["list", "--json", "--convention", "torch"])
    assert result.exit_code == 0, result.stderr
    records = {r["name"]: r for r in json.loads(result.stdout)}
    assert set(records) == {e.name for e in CATALOGUE}
    relu = records["relu"]["convention"]
    assert relu["api"] == "torch.nn.ReLU" and relu["derivative_at_kinks"] == [[0.0, 0.0]]
    assert records["snake"]["convention"] is None


def test_cli_info_convention(run):
    result = run(["info", "leaky_relu", "--convention", "keras"])
    assert result.exit_code == 0, result.stderr
    assert "alpha (α)  0.2" in result.stdout
    assert "convention: Keras 3 (keras.activations.leaky_relu(negative_slope=0.2))" in result.stdout
    assert "f' there: Keras 3 autograd: 0.2 at x = 0" in result.stdout
    data = json.loads(run(["info", "relu", "--convention", "torch", "--json"]).stdout)
    assert data["convention"]["convention"] == "torch"
    assert data["derivative_at_kinks"] == "PyTorch autograd: 0 at x = 0"


@pytest.mark.parametrize(
    "args",
    [
        ["relu", "--convention", "pytorch", "-o", "x.png"],
        ["tanhshrink", "--convention", "jax", "-o", "x.png"],
        ["list", "--convention", "theano"],
        ["info", "relu", "--convention", "mxnet"],
    ],
)
def test_bad_convention_is_one_line(run, tmp_path, args):
    result = run(args, cwd=tmp_path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())
