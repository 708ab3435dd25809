"""Issue 15: the trainer, its data and its records; the lecture note's training claims as
properties with fixed seeds at small widths (the paper-size runs are in tests/benchmark.py,
case ``train-claims``).

Where the claims are checked at other sizes than the issue's:

* Fig. 2 at 5 x 250: the top layer's mean falls more slowly than at 5 x 1000 (0.17 after
  600 updates, 0.10 after 1200), so the test trains 1500 updates.
* Dead ReLUs at 5 x 256 (the issue's size): with this Shapeset generator and He init on
  every layer, lr 0.15 diverges within 8-14 updates on seeds 0-2, so the test compares
  lr 0.12 (the largest that trains on all three) with 0.01.
* Spirals: tanh beats sigmoid after 1000 updates already (the issue's 2000 in the benchmark).
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest

import actplot
from actplot.network.data import (
    MONITOR,
    SHAPESET_CLASSES,
    load_data,
    load_npz,
    shapeset,
    spirals,
)
from actplot.network.train import CSV_COLUMNS, LAYER_METRICS, default_every, train


def acts(*names):
    return [actplot.get(n) for n in names]


# ---------------------------------------------------------------- the note's claims


def test_fig2_sigmoid_top_layer_saturates_while_lower_layers_stay():
    result = train(acts("sigmoid"), depth=5, width=250, init="standard", lr=0.1, updates=1500,
                   every=1500, seed=0)  # fmt: skip
    rec = result.runs[0]
    final = [rec.series("act_mean", layer)[1][-1] for layer in range(1, 6)]
    assert rec.series("act_mean", 5)[1][0] > 0.45  # it starts near 0.5 ...
    assert final[4] <= 0.10  # ... and the top layer is driven towards 0
    assert min(final[:3]) >= 0.45
    assert rec.series("test_error")[1][-1] > 0.70


@pytest.fixture(scope="module")
def at_init():
    return train(acts("tanh"), depth=5, width=250, init=("standard", "xavier"), updates=0,
                 hist_at=(0,))  # fmt: skip


def test_fig7_backpropagated_gradients_shrink_towards_the_input_with_standard_init(at_init):
    def ratio(name):
        rec = at_init.run(name)
        return rec.series("grad_std", 1)[1][0] / rec.series("grad_std", 5)[1][0]

    assert ratio("tanh/init=standard") <= 0.2
    assert ratio("tanh/init=xavier") >= 0.5


def test_fig6_activation_spread_at_initialisation(at_init):
    # The shared note's prototype: std layer 1 -> 5 about 0.30 -> 0.03 standard, 0.45 -> 0.28 xavier
    std = at_init.run("tanh/init=standard")
    xav = at_init.run("tanh/init=xavier")
    assert std.series("act_std", 1)[1][0] > 5 * std.series("act_std", 5)[1][0]
    assert xav.series("act_std", 1)[1][0] < 2.5 * xav.series("act_std", 5)[1][0]


def test_dead_relu_units_grow_with_the_learning_rate():
    result = train(acts("relu"), depth=5, width=256, init="he", lr=(0.01, 0.12), seed=(0, 1, 2),
                   updates=300, every=300)  # fmt: skip
    for seed in (0, 1, 2):
        small = result.run(f"relu/lr=0.01/seed={seed}")
        large = result.run(f"relu/lr=0.12/seed={seed}")
        assert small.diverged_at is None and large.diverged_at is None
        dead_small = small.series("dead", 5)[1][-1]
        dead_large = large.series("dead", 5)[1][-1]
        assert dead_large >= 3 * max(dead_small, 1 / 256), (seed, dead_small, dead_large)


def test_tanh_learns_faster_than_sigmoid_on_spirals():
    result = train(acts("sigmoid", "tanh"), depth=5, width=64, lr=0.1, seed=(0, 1, 2),
                   updates=1000, every=1000, data="spirals")  # fmt: skip
    for seed in (0, 1, 2):
        sig = result.run(f"sigmoid/seed={seed}").series("test_error")[1][-1]
        tanh = result.run(f"tanh/seed={seed}").series("test_error")[1][-1]
        assert tanh < sig, (seed, tanh, sig)


# ---------------------------------------------------------------- data


def test_shapeset_is_deterministic_balanced_and_in_range():
    x, y = shapeset(np.random.default_rng(3), 900)
    x2, y2 = shapeset(np.random.default_rng(3), 900)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert x.shape == (900, 1024) and x.dtype == np.float32 and y.dtype == np.int64
    assert x.min() >= -1 and x.max() <= 1
    assert np.bincount(y, minlength=9).min() > 60
    assert len(SHAPESET_CLASSES) == 9


def test_shapeset_images_have_a_background_and_one_or_two_grey_levels_on_it():
    x, y = shapeset(np.random.default_rng(0), 200)
    for img, label in zip(x, y, strict=True):
        levels = np.unique(img)
        assert 2 <= len(levels) <= (2 if label < 3 else 3)
        background = np.bincount(np.searchsorted(levels, img)).argmax()
        value = (levels[background] + 1) / 2  # back to [0, 1]
        assert value <= 0.45 or value >= 0.55  # background grey, maybe inverted


def test_shapeset_generates_a_thousand_images_quickly():
    import time

    start = time.perf_counter()
    shapeset(np.random.default_rng(0), 1000)
    assert time.perf_counter() - start < 2.0  # well under a second on a quiet machine


def test_spirals_and_the_streams():
    x, y = spirals(np.random.default_rng(0), 600)
    assert x.shape == (600, 2) and set(np.unique(y)) == {0, 1, 2}
    data = load_data("spirals", seed=4)
    assert data.test_x.shape == (500, 2) and data.monitor_x.shape == (MONITOR, 2)
    first = [b for _, b in zip(range(3), data.batches(10), strict=False)]
    again = [b for _, b in zip(range(3), data.batches(10), strict=False)]
    for (xa, ya), (xb, yb) in zip(first, again, strict=True):
        assert np.array_equal(xa, xb) and np.array_equal(ya, yb)
    other = load_data("spirals", seed=5)
    assert not np.array_equal(other.test_x, data.test_x)


def test_npz_loads_splits_and_shuffles(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "d.npz"
    np.savez(path, x=rng.standard_normal((100, 3, 2)), y=rng.integers(0, 4, 100))
    data = load_npz(path, seed=1)
    assert (data.features, data.classes) == (6, 4)
    assert len(data.test_y) == 20 and len(data.train_y) == 80
    batches = data.batches(16)
    seen = [next(batches) for _ in range(6)]  # past an epoch of 5 batches
    assert all(b[0].shape == (16, 6) and b[0].dtype == np.float32 for b in seen)


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"x": np.zeros((20, 2))}, "no array y"),
        ({"x": np.zeros(20), "y": np.zeros(20, int)}, "row per example"),
        ({"x": np.zeros((20, 2)), "y": np.zeros(20)}, "integer label"),
        ({"x": np.zeros((20, 2)), "y": np.zeros(19, int)}, "20 examples but y has 19"),
        ({"x": np.zeros((5, 2)), "y": np.arange(5) % 2}, "too few"),
        ({"x": np.full((20, 2), np.nan), "y": np.arange(20) % 2}, "NaN"),
        ({"x": np.zeros((20, 2)), "y": np.zeros(20, int)}, "two classes"),
        ({"x": np.zeros((20, 2)), "y": np.arange(20) % 2 - 1}, "0 or more"),
        ({"x": np.array([["a", "b"]] * 20), "y": np.arange(20) % 2}, "real numbers"),
    ],
)
def test_bad_npz_files_are_refused_clearly(tmp_path, arrays, message):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=message):
        load_npz(path)


def test_unreadable_and_unknown_data(tmp_path):
    (tmp_path / "junk.npz").write_text("not a zip")
    with pytest.raises(ValueError, match="not a readable .npz"):
        load_npz(tmp_path / "junk.npz")
    with pytest.raises(ValueError, match="no such file"):
        load_npz(tmp_path / "none.npz")
    with pytest.raises(ValueError, match="unknown data 'mnist'"):
        load_data("mnist")


# ---------------------------------------------------------------- the trainer


def reference_step(x, y, ws, bs, act, lr):
    """A textbook SGD step in float64 (NLL of the softmax, mean over the batch)."""
    hs, ds, h = [x], [], x
    for w, b in zip(ws[:-1], bs[:-1], strict=True):
        s = h @ w + b
        hs.append(act(s))
        ds.append(act.derivative(s))
        h = hs[-1]
    o = h @ ws[-1] + bs[-1]
    p = np.exp(o - o.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(len(y)), y]))
    g = p.copy()
    g[np.arange(len(y)), y] -= 1
    g /= len(y)
    new_w, new_b = [None] * len(ws), [None] * len(ws)
    for layer in reversed(range(len(ws))):
        new_w[layer] = ws[layer] - lr * hs[layer].T @ g
        new_b[layer] = bs[layer] - lr * g.sum(0)
        if layer:
            g = (g @ ws[layer].T) * ds[layer - 1]
    return loss, new_w, new_b


def test_sgd_step_matches_a_textbook_implementation():
    from actplot.network.train import _Network

    act = actplot.get("softsign")
    rng = np.random.default_rng(0)
    ws = [rng.normal(0, 0.5, s) for s in ((4, 6), (6, 6), (6, 3))]
    bs = [rng.normal(0, 0.1, s[1]) for s in ((4, 6), (6, 6), (6, 3))]
    x, y = rng.standard_normal((5, 4)), rng.integers(0, 3, 5)
    loss, new_w, new_b = reference_step(x, y, ws, bs, act, 0.3)
    net = _Network(act, [w.copy() for w in ws], np.dtype(np.float64))
    net.biases = [b.copy() for b in bs]
    assert net.step(x, y, 0.3) == pytest.approx(loss, rel=1e-12)
    for a, b in zip(net.weights + net.biases, new_w + new_b, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


@pytest.fixture(scope="module")
def small():
    return train(acts("tanh", "relu"), depth=3, width=20, updates=40, every=10, lr=(0.05, 0.1),
                 data="spirals", hist_at=(0, 40), seed=1)  # fmt: skip


def test_records_every_few_updates_for_every_run(small):
    assert small.names == ("tanh/lr=0.05", "tanh/lr=0.1", "relu/lr=0.05", "relu/lr=0.1")
    for rec in small.runs:
        assert rec.updates == [0, 10, 20, 30, 40]
        for metric in LAYER_METRICS:
            assert np.array(rec.layers[metric]).shape == (5, 3)
        assert all(0 <= e <= 1 for e in rec.network["test_error"])
        assert len(rec.histograms) == 2 * 3 * 3  # two updates, three quantities, three layers
    assert default_every(600) == 10 and default_every(0) == 1 and default_every(5000) == 83


def test_same_seed_same_data_and_initial_weights(small):
    # Runs differing only in lr start from the same network: identical records at update 0.
    a, b = small.run("tanh/lr=0.05"), small.run("tanh/lr=0.1")
    assert a.layers["act_std"][0].tolist() == b.layers["act_std"][0].tolist()
    again = train(acts("tanh"), depth=3, width=20, updates=40, every=10, lr=0.05,
                  data="spirals", seed=1)  # fmt: skip
    assert again.runs[0].network["test_error"] == a.network["test_error"]


def test_float64_agrees_with_float32_roughly():
    kw = {"depth": 2, "width": 16, "updates": 20, "every": 20, "data": "spirals"}
    r32 = train(acts("tanh"), **kw)
    r64 = train(acts("tanh"), dtype="float64", **kw)
    np.testing.assert_allclose(r32.runs[0].layers["act_std"][-1],
                               r64.runs[0].layers["act_std"][-1], rtol=1e-3)  # fmt: skip


def test_tidy_csv(small, tmp_path):
    path = tmp_path / "t.csv"
    small.write_csv(path)
    rows = list(csv.reader(io.StringIO(path.read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = rows[1:]
    stats = [r for r in body if not r[6].startswith("hist_")]
    assert len(stats) == 4 * 5 * (3 * len(LAYER_METRICS) + 2)
    loss = [r for r in stats if r[6] == "loss"]
    assert loss[0][:6] == ["tanh", "standard", "0.05", "1", "0", ""]
    hist = [r for r in body if r[6].startswith("hist_")]
    name, lo, hi = hist[0][6].split(":")
    assert name == "hist_act" and float(lo) < float(hi)
    assert {r[6].split(":")[0] for r in hist} == {"hist_act", "hist_grad", "hist_wgrad"}
    value = next(r for r in stats if r[6] == "act_std" and r[5] == "2")
    assert float(value[7]) == small.runs[0].layers["act_std"][0][1]  # exact


def test_a_diverging_run_stops_and_the_others_go_on():
    result = train(acts("identity"), depth=3, width=64, init="he", lr=(0.01, 50.0), updates=30,
                   every=5, data="spirals")  # fmt: skip
    ok, bad = result.run("identity/lr=0.01"), result.run("identity/lr=50")
    assert ok.diverged_at is None and ok.updates[-1] == 30
    assert bad.diverged_at is not None and bad.diverged_at <= 30
    assert bad.updates[-1] < bad.diverged_at
    assert f"diverged at update {bad.diverged_at}" in result.summary()


def test_progress_counts_updates_of_every_run():
    calls = []
    train(acts("tanh"), depth=1, width=4, updates=5, lr=(0.1, 0.2), data="spirals",
          progress=lambda d, t: calls.append((d, t)))  # fmt: skip
    assert calls == [(i, 10) for i in range(1, 11)]


def test_keyboard_interrupt_keeps_what_was_recorded():
    def stop(done, total):
        if done == 12:
            raise KeyboardInterrupt

    result = train(acts("tanh", "relu"), depth=1, width=4, updates=10, every=2, data="spirals",
                   progress=stop)  # fmt: skip
    assert result.interrupted
    assert result.names == ("tanh", "relu")
    assert result.runs[0].updates == [0, 2, 4, 6, 8, 10]
    assert result.runs[1].updates == [0]
    assert "interrupted" in result.summary()


def test_summary_lines(small):
    lines = small.summary().splitlines()
    assert "3 layers × 20 units on spirals" in lines[0]
    assert lines[1].startswith("tanh/lr=0.05: after 40 updates loss ")
    assert "test error" in lines[1] and "top-layer mean" in lines[1] and "dead" in lines[1]


@pytest.mark.parametrize("name", actplot.names(), ids=str)
def test_every_catalogue_function_trains_or_reports_divergence(name):
    act = actplot.get(name)
    if not all(math.isfinite(v) for v in act.values.values()):
        pytest.skip(f"{name} has a parameter without a default")
    result = train([act], depth=2, width=6, updates=3, every=3, data="spirals")
    rec = result.runs[0]
    assert rec.updates[0] == 0
    assert rec.diverged_at is not None or rec.updates == [0, 3]


def test_a_formula_and_a_parameter_train():
    for act in [actplot.get("x*sigmoid(x)"), actplot.get("elu", alpha=0.5)]:
        result = train([act], depth=2, width=8, updates=3, data="spirals")
        assert result.runs[0].updates == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth must be at least 1"),
        ({"updates": -1}, "updates must be at least 0"),
        ({"lr": 0}, "learning rate must be a positive"),
        ({"lr": (0.1, 0.1)}, "listed twice"),
        ({"init": "glorot"}, "unknown init"),
        ({"dtype": "float16"}, "unknown dtype"),
        ({"hist_at": (700,)}, "histograms at update 700"),
        ({"every": 0}, "every must be at least 1"),
        ({"width": 10**6}, r"needs about .* of memory"),
        ({"updates": 10**8}, r"would take about .* reduce depth, width or updates"),
    ],
)
def test_bad_settings_are_refused_before_any_work(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train(acts("tanh"), **kwargs)


def test_no_nan_in_records_of_a_healthy_run(small):
    for rec in small.runs:
        for metric in LAYER_METRICS:
            assert all(math.isfinite(v) for row in rec.layers[metric] for v in row)
