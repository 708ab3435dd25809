"""The gradient-flow simulation: the lecture note's claims as properties, and its mechanics."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest

import actplot
from actplot.network.vanish import (
    CSV_COLUMNS,
    estimate_bytes,
    format_table,
    simulate,
)

NOTE = ("sigmoid", "tanh", "softsign", "relu")


def acts(*names):
    return [actplot.get(n) for n in names]


# ---------------------------------------------------------------- the note's claims
# Glorot & Bengio (2010) with the setting: 5 layers of 1000 units,
# standard init, seed 0. Properties, not numbers.


@pytest.fixture(scope="module")
def standard():
    return simulate(acts(*NOTE), depth=5, width=1000, init="standard", seed=0)


@pytest.fixture(scope="module")
def he():
    return simulate(acts("relu"), depth=5, width=1000, init="he", seed=0)


def test_sigmoid_gradient_vanishes_within_five_layers(standard):
    assert standard.ratio("sigmoid") < 0.01 / 10  # "far below 0.01"


def test_tanh_and_softsign_keep_more_gradient_than_sigmoid(standard):
    sigmoid = standard.ratio("sigmoid")
    assert standard.ratio("tanh") > 10 * sigmoid
    assert standard.ratio("softsign") > 10 * sigmoid


def test_gradient_shrinks_at_every_layer_towards_the_input_for_sigmoid(standard):
    g = standard.series("sigmoid", "grad_rms")
    assert np.all(np.diff(g) > 0)  # layer 1 smallest


def test_he_init_keeps_relu_gradient_within_a_factor_of_two(he):
    assert 0.5 <= he.ratio("relu") <= 2


def test_positive_output_bias_of_sigmoid_and_relu(standard):
    # The note's "偏移现象": sigmoid and ReLU outputs have a positive mean, tanh's ~0.
    assert np.all(standard.series("sigmoid", "act_mean") > 0.4)
    assert np.all(standard.series("relu", "act_mean") > 0)
    assert np.all(np.abs(standard.series("tanh", "act_mean")) < 0.05)


def test_relu_saturates_hard_on_about_half_its_inputs(standard):
    sat = standard.series("relu", "saturated_fraction")
    assert np.all(np.abs(sat - 0.5) < 0.05)


# ---------------------------------------------------------------- mechanics


def reference(activations, depth, width, batch, init, seed, eps):
    """A plain re-implementation: the documented draws, then textbook passes."""
    rng = np.random.default_rng(seed)
    weights = []
    for _ in range(depth):
        if init == "standard":
            w = rng.uniform(-1, 1, (width, width)) / math.sqrt(width)
        elif init == "xavier":
            w = rng.uniform(-1, 1, (width, width)) * math.sqrt(6 / (2 * width))
        else:
            w = rng.standard_normal((width, width)) * math.sqrt(2 / width)
        weights.append(w)
    x = rng.standard_normal((batch, width))
    top = rng.standard_normal((batch, width))
    out = {}
    for act in activations:
        zs, h = [], x
        for w in weights:
            z = h @ w
            zs.append(z)
            h = act(z)
        g = top
        rms = [0.0] * depth
        for layer in reversed(range(depth)):
            delta = g * act.derivative(zs[layer])
            rms[layer] = float(np.sqrt(np.mean(delta**2)))
            g = delta @ weights[layer].T
        out[act.name] = rms
    return out


@pytest.mark.parametrize("init", ["standard", "xavier", "he"])
def test_agrees_with_a_plain_reimplementation(init):
    chosen = acts("sigmoid", "relu", "elu")
    result = simulate(chosen, depth=3, width=7, batch=5, init=init, seed=3)
    expected = reference(chosen, 3, 7, 5, init, 3, 0.05)
    for name, rms in expected.items():
        np.testing.assert_allclose(result.series(name, "grad_rms"), rms, rtol=1e-12)


def test_same_seed_same_result_other_seed_other_result():
    a = simulate(acts("tanh"), depth=3, width=20, batch=8, seed=7)
    b = simulate(acts("tanh"), depth=3, width=20, batch=8, seed=7)
    c = simulate(acts("tanh"), depth=3, width=20, batch=8, seed=8)
    assert a.records == b.records
    assert a.records != c.records


def test_every_activation_sees_the_same_network():
    alone = simulate(acts("relu"), depth=3, width=20, batch=8, seed=5)
    mixed = simulate(acts("sigmoid", "relu"), depth=3, width=20, batch=8, seed=5)
    assert alone.series("relu", "grad_rms").tolist() == mixed.series("relu", "grad_rms").tolist()


def test_records_shape_and_ranges():
    result = simulate(acts("sigmoid", "relu"), depth=4, width=30, batch=10, seed=1)
    assert len(result.records) == 8
    assert [r.layer for r in result.records] == [1, 2, 3, 4] * 2
    assert result.names == ("sigmoid", "relu")
    for r in result.records:
        assert r.grad_rms > 0
        assert 0 <= r.saturated_fraction <= 1
        assert 0 <= r.dead_fraction <= r.saturated_fraction or r.dead_fraction == 0


def test_a_zero_derivative_kills_every_unit_and_the_gradient():
    result = simulate(acts("binary_step"), depth=3, width=10, batch=4)
    assert result.series("binary_step", "grad_rms").tolist() == [0, 0, 0]
    assert result.series("binary_step", "dead_fraction").tolist() == [1, 1, 1]
    assert result.series("binary_step", "saturated_fraction").tolist() == [1, 1, 1]
    assert math.isnan(result.ratio("binary_step"))


def test_dead_means_zero_derivative_on_the_whole_batch():
    # With one input, a ReLU unit is dead exactly when it is off.
    result = simulate(acts("relu"), depth=3, width=200, batch=1, seed=2)
    assert np.array_equal(
        result.series("relu", "dead_fraction"), result.series("relu", "saturated_fraction")
    )


def test_eps_sets_the_saturation_threshold():
    loose = simulate(acts("sigmoid"), depth=2, width=50, batch=20, eps=0.3)
    tight = simulate(acts("sigmoid"), depth=2, width=50, batch=20, eps=0.05)
    assert np.all(loose.series("sigmoid", "saturated_fraction") == 1)  # sigma' <= 0.25
    assert np.all(tight.series("sigmoid", "saturated_fraction") < 1)


def test_parameters_and_names_mix_freely():
    chosen = [actplot.get("elu", alpha=0.5), actplot.get("elu", alpha=1.0), actplot.get("relu")]
    result = simulate(chosen, depth=2, width=10, batch=4, names=["elu a", "elu b", "relu"])
    assert result.names == ("elu a", "elu b", "relu")
    assert result.titles[0] == "ELU (α=0.5)"
    assert (
        result.series("elu a", "act_mean").tolist() != result.series("elu b", "act_mean").tolist()
    )


def test_overflow_in_a_deep_unbounded_stack_is_reported_not_warned():
    result = simulate(acts("exponential"), depth=30, width=50, batch=8, init="he", seed=0)
    assert not np.all(np.isfinite(result.series("exponential", "act_mean")))


@pytest.mark.parametrize("name", actplot.names(), ids=str)
def test_every_catalogue_function_runs(name):
    act = actplot.get(name)
    if not all(math.isfinite(v) for v in act.values.values()):
        pytest.skip(f"{name} has a parameter without a default")
    result = simulate([act], depth=3, width=16, batch=8, init="he", seed=0)
    assert len(result.records) == 3


def test_progress_reports_every_layer_of_both_passes():
    calls = []
    simulate(
        acts("tanh", "relu"), depth=3, width=8, batch=4, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(i, 12) for i in range(1, 13)]


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth must be at least 1"),
        ({"width": 0}, "width must be at least 1"),
        ({"batch": -3}, "batch must be at least 1"),
        ({"depth": 2.5}, "depth must be a whole number"),
        ({"init": "glorot"}, "unknown init 'glorot'"),
        ({"eps": 0}, "positive"),
    ],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(acts("relu"), **kwargs)


def test_absurd_sizes_are_refused_before_allocating():
    with pytest.raises(ValueError, match=r"needs about 7\.1 PiB of memory.*reduce depth"):
        simulate(acts("relu"), depth=1000, width=1_000_000, batch=256)


def test_memory_estimate_is_dominated_by_the_weights():
    assert estimate_bytes(5, 1000, 256) == 8 * (5 * 1000**2 + 5 * 256 * 1000 + 8 * 256 * 1000)


def test_names_must_be_unique_and_match():
    with pytest.raises(ValueError, match="unique"):
        simulate(acts("relu", "relu"), depth=1, width=2, batch=1)
    with pytest.raises(ValueError, match="length"):
        simulate(acts("relu"), depth=1, width=2, batch=1, names=["a", "b"])
    with pytest.raises(ValueError, match="at least one"):
        simulate([], depth=1, width=2, batch=1)


# ---------------------------------------------------------------- output


def test_table_lists_layers_and_ratios(standard):
    text = format_table(standard)
    lines = text.splitlines()
    assert "5 layers × 1000 units" in lines[0] and "standard init" in lines[0]
    assert lines[1].split() == ["layer", *NOTE]
    assert [line.split()[0] for line in lines[2:7]] == ["1", "2", "3", "4", "5"]
    ratios = lines[7].split()
    assert ratios[0] == "first/last"
    assert float(ratios[1]) == pytest.approx(standard.ratio("sigmoid"), rel=1e-2)


def test_csv_round_trips(tmp_path):
    result = simulate(acts("sigmoid", "relu"), depth=3, width=10, batch=4, names=["s,1", "relu"])
    path = tmp_path / "v.csv"
    result.write_csv(path)
    with path.open() as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 6
    assert rows[1][0] == "s,1"  # quoted, read back whole
    for row, record in zip(rows[1:], result.records, strict=True):
        assert int(row[1]) == record.layer
        assert float(row[2]) == record.grad_rms  # repr: exact
        assert float(row[5]) == record.dead_fraction
