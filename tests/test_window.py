"""The interactive figure, driven without a display: sliders, mouse readout, keys."""

from __future__ import annotations

import math
import shlex

import matplotlib.image as mpl_image
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


# ---------------------------------------------------------------- steps (issue #13)


def _buffer(explorer):
    return np.asarray(explorer.fig.canvas.buffer_rgba()).copy()


def _pixel_box(explorer, artist):
    """An artist's box in buffer rows and columns (rows count from the top)."""
    box = artist.get_window_extent(explorer.fig.canvas.get_renderer()).padded(3)
    height = explorer.fig.canvas.get_width_height()[1]
    return slice(max(int(height - box.y1), 0), int(height - box.y0) + 1), slice(
        max(int(box.x0), 0), int(box.x1) + 1
    )


def test_a_step_paints_what_a_full_draw_paints():
    """Blitted curves and slider match a full draw; only the legend and title wait."""
    explorer = interactive_figure([actplot.get("elu")], grid(-10, 10))
    explorer.fig.canvas.draw()
    position = explorer.ax.get_position().bounds
    for value in np.linspace(1.0, 0.4, 7):  # shrinking curves: the limits stay
        explorer.sliders["alpha"].set_val(value)
    assert explorer.fig.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"
    assert explorer.ax.get_position().bounds == position  # no new layout
    stepped = _buffer(explorer)
    explorer._background = None
    explorer.fig.canvas.draw()
    full = _buffer(explorer)
    differ = np.any(stepped != full, axis=2)
    for artist in (explorer.ax.title, explorer.ax.get_legend()):  # updated at settle
        differ[_pixel_box(explorer, artist)] = False
    assert not differ.any(), f"{differ.sum()} pixels differ"
    assert explorer.lines[0].get_label() == "ELU (α=0.4)"  # the state is current


def test_settle_refits_and_lays_out_again():
    explorer = interactive_figure([actplot.get("elu")], X)
    explorer.fig.canvas.draw()
    explorer.sliders["alpha"].set_val(4.0)
    grown = explorer.ax.get_ylim()
    explorer.sliders["alpha"].set_val(0.5)
    assert explorer.ax.get_ylim() == grown  # limits only grow during a drag
    explorer.settle()
    explorer.fig.canvas.draw()
    lo, hi = explorer.ax.get_ylim()
    assert lo > -1.5 and lo < -0.5 < 5 < hi  # refitted to alpha = 0.5
    assert explorer.ax.get_title() == "ELU with α = 0.5 (solid) and its derivative (dashed)"


def test_a_drag_ends_with_a_settle():
    explorer = interactive_figure([actplot.get("elu")], X)
    explorer.fig.canvas.draw()
    explorer.sliders["alpha"].set_val(3.0)
    canvas = explorer.fig.canvas
    px, py = explorer.sliders["alpha"].ax.transAxes.transform((0.5, 0.5))
    release = MouseEvent("button_release_event", canvas, px, py, button=1)
    canvas.callbacks.process("button_release_event", release)
    assert not explorer._stale
    assert explorer.ax.get_legend().get_texts()[0].get_text() == "ELU (α=3)"


def test_arrow_keys_move_and_choose_sliders():
    explorer = interactive_figure([actplot.get("hardtanh")], X)
    first, second = explorer.sliders.values()
    start = first.val
    press(explorer, "right")
    assert first.val == pytest.approx(start + (first.valmax - first.valmin) / 100)
    press(explorer, "shift+left")
    assert first.val == pytest.approx(start - 9 * (first.valmax - first.valmin) / 100)
    press(explorer, "down")
    assert second.label.get_alpha() == 1.0 and first.label.get_alpha() < 1.0
    before, untouched = second.val, first.val
    press(explorer, "left")
    assert second.val < before and first.val == untouched


# ---------------------------------------------------------------- saving (issue #12)


def test_ctrl_s_saves_the_clean_figure_here_at_the_o_dpi(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = []
    explorer = interactive_figure([actplot.get("elu")], grid(-10, 10), report=said.append, dpi=150)
    explorer.sliders["alpha"].set_val(0.181)
    move_to(explorer, 1.0, 0.5)  # the cursor and readout are showing
    press(explorer, "ctrl+s")
    saved = tmp_path / "elu.png"
    image = mpl_image.imread(saved)
    assert image.shape[:2] == (round(4.8 * 150), round(6.4 * 150))  # no controls below
    (line,) = said
    assert line == (
        "saved elu.png; the same figure: actplot elu -p alpha=0.181 --dpi 150 -o elu.png"
    )


def test_the_clean_figure_has_no_widgets():
    explorer = interactive_figure([actplot.get("elu")], X)
    explorer.sliders["alpha"].set_val(2.0)
    clean = explorer.clean_figure()
    (ax,) = clean.axes  # no slider axes
    assert len(ax.get_lines()) == 2  # no cursor, no readout marks
    assert not clean.texts and not clean.subfigs
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), explorer.lines[0].get_ydata())


def test_the_printed_command_makes_the_same_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = []
    acts = [actplot.get("elu", alpha=a) for a in (0.5, 2.0)] + [actplot.get("x*sigmoid(beta*x)")]
    explorer = interactive_figure(
        [*acts[:2], acts[2].with_params(beta=1.5)],
        grid(-4, 4, points=801),
        report=said.append,
        style="slides",
        title="Three",
    )
    press(explorer, "d")  # hide the derivatives: --no-derivative
    explorer.save("w.png")
    command = said[0].split("the same figure: ")[1]
    args = shlex.split(command)
    assert args[0] == "actplot" and "--no-derivative" in args and "--points" in args
    (tmp_path / "again").mkdir()
    result = run(args[1:], cwd=tmp_path / "again")
    assert result.exit_code == 0, result.output
    window, cli = (mpl_image.imread(p) for p in (tmp_path / "w.png", tmp_path / "again/w.png"))
    np.testing.assert_array_equal(window, cli)


def test_the_toolbar_save_writes_the_clean_figure_under_a_short_name(tmp_path):
    said = []
    explorer = interactive_figure([actplot.get("elu")], X, report=said.append)
    explorer.sliders["alpha"].set_val(0.5)
    assert explorer.fig.canvas.get_default_filename() == "elu.png"  # not "ELU (α=1)..."
    explorer.fig.savefig(tmp_path / "from toolbar.png")  # what the toolbar's dialog calls
    image = mpl_image.imread(tmp_path / "from toolbar.png")
    assert image.shape[:2] == (960, 1280)
    assert "-p alpha=0.5" in said[0]


def test_the_window_title_is_plain_text_and_follows_the_sliders():
    from matplotlib.backend_bases import FigureManagerBase

    explorer = interactive_figure([actplot.get("x*sigmoid(beta*x)", beta=1.0)], X)
    manager = FigureManagerBase(explorer.fig.canvas, 1)
    explorer.update_window_title()
    assert manager.get_window_title() == "x σ(β x) with β = 1 (solid) and its derivative (dashed)"
    explorer = interactive_figure([actplot.get("elu")], X)
    manager = FigureManagerBase(explorer.fig.canvas, 2)
    explorer.sliders["alpha"].set_val(0.25)
    assert manager.get_window_title() == "ELU with α = 0.25 (solid) and its derivative (dashed)"
    assert "$" not in manager.get_window_title()


def test_the_vanish_window_is_titled(monkeypatch):
    import matplotlib.pyplot as plt

    from actplot.network.vanish import simulate
    from actplot.render import window

    shown = {}
    monkeypatch.setattr(window, "_interactive_backend", lambda plt: True)
    monkeypatch.setattr(
        plt, "show", lambda: shown.update(title=plt.gcf().canvas.manager.get_window_title())
    )
    result = simulate([actplot.get("relu")], depth=3, width=8, batch=4)
    assert window.show_vanish(result)
    plt.close("all")
    assert shown["title"].startswith("Gradient flow through 3 layers of 8 units")
