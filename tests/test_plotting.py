"""Figures tested as figures: line data, line styles, breaks, legend, baselines."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

import actplot
from actplot.analysis.sampling import grid
from actplot.render.curves import curve, plot_activation
from actplot.render.defaults import SEED_COLORS
from actplot.render.figure import figure
from actplot.render.save import save

BASELINE_DIR = Path(__file__).parent / "baseline"
# RMS difference on the 0-255 scale allowed against a baseline: text antialiasing
# differs slightly between FreeType builds; a wrong curve, colour or layout does not.
BASELINE_TOL = 3.0


def _lines(fig: Figure):
    (ax,) = fig.axes
    return ax.get_lines()


def test_single_function_reproduces_the_notes_look():
    x = grid(-10, 10)
    fig = figure([actplot.get("sigmoid")], x)
    f_line, d_line = _lines(fig)
    assert f_line.get_linestyle() == "-" and d_line.get_linestyle() == "--"
    assert to_rgba(f_line.get_color()) == to_rgba(SEED_COLORS[0])  # red
    assert to_rgba(d_line.get_color()) == to_rgba(SEED_COLORS[1])  # blue
    assert np.array_equal(f_line.get_xdata(), x)
    assert np.array_equal(f_line.get_ydata(), actplot.get("sigmoid")(x))
    assert np.array_equal(d_line.get_ydata(), actplot.get("sigmoid").derivative(x))
    (ax,) = fig.axes
    assert ax.get_title() == "Sigmoid (solid) and its derivative (dashed)"
    assert all(line.get_visible() for line in ax.get_xgridlines())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Sigmoid",
        "Sigmoid derivative",
    ]
    assert ax.get_xlim() == (-10.0, 10.0)


def test_ylim_fitted_to_both_curves_with_margin():
    fig = figure([actplot.get("relu")], grid(-10, 10))
    lo, hi = fig.axes[0].get_ylim()
    assert -1.0 < lo < 0.0 and 10.0 < hi < 11.0  # ReLU is not clipped, unlike the note


def test_ylim_override():
    fig = figure([actplot.get("relu")], grid(-10, 10), ylim=(-1, 1))
    assert fig.axes[0].get_ylim() == (-1.0, 1.0)


def test_several_functions_one_colour_each_solid_and_dashed():
    names = ["sigmoid", "tanh", "relu"]
    fig = figure([actplot.get(n) for n in names], grid(-5, 5))
    lines = _lines(fig)
    assert len(lines) == 6
    for f_line, d_line in zip(lines[::2], lines[1::2], strict=True):
        assert f_line.get_linestyle() == "-" and d_line.get_linestyle() == "--"
        assert f_line.get_color() == d_line.get_color()
    assert len({line.get_color() for line in lines}) == 3
    assert fig.axes[0].get_title() == (
        "Sigmoid, tanh and ReLU (solid) and their derivatives (dashed)"
    )


def test_step_in_derivative_is_a_break_not_a_vertical_line():
    relu = actplot.get("relu")
    xs, ys = curve(relu, grid(-1, 1, points=5), derivative=True)
    gap = np.flatnonzero(np.isnan(ys))
    assert gap.size == 1
    left, right = gap[0] - 1, gap[0] + 1
    assert ys[left] == 0.0 and ys[right] == 1.0  # no point in between joins them
    assert xs[left] < 0.0 and xs[right] == 0.0  # right-hand value at the kink


def test_continuous_function_is_not_broken_at_its_kink():
    xs, ys = curve(actplot.get("relu"), grid(-1, 1, points=4))
    assert not np.isnan(ys).any()
    assert 0.0 in xs  # the corner itself is drawn exactly


def test_no_derivative():
    fig = figure([actplot.get("tanh")], grid(-3, 3), derivative=False)
    assert len(_lines(fig)) == 1
    assert fig.axes[0].get_title() == "tanh"


def test_plot_activation_draws_on_given_axes_and_returns_lines():
    fig = Figure()
    ax = fig.add_subplot()
    lines = plot_activation(ax, actplot.get("softsign"), grid(-2, 2), color="k")
    assert lines == ax.get_lines() and len(lines) == 2


def _legend_box_in_axes_fraction(fig: Figure):
    ax = fig.axes[0]
    fig.canvas.draw()
    return ax.get_legend().get_window_extent().transformed(ax.transAxes.inverted())


@pytest.mark.parametrize("names", [["sigmoid"], ["relu"], ["tanh"], ["relu", "softsign"]])
def test_legend_covers_no_curve(names):
    x = grid(-10, 10)
    fig = figure([actplot.get(n) for n in names], x)
    box = _legend_box_in_axes_fraction(fig)
    ax = fig.axes[0]
    for line in ax.get_lines():
        pts = ax.transAxes.inverted().transform(
            ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
        )
        pts = pts[np.isfinite(pts).all(axis=1)]
        inside = (
            (pts[:, 0] > box.x0)
            & (pts[:, 0] < box.x1)
            & (pts[:, 1] > box.y0)
            & (pts[:, 1] < box.y1)
        )
        assert not inside.any(), f"legend covers {line.get_label()}"


def test_save_is_atomic_and_format_from_suffix(tmp_path):
    fig = figure([actplot.get("sigmoid")], grid(-1, 1, points=11))
    out = save(fig, tmp_path / "s.svg")
    assert out.read_text().lstrip().startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["s.svg"]


@pytest.mark.parametrize("name", ["sigmoid", "relu"])
def test_baseline_image(tmp_path, name):
    """The seed figures, pixel for pixel (regenerate: python tests/make_baselines.py)."""
    actual = tmp_path / f"{name}.png"
    fig = figure([actplot.get(name)], grid(-10, 10), dpi=100)
    save(fig, actual)
    expected = BASELINE_DIR / f"{name}.png"
    diff = compare_images(str(expected), str(actual), tol=BASELINE_TOL)
    assert diff is None, diff


def test_formula_legend_does_not_repeat_a_formula_activation():
    acts = [actplot.get("x*sigmoid(1.702*x)"), actplot.get("gelu")]
    fig = figure(acts, grid(-4, 4, points=101), formula=True)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == r"$x\,\sigma(1.702x)$"
    assert texts[2] == r"GELU: $x\,\Phi(x)$"


def test_titles_show_parameter_values_and_a_sweep_as_a_list():
    """No doubled parentheses ("ELU (α=0.5) (solid)"); a sweep's derivatives are plural."""
    one = figure([actplot.get("elu", alpha=0.5)], grid(-2, 2, points=11))
    assert one.axes[0].get_title() == "ELU with α = 0.5 (solid) and its derivative (dashed)"
    sweep = [actplot.get("elu", alpha=a) for a in (0.5, 1.0, 2.0)]
    fig = figure(sweep, grid(-2, 2, points=11))
    assert fig.axes[0].get_title() == (
        "ELU with α = 0.5, 1, 2 (solid) and their derivatives (dashed)"
    )
    legend = fig.axes[0].get_legend()
    assert legend.get_title().get_text() == "ELU, α varied"
    entries = [t.get_text() for t in legend.get_texts()]
    assert entries[:2] == ["α = 0.5", "α = 0.5 derivative"]
    assert entries[4:] == ["α = 2", "α = 2 derivative"]
    # Among other functions, a sweep's entries keep their names.
    mixed = figure([*sweep[:2], actplot.get("relu")], grid(-2, 2, points=11))
    assert mixed.axes[0].get_legend().get_title().get_text() == ""
    assert mixed.axes[0].get_legend().get_texts()[0].get_text() == "ELU (α=0.5)"


def test_parameter_values_are_shown_short():
    assert actplot.get("rrelu").title == "RReLU (l=0.125, u=0.333333)"
    assert actplot.get("elu", alpha=0.1 + 0.2).title == "ELU (α=0.3)"


MANY = ["sigmoid", "tanh", "relu", "gelu", "silu", "mish"]


@pytest.mark.parametrize("style", [None, "slides", "paper", "seed", "dark"])
@pytest.mark.parametrize(
    "names", [MANY, ["smht"], ["sinusoid", "snake", "gaussian", "lisht", "sinc"]]
)
def test_title_and_legend_stay_inside_the_figure(style, names):
    fig = figure([actplot.get(n) for n in names], grid(-20, 20, points=2001), style=style)
    fig.canvas.draw()  # a collapsed constrained layout would warn, and warnings fail
    renderer = fig.canvas.get_renderer()
    page = fig.bbox.padded(1.0)
    (ax,) = fig.axes
    assert bool(ax.get_title()) == (style != "paper")  # a paper's figures have captions
    for artist in (ax.title, ax.get_legend()):
        if artist is ax.title and not ax.get_title():
            continue
        box = artist.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, artist
        assert page.y0 <= box.y0 and box.y1 <= page.y1, artist
    assert ax.bbox.width > 0.3 * fig.bbox.width and ax.bbox.height > 0.25 * fig.bbox.height
