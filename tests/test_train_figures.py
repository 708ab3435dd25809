"""The figures of ``actplot train``: every view draws the recorded numbers."""

from __future__ import annotations

import numpy as np
import pytest

import actplot
from actplot.network.train import train
from actplot.render.save import save
from actplot.render.train import MAX_PANELS, TRAIN_VIEWS, check_panels, train_figure


@pytest.fixture(scope="module")
def runs():
    return train([actplot.get("tanh"), actplot.get("relu")], depth=3, width=16, updates=30,
                 every=5, data="spirals", hist_at=(0, 30))  # fmt: skip


@pytest.fixture(scope="module")
def diverging():
    return train([actplot.get("identity")], depth=3, width=32, lr=(0.01, 50.0), updates=30,
                 every=5, data="spirals", hist_at=(0, 30))  # fmt: skip


@pytest.mark.parametrize("view", TRAIN_VIEWS)
def test_every_view_saves(runs, diverging, view, tmp_path):
    for result in (runs, diverging):
        fig = train_figure(result, view=view)
        save(fig, tmp_path / f"{view}.png", dpi=40)


def test_stats_panels_hold_mean_per_layer(runs):
    fig = train_figure(runs, view="stats")
    ax = fig.axes[0]
    assert ax.get_title() == "tanh"
    rec = runs.runs[0]
    for layer, line in enumerate(ax.get_lines()[:3], start=1):
        u, mean = rec.series("act_mean", layer)
        assert np.array_equal(line.get_xdata(), u) and np.array_equal(line.get_ydata(), mean)
    assert "mean ± std" in fig.get_suptitle() and "3 layers × 16 units on spirals" in (
        fig.get_suptitle()
    )


def test_p98_draws_markers_and_lines(runs):
    fig = train_figure(runs, view="p98")
    lines = fig.axes[1].get_lines()
    rec = runs.runs[1]
    assert lines[0].get_linestyle() == "None"
    assert np.array_equal(lines[0].get_ydata(), rec.series("act_p98", 1)[1])
    assert np.array_equal(lines[1].get_ydata(), rec.series("act_std", 1)[1])


def test_hist_has_three_rows_and_a_column_per_run_and_update(runs):
    fig = train_figure(runs, view="hist")
    assert len(fig.axes) == 3 * 4
    assert fig.axes[0].get_title() == "tanh\nupdate 0"
    assert [len(ax.get_lines()) for ax in fig.axes] == [3] * 12


def test_error_and_dead_mark_divergence(diverging):
    bad = diverging.run("identity/lr=50")
    assert bad.diverged_at is not None
    fig = train_figure(diverging, view="error")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0] == "Identity, lr 0.01"
    assert labels[1] == f"Identity, lr 50  (diverged at update {bad.diverged_at})"
    fig = train_figure(diverging, view="dead")
    assert [ax.get_title() for ax in fig.axes[:3]] == ["layer 1", "layer 2", "layer 3"]
    fig = train_figure(diverging, view="stats")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert f"diverged at update {bad.diverged_at}" in texts


def test_too_many_panels_and_missing_histograms_are_refused(runs):
    many = train([actplot.get("tanh")], depth=1, width=4, updates=2,
                 lr=tuple(0.01 * k for k in range(1, MAX_PANELS + 2)), data="spirals")  # fmt: skip
    with pytest.raises(ValueError, match=f"{MAX_PANELS + 1} is more than the {MAX_PANELS}"):
        check_panels(many, "stats")
    check_panels(many, "error")  # lines: any number
    with pytest.raises(ValueError, match="no histograms"):
        check_panels(many, "hist")
    with pytest.raises(ValueError, match="unknown view"):
        train_figure(runs, view="pie")


def test_chinese_words(diverging):
    try:
        fig = train_figure(diverging, view="error", lang="zh")
    except Exception as error:  # no CJK font here
        pytest.skip(str(error))
    assert fig.get_suptitle().startswith("训练损失与测试错误率")
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "学习率50" in labels[1] and "发散" in labels[1]
    fig = train_figure(diverging, view="dead", lang="zh")
    assert fig.axes[0].get_ylabel() == "死亡神经元比例"


def test_window_shows_the_train_figure(runs, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from actplot.render.window import show_train

    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    monkeypatch.setattr("actplot.render.window._interactive_backend", lambda plt: True)
    show_train(runs, view="error", dpi=300)
    (fig,) = shown
    try:
        assert tuple(fig.get_size_inches()) == (12.0, 5.0)
        assert fig.axes[1].get_ylabel() == "test error"
    finally:
        plt.close(fig)
