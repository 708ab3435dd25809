"""A figure is laid out once, when built, and drawn once when saved, looking as before.

``fit_axes`` replaces constrained layout for a one-axes figure: the tests
check that it puts the axes where constrained layout does, that saving draws
the figure once, and that a figure changed after it was built is laid out
again. The legend's coverage test (``Occupancy``) is checked against the
polyline itself.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import actplot
from actplot.analysis.sampling import grid
from actplot.render.figure import figure
from actplot.render.layout import FittedLayout
from actplot.render.legend import Occupancy
from actplot.render.looks import look_of
from actplot.render.save import save

CASES = [
    (["sigmoid"], {}),
    (["relu"], {"derivative": False}),
    (["sigmoid", "tanh", "relu", "gelu", "silu", "mish"], {}),  # a wrapped title
    (["smht"], {"style": "slides"}),
    (["elu"], {"style": "paper", "size": (3.2, 2.4)}),
    (["gelu"], {"ylim": (-1e6, 1e6)}),  # wide tick labels
    (["tanh"], {"lang": "zh"}),
]


def _constrained_position(fig: Figure) -> np.ndarray:
    """Where constrained layout puts the figure's axes, under the figure's look."""
    with look_of(fig).context():
        fig.set_layout_engine("constrained")
        fig.draw_without_rendering()
    return fig.axes[0].get_position().get_points()


@pytest.mark.parametrize(("names", "kw"), CASES, ids=lambda c: str(c))
def test_axes_sit_where_constrained_layout_puts_them(names, kw):
    fig = figure([actplot.get(n) for n in names], grid(-10, 10, points=2001), **kw)
    assert isinstance(fig.get_layout_engine(), FittedLayout)
    fitted = fig.axes[0].get_position().get_points()
    fig.axes[0].get_legend().set_visible(False)  # inside: no part of either layout
    assert np.allclose(fitted, _constrained_position(fig), atol=1e-3)


def test_saving_draws_the_figure_once(monkeypatch, tmp_path):
    fig = figure([actplot.get("sigmoid")], grid(-10, 10))
    draws = []
    original = Figure.draw

    def counted(self, renderer):
        draws.append(type(renderer).__name__)
        return original(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    for fmt in ("png", "svg", "pdf"):
        draws.clear()
        save(fig, tmp_path / f"s.{fmt}")
        assert len(draws) == 1, (fmt, draws)
    assert isinstance(fig.get_layout_engine(), FittedLayout)  # restored after saving


def test_a_figure_changed_after_it_was_built_is_laid_out_again(tmp_path):
    fig = figure([actplot.get("sigmoid")], grid(-10, 10))
    (ax,) = fig.axes
    ax.set_ylabel("a y label\nof two lines", fontsize=20)
    save(fig, tmp_path / "s.png")
    renderer = fig.canvas.get_renderer()
    label = ax.yaxis.label.get_window_extent(renderer)
    assert label.x0 >= 0 and label.x1 < ax.bbox.x0  # on the figure, left of the axes


def test_a_plain_savefig_lays_the_figure_out_too():
    fig = figure([actplot.get("relu")], grid(-10, 10))
    fig.axes[0].set_ylabel("ReLU", fontsize=30)
    with look_of(fig).context():
        fig.savefig(io.BytesIO(), format="png")  # matplotlib runs the FittedLayout engine
    label = fig.axes[0].yaxis.label.get_window_extent(fig.canvas.get_renderer())
    assert label.x0 >= 0


def test_a_legend_outside_gets_room():
    names = ["sigmoid", "tanh", "relu", "gelu", "silu", "mish", "elu", "softplus"]
    fig = figure([actplot.get(n) for n in names], grid(-20, 20, points=2001), formula=True)
    (ax,) = fig.axes
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < ax.bbox.y0  # below the axes (too big for any corner)
    assert legend.y0 >= 0 and legend.x0 >= 0 and legend.x1 <= fig.bbox.width


def test_window_figures_keep_their_own_layout():
    fig = Figure(layout="constrained")
    FigureCanvasAgg(fig)
    sub = fig.subfigures(1, 1)
    figure([actplot.get("tanh")], grid(-3, 3, points=101), fig=sub)
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


# ---------------------------------------------------------------- Occupancy


def _axes(x, ys, ylim):
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    lines = [ax.plot(x, y)[0] for y in ys]
    ax.set_xlim(float(np.nanmin(x)), float(np.nanmax(x)))
    ax.set_ylim(*ylim)
    return ax, lines


def test_a_narrow_spike_between_samples_of_a_thinned_line_is_seen():
    # 2,000,001 points with one point raised: every stride sample misses it.
    x = np.linspace(-1, 1, 2_000_001)
    y = np.zeros_like(x)
    y[1_234_567] = 1.0
    ax, lines = _axes(x, [y], (-0.1, 1.1))
    occupied = Occupancy.of(ax, lines)
    assert occupied.low.size == int(ax.bbox.width)  # per pixel column, not per point
    u = (x[1_234_567] + 1) / 2
    v = (0.9 + 0.1) / 1.2
    assert occupied.covers(u - 0.01, u + 0.01, v - 0.01, v + 0.01)
    assert not occupied.covers(u + 0.02, u + 0.1, v - 0.01, v + 0.01)


def test_a_long_straight_segment_covers_every_column_it_crosses():
    ax, lines = _axes(np.array([0.0, 1.0]), [np.array([0.0, 1.0])], (0.0, 1.0))
    occupied = Occupancy.of(ax, lines)
    for t in np.linspace(0.05, 0.95, 19):
        assert occupied.covers(t - 0.01, t + 0.01, t - 0.01, t + 0.01)
        assert not occupied.covers(t - 0.01, t + 0.01, t + 0.05, t + 0.07)


def test_occupancy_matches_the_polyline_on_random_lines():
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(2, 400))
        x = np.sort(rng.uniform(-3, 3, n))
        y = np.cumsum(rng.normal(size=n))
        y[rng.integers(0, n)] = np.nan  # a break
        ax, lines = _axes(x, [y], (float(np.nanmin(y)) - 1, float(np.nanmax(y)) + 1))
        occupied = Occupancy.of(ax, lines)
        # The polyline, densely, with the break bridged as Occupancy does.
        ok = np.isfinite(y)
        dense = np.linspace(x[ok][0], x[ok][-1], 200_001)
        yd = np.interp(dense, x[ok], y[ok])
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        u, v = (dense - x0) / (x1 - x0), (yd - y0) / (y1 - y0)
        for _ in range(30):
            bu, bv = rng.uniform(0, 0.8, 2)
            box = (bu, bu + rng.uniform(0.02, 0.2), bv, bv + rng.uniform(0.02, 0.2))
            hit = ((u > box[0]) & (u < box[1]) & (v > box[2]) & (v < box[3])).any()
            if hit:  # never a miss; a false alarm only within a column of the box
                assert occupied.covers(*box)
            elif occupied.covers(*box):
                n_cols = occupied.low.size
                widened = (box[0] - 1 / n_cols, box[1] + 1 / n_cols, box[2] - 1e-6, box[3] + 1e-6)
                near = (u > widened[0]) & (u < widened[1]) & (v > widened[2]) & (v < widened[3])
                assert near.any()


def test_inverted_axes_are_handled():
    x = np.linspace(0, 1, 101)
    ax, lines = _axes(x, [x], (0, 1))
    ax.set_xlim(1, 0)
    ax.set_ylim(1, 0)
    occupied = Occupancy.of(ax, lines)
    # y = x runs from the top left (u=0 is x=1, v=0 is y=1) to the bottom right.
    assert occupied.covers(0.0, 0.05, 0.0, 0.05)
    assert not occupied.covers(0.0, 0.05, 0.5, 1.0)
