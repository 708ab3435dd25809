"""The shared network core: initialisers, layers with batch normalisation, statistics."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actplot
from actplot.network import init as initmod
from actplot.network.layers import (
    activate,
    backward_layer,
    batchnorm_forward,
    forward_layer,
)
from actplot.network.stats import (
    dead_fraction,
    histograms,
    jacobian_mean_singular_value,
    rms,
    saturated_fraction,
    summary,
)
from actplot.network.threads import blas_threads

# ---------------------------------------------------------------- initialisers


def weights(name, n_in=400, n_out=300, gain=1.0, seed=0):
    return initmod.initial_weights(np.random.default_rng(seed), name, (n_in, n_out), gain=gain)[0]


@pytest.mark.parametrize(
    ("name", "variance"),
    [
        ("standard", 1 / (3 * 400)),  # U[±1/√n]
        ("xavier", 2 / (400 + 300)),  # U[±√6/√(n_in+n_out)]
        ("he", 2 / 400),
        ("lecun", 1 / 400),
    ],
)
def test_initialisers_have_their_documented_variance(name, variance):
    w = weights(name)
    assert w.shape == (400, 300) and w.dtype == np.float64
    assert w.var() == pytest.approx(variance, rel=0.02)
    assert abs(w.mean()) < 0.05 * math.sqrt(variance)


def test_uniform_initialisers_are_bounded():
    assert np.abs(weights("standard")).max() <= 1 / math.sqrt(400)
    assert np.abs(weights("xavier")).max() <= math.sqrt(6 / 700)


@pytest.mark.parametrize(("n_in", "n_out"), [(200, 200), (300, 120), (120, 300)])
def test_orthogonal_has_orthonormal_rows_or_columns(n_in, n_out):
    w = weights("orthogonal", n_in, n_out)
    small = min(n_in, n_out)
    gram = w.T @ w if n_in >= n_out else w @ w.T
    np.testing.assert_allclose(gram, np.eye(small), atol=1e-12)


def test_gain_multiplies_and_families_share_their_draws():
    np.testing.assert_array_equal(weights("xavier", gain=3.0), weights("xavier") * 3.0)
    # standard and xavier scale the same uniform draws; he and lecun the same normal ones
    ratio = weights("xavier") / weights("standard")
    np.testing.assert_allclose(ratio, math.sqrt(6 / 700) * math.sqrt(400))
    np.testing.assert_allclose(weights("he") / weights("lecun"), math.sqrt(2))


def test_bad_init_and_gain_are_refused():
    with pytest.raises(ValueError, match="unknown init 'glorot': use standard, xavier, he"):
        initmod.check_init("glorot")
    for bad in (0, -1, float("inf"), float("nan"), "x"):
        with pytest.raises(ValueError, match="gain"):
            initmod.check_gain(bad)


def test_dtype_is_applied():
    w = initmod.initial_weights(np.random.default_rng(0), "he", (5, 4), dtype=np.float32)[0]
    assert w.dtype == np.float32


# ---------------------------------------------------------------- layers


def test_batchnorm_normalises_each_unit():
    s = np.random.default_rng(1).normal(3.0, 5.0, (64, 7))
    y, cache = batchnorm_forward(s)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    var = s.var(axis=0)
    np.testing.assert_allclose(y.var(axis=0), var / (var + 1e-5), rtol=1e-12)
    np.testing.assert_allclose(cache.inv_std, 1 / np.sqrt(s.var(axis=0) + 1e-5))


def _network_loss(x, ws, act, bn, top):
    h = x
    for w in ws:
        h, _ = forward_layer(h, w, act, batchnorm=bn)
    return float(np.sum(top * h))


@pytest.mark.parametrize("bn", [False, True], ids=["plain", "batchnorm"])
@pytest.mark.parametrize("name", ["tanh", "sigmoid", "x*sigmoid(x)"])
def test_backward_pass_matches_finite_differences(name, bn):
    act = actplot.get(name)
    rng = np.random.default_rng(4)
    ws = [rng.normal(0, 0.6, (6, 6)) for _ in range(3)]
    x = rng.standard_normal((5, 6))
    top = rng.standard_normal((5, 6))
    passes, h = [], x
    for w in ws:
        h, lp = forward_layer(h, w, act, batchnorm=bn, keep_input=True)
        passes.append(lp)
    g = top
    grads_w = [None] * 3
    for layer in (2, 1, 0):
        delta, g_below = backward_layer(g, passes[layer], ws[layer])
        grads_w[layer] = passes[layer].h_in.T @ delta
        g = g_below
    step = 1e-6
    for layer in range(3):
        numeric = np.zeros((6, 6))
        for i in range(6):
            for j in range(6):
                plus = [w.copy() for w in ws]
                minus = [w.copy() for w in ws]
                plus[layer][i, j] += step
                minus[layer][i, j] -= step
                numeric[i, j] = (
                    _network_loss(x, plus, act, bn, top) - _network_loss(x, minus, act, bn, top)
                ) / (2 * step)
        np.testing.assert_allclose(grads_w[layer], numeric, rtol=1e-5, atol=1e-8)
    # and dC/dx of the input
    numeric_x = np.zeros_like(x)
    for i in range(5):
        for j in range(6):
            xp, xm = x.copy(), x.copy()
            xp[i, j] += step
            xm[i, j] -= step
            numeric_x[i, j] = (
                _network_loss(xp, ws, act, bn, top) - _network_loss(xm, ws, act, bn, top)
            ) / (2 * step)
    np.testing.assert_allclose(g, numeric_x, rtol=1e-5, atol=1e-8)


def test_activations_keep_the_networks_dtype():
    y = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    h, d = activate(actplot.get("gelu"), y)
    assert h.dtype == d.dtype == np.float32
    np.testing.assert_allclose(h, actplot.get("gelu")(y.astype(np.float64)), rtol=1e-6)


# ---------------------------------------------------------------- statistics


def test_simple_statistics():
    x = np.array([[3.0, 0.0], [-4.0, 0.0]])
    assert rms(x) == pytest.approx(math.sqrt(25 / 4))
    d = np.array([[0.0, 0.5, 0.01], [0.0, 0.0, 0.2]])
    assert dead_fraction(d) == pytest.approx(1 / 3)
    assert saturated_fraction(d, 0.05) == pytest.approx(4 / 6)
    mean, std, p98 = summary(np.arange(101.0))
    assert (mean, p98) == (50.0, 98.0) and std == pytest.approx(np.arange(101.0).std())


def test_histograms_share_edges_and_are_fractions():
    rng = np.random.default_rng(0)
    layers = [rng.normal(0, s, 2000) for s in (0.1, 1.0, 3.0)]
    edges, fractions = histograms(layers, bins=40)
    assert edges.shape == (41,)
    for f in fractions:
        assert f.shape == (40,) and 0.97 <= f.sum() <= 1.0
    assert fractions[0].max() > fractions[2].max()  # the narrow layer peaks higher
    edges, (f,) = histograms([np.full(10, 2.0)])
    assert edges[0] < 2 < edges[-1] and f.sum() == 1


@pytest.mark.parametrize("shape", [(30, 30), (40, 25), (25, 40)])
def test_jacobian_mean_singular_value_matches_an_svd(shape):
    rng = np.random.default_rng(2)
    w = rng.standard_normal(shape) / math.sqrt(shape[0])
    d = rng.uniform(0, 1, (3, shape[1]))
    inv = rng.uniform(0.5, 2, shape[1])
    expected = np.mean(
        [np.linalg.svd(np.diag(row * inv) @ w.T, compute_uv=False).mean() for row in d]
    )
    got = jacobian_mean_singular_value(w, d, inv_std=inv, examples=3)
    assert got == pytest.approx(expected, rel=1e-10)


def test_blas_threads_restores_the_count():
    from actplot.network import threads

    with blas_threads(1):
        if threads._FUNCTIONS:
            assert [get() for get, _ in threads._FUNCTIONS] == [1] * len(threads._FUNCTIONS)
        a = np.ones((50, 50)) @ np.ones((50, 50))
    assert a[0, 0] == 50
    with blas_threads(None):
        pass
