"""The interactive figure, driven without a display: sliders, mouse readout, keys."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.backend_bases import KeyEvent, MouseEvent

import actplot
from actplot.analysis.sampling import grid
from actplot.render.curves import curve
from actplot.render.window import Explorer, interactive_figure, slider_range

X = grid(-5, 5, points=1001)


def press(explorer: Explorer, key: str) -> None:
    canvas = explorer.fig.canvas
    canvas.callbacks.process("key_press_event", KeyEvent("key_press_event", canvas, key))


def move_to(explorer: Explorer, x: float, y: float) -> None:
    canvas = explorer.fig.canvas
    canvas.draw()  # the layout settles, so data and pixels correspond
    px, py = explorer.ax.transData.transform((x, y))
    canvas.callbacks.process(
        "motion_notify_event", MouseEvent("motion_notify_event", canvas, px, py)
    )


def test_a_slider_per_parameter_within_its_range():
    explorer = interactive_figure([actplot.get("hardtanh")], X)
    assert set(explorer.sliders) == {"min_val", "max_val"}
    explorer = interactive_figure([actplot.get("sigmoid"), actplot.get("softplus")], X)
    assert set(explorer.sliders) == {p.name for p in actplot.get("softplus").params}


def test_slider_redraws_f_and_derivative():
    explorer = interactive_figure([actplot.get("elu")], X)
    explorer.sliders["alpha"].set_val(2.5)
    elu = actplot.get("elu", alpha=2.5)
    f_line, d_line = explorer.lines
    for line, derivative in ((f_line, False), (d_line, True)):
        xs, ys = curve(elu, X, derivative=derivative)
        np.testing.assert_array_equal(line.get_xdata(), xs)
        np.testing.assert_array_equal(line.get_ydata(), ys)
    assert f_line.get_label() == "ELU (α=2.5)"
    lo, hi = explorer.ax.get_ylim()
    assert lo < -2.5 < 5 < hi  # limits refitted to the new curves


def test_slider_applies_to_every_function_with_that_parameter():
    acts = [actplot.get("elu", alpha=0.5), actplot.get("celu"), actplot.get("relu")]
    explorer = interactive_figure(acts, X)
    explorer.sliders["alpha"].set_val(1.5)
    assert [a.values.get("alpha") for a in explorer.acts] == [1.5, 1.5, None]


def test_invalid_value_is_refused_and_curves_stay():
    explorer = interactive_figure([actplot.get("hardtanh")], X)
    before = explorer.lines[0].get_ydata().copy()
    explorer.sliders["min_val"].set_val(explorer.acts[0].values["max_val"] + 0.5)
    assert "min_val" in explorer.readout.get_text()
    np.testing.assert_array_equal(explorer.lines[0].get_ydata(), before)


def test_readout_follows_the_mouse():
    acts = [actplot.get("sigmoid"), actplot.get("tanh")]
    explorer = interactive_figure(acts, X)
    move_to(explorer, 1.0, 0.0)
    text = explorer.readout.get_text()
    x = float(text.splitlines()[0].split("=")[1])
    assert x == pytest.approx(1.0, abs=0.02)
    for act, row in zip(acts, text.splitlines()[1:], strict=True):
        f = float(row.split("f = ")[1].split(",")[0])
        d = float(row.split("f' = ")[1])
        assert f == pytest.approx(float(act(x)), rel=1e-5)
        assert d == pytest.approx(float(act.derivative(x)), rel=1e-5)
    assert explorer._cursor.get_visible()
    # Leaving the axes shows the key hint again.
    canvas = explorer.fig.canvas
    canvas.callbacks.process("motion_notify_event", MouseEvent("motion_notify_event", canvas, 1, 1))
    assert "keys:" in explorer.readout.get_text()
    assert not explorer._cursor.get_visible()


def test_d_toggles_the_derivative():
    explorer = interactive_figure([actplot.get("tanh")], X)
    assert len(explorer.lines) == 2
    press(explorer, "d")
    assert [ln.get_linestyle() for ln in explorer.lines] == ["-"]
    assert [t.get_text() for t in explorer.ax.get_legend().get_texts()] == ["tanh"]
    press(explorer, "d")
    assert [ln.get_linestyle() for ln in explorer.lines] == ["-", "--"]


def test_g_toggles_the_grid():
    explorer = interactive_figure([actplot.get("tanh")], X)
    assert explorer.ax.xaxis.get_gridlines()[0].get_visible()
    press(explorer, "g")
    assert not explorer.ax.xaxis.get_gridlines()[0].get_visible()
    press(explorer, "g")
    assert explorer.ax.xaxis.get_gridlines()[0].get_visible()


def test_s_toggles_saturation_shading():
    explorer = interactive_figure([actplot.get("sigmoid")], X)
    shaded_before = len(explorer.ax.patches) + len(explorer.ax.collections)
    press(explorer, "s")
    assert explorer.saturation
    assert len(explorer.ax.patches) + len(explorer.ax.collections) > shaded_before
    press(explorer, "s")
    assert len(explorer.ax.patches) + len(explorer.ax.collections) == shaded_before


def test_s_with_too_many_functions_explains_instead_of_failing():
    acts = [actplot.get(n) for n in ("sigmoid", "tanh", "relu")]
    explorer = interactive_figure(acts, X)
    lines_before = len(explorer.lines)
    press(explorer, "s")
    assert not explorer.saturation
    assert "at most 2 functions" in explorer.readout.get_text()
    assert len(explorer.lines) == lines_before  # the plot is still there


def test_settings_survive_a_slider_move():
    explorer = interactive_figure([actplot.get("elu")], X)
    press(explorer, "g")
    press(explorer, "d")
    explorer.sliders["alpha"].set_val(0.3)
    assert not explorer.ax.xaxis.get_gridlines()[0].get_visible()
    assert len(explorer.lines) == 1


def test_chinese_window():
    explorer = interactive_figure([actplot.get("elu")], X, lang="zh", style="slides")
    assert explorer.ax.get_title() == "ELU (α=1)函数(实线)及其导数(虚线)"
    explorer.fig.canvas.draw()


@pytest.mark.parametrize(
    ("low", "high", "low_open", "value", "expected"),
    [
        (0.0, math.inf, False, 0.01, (0.0, 2.01)),
        (-math.inf, math.inf, False, 1.0, (-2.0, 3.0)),
        (-math.inf, math.inf, False, -3.0, (-9.0, 6.0)),
        (0.0, 1.0, False, 0.5, (0.0, 1.0)),
    ],
)
def test_slider_range(low, high, low_open, value, expected):
    param = actplot.Param("a", value, "a", "a", low=low, high=high, low_open=low_open)
    assert slider_range(param, value) == pytest.approx(expected)


def test_open_bound_is_never_reached():
    param = actplot.Param("beta", 1.0, "β", r"\beta", low=0.0, low_open=True)
    lo, hi = slider_range(param, 1.0)
    assert lo > 0 and param.check(lo) == lo and hi > 1.0


def test_slider_values_are_rounded_for_the_legend():
    explorer = interactive_figure([actplot.get("elu")], X)
    explorer.sliders["alpha"].set_val(2.239562142787948)
    assert explorer.acts[0].values["alpha"] == 2.24
    assert explorer.lines[0].get_label() == "ELU (α=2.24)"


def test_a_swept_parameter_gets_no_slider():
    sweep = [actplot.get("elu", alpha=a) for a in (0.5, 1.0, 2.0)]
    explorer = interactive_figure([*sweep, actplot.get("leaky_relu")], X)
    # elu's alpha is swept; leaky_relu's alpha (same name) would move all curves too
    assert "alpha" not in explorer.sliders
