"""Figures a lecturer can put on a slide unedited (issue #12), tested on the built Figure.

Distinct styles for every curve, offset dashes for coinciding curves, dots at
jumps, ticks at round numbers, y-limits that show every curve, notes, axis
labels and the paper style's title and smoothness.
"""

from __future__ import annotations

import contextlib
import re
import zlib

import numpy as np
import pytest
from matplotlib.colors import to_rgb, to_rgba

import actplot
from actplot.analysis.sampling import grid
from actplot.catalogue import CATALOGUE
from actplot.render.curves import curve_points, jump_dots
from actplot.render.figure import (
    MARKERS,
    curve_styles,
    figure,
    figure_notes,
)
from actplot.render.looks import BUILTIN_STYLES, Look
from actplot.render.save import save

X = grid(-10, 10, points=2001)
NAMES = [e.name for e in CATALOGUE]


def _look(line):
    """What tells a line apart: colour, dash pattern and marker."""
    dashes = line._unscaled_dash_pattern  # (offset, pattern) as drawn, scaled by width
    return (to_rgba(line.get_color()), repr(dashes), line.get_marker())


# ---------------------------------------------------------------- distinct styles


@pytest.mark.parametrize("style", [None, *BUILTIN_STYLES])
@pytest.mark.parametrize("count", [2, 7, 11, 25, len(NAMES)])
def test_no_two_curves_look_the_same(style, count):
    acts = [actplot.get(n) for n in NAMES[:count]]
    fig = figure(acts, grid(-3, 3, points=201), style=style)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 2 * count
    looks = [_look(line) for line in lines]
    assert len(set(looks)) == len(looks), "two curves look the same"


def test_markers_come_after_the_palette():
    acts = [actplot.get(n) for n in NAMES[:12]]
    fig = figure(acts, grid(-3, 3, points=201))  # the default palette has 10 colours
    lines = fig.axes[0].get_lines()
    assert {line.get_marker() for line in lines[:20]} == {"None"}
    assert lines[20].get_marker() == MARKERS[0] and lines[22].get_marker() == MARKERS[0]
    assert to_rgba(lines[20].get_color()) == to_rgba(lines[0].get_color())  # sigmoid's blue


def test_more_functions_than_styles_are_refused_with_a_hint():
    acts = [actplot.get(f"{k}*x") for k in range(1, 82)]  # 81 different labels
    with pytest.raises(ValueError, match="actplot gallery"):
        curve_styles(acts, Look())


def test_too_many_functions_is_one_line_exit_2(run, tmp_path):
    out = tmp_path / "many.png"
    formulas = [f"{k}*x" for k in range(1, 82)]
    result = run([*formulas, "-o", str(out), "--points", "11"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "gallery" in result.stderr
    assert not out.exists()


def test_a_sweep_is_a_sequential_ramp_in_the_order_of_the_values():
    sweep = [actplot.get("elu", alpha=a) for a in (0.1, 0.5, 1.0, 2.0, 4.0)]
    fig = figure(sweep, X)
    colors = [to_rgb(line.get_color()) for line in fig.axes[0].get_lines()[::2]]
    luminance = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in colors]
    assert luminance == sorted(luminance) and len(set(luminance)) == 5  # dark to light


def test_a_sweep_among_other_functions_is_shades_of_one_colour():
    acts = [actplot.get("elu", alpha=a) for a in (0.5, 1.0, 2.0)] + [actplot.get("relu")]
    lines = figure(acts, X).axes[0].get_lines()
    shades = [np.array(to_rgb(line.get_color())) for line in lines[:6:2]]
    hue = [s / s.sum() for s in shades]
    assert np.allclose(hue[0], hue[1], atol=0.08) and not np.allclose(shades[0], shades[2])
    assert len({_look(line) for line in lines}) == len(lines)


# ---------------------------------------------------------------- coinciding curves


@pytest.mark.parametrize(
    ("names", "pairs"),
    [
        (["elu", "celu"], 1),  # equal at alpha = 1
        (["x*sigmoid(1.702*x)", "gelu"], 1),  # within a line's width on -10..10
        (["relu", "relu"], 1),
        (["elu", "relu"], 0),  # apart for x < 0
        (["sigmoid", "tanh"], 0),
    ],
)
def test_coinciding_curves_get_offset_dashes_and_a_note(names, pairs):
    acts = [actplot.get(n) for n in names]
    fig = figure(acts, X)
    lines = fig.axes[0].get_lines()
    notes = figure_notes(fig)
    assert len(notes) == pairs
    if pairs:
        assert "coincide on the whole range" in notes[0] and "offset dashes" in notes[0]
        assert _look(lines[0]) != _look(lines[2]) and lines[2].get_linestyle() != "-"
        assert _look(lines[1]) != _look(lines[3])
    else:
        assert lines[2].get_linestyle() == "-"


def test_the_cli_prints_the_notes(run, tmp_path):
    result = run(["elu", "celu", "-o", str(tmp_path / "e.png")])
    assert result.exit_code == 0, result.output
    (note,) = result.stderr.splitlines()
    assert note.startswith("note: ELU (α=1) and CELU (α=1) coincide")


# ---------------------------------------------------------------- jumps


def _dots(line):
    dots = jump_dots(line)
    if dots is None:
        return set(), set()
    faces = [tuple(c) for c in dots.get_facecolors()]
    points = [tuple(p) for p in dots.get_offsets()]
    color = to_rgba(line.get_color())
    filled = {p for p, c in zip(points, faces, strict=True) if c == color}
    hollow = {p for p, c in zip(points, faces, strict=True) if c != color}
    return filled, hollow


@pytest.mark.parametrize(
    ("name", "kind", "filled", "hollow"),
    [
        ("relu", 1, {(0.0, 1.0)}, {(0.0, 0.0)}),  # f'(0) takes the right-hand value
        ("binary_step", 0, {(0.0, 1.0)}, {(0.0, 0.0)}),
        ("threshold", 0, {(0.0, 0.5)}, {(0.0, 0.0)}),  # f(0) = v: the left side is closed
        ("hardtanh", 1, {(-1.0, 1.0), (1.0, 0.0)}, {(-1.0, 0.0), (1.0, 1.0)}),
        ("relu", 0, set(), set()),  # continuous: no dots
        ("sigmoid", 1, set(), set()),
    ],
)
def test_a_jump_has_a_filled_and_an_open_dot(name, kind, filled, hollow):
    fig = figure([actplot.get(name)], grid(-2, 2, points=401))
    line = fig.axes[0].get_lines()[kind]
    got_filled, got_hollow = (
        {(round(float(x), 12) + 0.0, round(float(y), 12) + 0.0) for x, y in points}
        for points in _dots(line)
    )  # threshold's open dot is at f(0+) = 5e-324
    assert got_filled == filled and got_hollow == hollow
    if filled:
        background = to_rgba(fig.axes[0].get_facecolor())
        faces = {tuple(c) for c in jump_dots(line).get_facecolors()}
        assert background in faces  # an open dot shows the background inside


def test_a_jump_in_f_away_from_the_grid_has_no_steep_segment():
    """threshold's f jumps from v to 0+ right of the kink: a break, not a near-vertical line."""
    xs, ys, _ = curve_points(actplot.get("threshold"), grid(-1, 1, points=11))
    finite = np.isfinite(ys[:-1]) & np.isfinite(ys[1:])
    slopes = np.abs(np.diff(ys))[finite] / np.maximum(np.diff(xs)[finite], 1e-300)
    assert slopes.max() <= 1.0 + 1e-9  # f is x or v: no slope above 1 anywhere


# ---------------------------------------------------------------- ticks


def _ticks(axis):
    lo, hi = sorted(axis.get_view_interval())
    locs = [t for t in axis.get_majorticklocs() if lo - 1e-12 <= t <= hi + 1e-12]
    labels = axis.get_major_formatter().format_ticks(locs)
    return locs, labels


def test_ticks_a_person_would_choose():
    fig = figure([actplot.get("sigmoid")], grid(-10, 10))
    fig.canvas.draw()
    ax = fig.axes[0]
    assert _ticks(ax.xaxis) == ([-10, -5, 0, 5, 10], ["−10", "−5", "0", "5", "10"])
    assert _ticks(ax.yaxis) == ([0, 0.5, 1], ["0", "0.5", "1"])
    assert ax.yaxis.get_offset_text().get_text() == ""


@pytest.mark.parametrize("lo_hi", [(-5, 5), (-3, 3), (0, 1), (-1, 1), (-20, 20)])
def test_ends_of_a_round_range_are_ticked(lo_hi):
    fig = figure([actplot.get("tanh")], grid(*lo_hi, points=101))
    locs, _ = _ticks(fig.axes[0].xaxis)
    assert locs[0] == lo_hi[0] and locs[-1] == lo_hi[1] and 3 <= len(locs) <= 7


def test_a_tiny_range_is_labelled_with_a_power_of_ten():
    fig = figure([actplot.get("1e-6*tanh(x)")], grid(-3, 3, points=301))
    fig.canvas.draw()
    ax = fig.axes[0]
    _, labels = _ticks(ax.yaxis)
    assert ax.yaxis.get_offset_text().get_text() == "×10⁻⁶"
    assert labels == ["−1", "−0.5", "0", "0.5", "1"]


@pytest.mark.parametrize("name", NAMES)
def test_tick_labels_are_round_numbers(name):
    fig = figure([actplot.get(name)], X)
    for axis in (fig.axes[0].xaxis, fig.axes[0].yaxis):
        locs, labels = _ticks(axis)
        assert 3 <= len(locs) <= 7, labels
        steps = np.diff(locs)
        mantissa = steps[0] / 10 ** np.floor(np.log10(steps[0]))
        assert np.allclose(steps, steps[0]) and np.round(mantissa, 9) in (1, 2, 5), locs
        for label in labels:  # "0.5" and "10", never "0.50", "10.0" or "7.5"
            assert re.fullmatch(r"−?(0|[1-9]\d*)(\.\d*[1-9])?", label), labels


# ---------------------------------------------------------------- y-limits


def _share_shown(ax, ys):
    lo, hi = ax.get_ylim()
    a, b = float(np.nanmin(ys)), float(np.nanmax(ys))
    if b == a:
        return 1.0 if lo <= a <= hi else 0.0
    return (min(hi, b) - max(lo, a)) / (b - a)


@pytest.mark.parametrize("name", NAMES)
def test_the_limits_show_every_catalogue_curve(name):
    act = actplot.get(name)
    fig = figure([act], X)
    ax = fig.axes[0]
    for values in (act(X), act.derivative(X)):
        assert _share_shown(ax, values[np.isfinite(values)]) >= 0.8


@pytest.mark.parametrize(
    ("names", "away"),
    [
        (["sigmoid", "tanh", "softsign", "relu"], None),
        (["log(x)"], lambda x: np.abs(x) > 0.5),  # f' = 1/x -> inf at 0
        (["1/x"], lambda x: np.abs(x) > 0.5),
        (["tan(x)"], lambda x: np.abs(np.cos(x)) > np.sin(0.5)),  # 0.5 from every pole
        (["exponential"], None),  # steep, but no singularity: all of it shown
    ],
)
def test_the_limits_show_80_percent_of_every_curve_away_from_singularities(names, away):
    acts = [actplot.get(n) for n in names]
    with np.errstate(all="ignore"):
        fig = figure(acts, X)
        ax = fig.axes[0]
        keep = away(X) if away else np.ones(X.shape, bool)
        for act in acts:
            for values in (act(X), act.derivative(X)):
                shown = values[keep & np.isfinite(values)]
                assert _share_shown(ax, shown) >= 0.8, (act.name, ax.get_ylim())


def test_a_pole_does_not_set_the_limits():
    fig = figure([actplot.get("log(x)")], X)
    lo, hi = fig.axes[0].get_ylim()
    assert hi < 10 and lo > -5  # f' reaches 1000 and f -6.9 next to 0
    f = np.log(X[X > 0.5])
    assert (f.max() - f.min()) / (hi - lo) > 0.4  # log x fills a good part of the axes


def test_curves_of_very_different_scale_get_a_note_with_the_ylim(run, tmp_path):
    acts = [actplot.get(n) for n in ("sigmoid", "tanh", "softsign", "relu")]
    (note,) = figure_notes(figure(acts, X))
    assert note.startswith("ReLU spans 0 to 10, while Sigmoid, tanh and Softsign")
    assert note.endswith("--ylim -1.1 1.1 shows them in full")
    result = run(["sigmoid", "tanh", "softsign", "relu", "-o", str(tmp_path / "a.png")])
    assert result.stderr.strip() == f"note: {note}"
    result = run(
        ["sigmoid", "tanh", "relu", "--ylim", "-1.1", "1.1", "-o", str(tmp_path / "b.png")]
    )
    assert result.exit_code == 0 and result.stderr == ""  # limits given: nothing to say


@pytest.mark.parametrize(
    "acts",
    [
        [actplot.get("relu")],  # f and f' of one function: no note
        [actplot.get("elu", alpha=a) for a in (0.1, 0.5, 1.0, 2.0)],
        [actplot.get("sigmoid"), actplot.get("tanh")],
    ],
)
def test_curves_of_a_similar_scale_get_no_note(acts):
    assert figure_notes(figure(acts, X)) == ()


# ---------------------------------------------------------------- labels, paper


def test_the_y_axis_is_labelled():
    assert figure([actplot.get("tanh")], X).axes[0].get_ylabel() == "f(x), f′(x)"
    assert figure([actplot.get("tanh")], X, derivative=False).axes[0].get_ylabel() == "f(x)"
    assert figure([actplot.get("tanh")], X, lang="zh").axes[0].get_ylabel() == "输出 f(x), f′(x)"


def test_the_paper_style_has_no_title_unless_given():
    assert figure([actplot.get("gelu")], X, style="paper").axes[0].get_title() == ""
    titled = figure([actplot.get("gelu")], X, style="paper", title="GELU")
    assert titled.axes[0].get_title() == "GELU"


def _pdf_paths(data: bytes) -> list[np.ndarray]:
    """Every path of the PDF's content streams as an (n, 2) array of its m/l points."""
    paths = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, flags=re.S):
        with contextlib.suppress(zlib.error):
            text = zlib.decompress(match.group(1)).decode("latin-1")
            for path in re.split(r"\s(?:S|f|n|B)\s", text):
                points = re.findall(r"(-?[\d.]+) (-?[\d.]+) [ml]\b", path)
                if len(points) > 1:
                    paths.append(np.array(points, dtype=float))
    return paths


def _chord_deviation(fig, path_pt: np.ndarray, fn) -> float:
    """The largest distance (points) between the drawn polyline and the true curve."""
    ax = fig.axes[0]
    box = ax.get_position()
    w, h = fig.get_size_inches() * 72
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    to_x = lambda u: x0 + (u / w - box.x0) / box.width * (x1 - x0)  # noqa: E731
    to_v = lambda y: (box.y0 + (y - y0) / (y1 - y0) * box.height) * h  # noqa: E731
    worst = 0.0
    for (ua, va), (ub, vb) in zip(path_pt[:-1], path_pt[1:], strict=True):
        xa, xb = to_x(ua), to_x(ub)
        between = np.linspace(xa, xb, 12)[1:-1]
        chord = va + (vb - va) * (np.linspace(0, 1, 12)[1:-1])
        worst = max(worst, float(np.max(np.abs(to_v(fn(between)) - chord))))
    return worst


def test_paper_curves_stay_smooth_at_8x_zoom(tmp_path):
    """At 8x zoom on a 96-dpi screen a deviation of d points shows as d * 8 * 96/72 pixels."""
    sigmoid = actplot.get("sigmoid")
    deviations = {}
    for style in ("paper", None):
        fig = figure([sigmoid], grid(-10, 10), style=style, derivative=False)
        path = save(fig, tmp_path / f"{style}.pdf")
        curve = max(_pdf_paths(path.read_bytes()), key=len)  # the sigmoid, not the frame
        deviations[style] = _chord_deviation(fig, curve, sigmoid)
    assert deviations["paper"] * 8 * 96 / 72 < 0.25  # below a quarter pixel
    assert deviations[None] > deviations["paper"]  # the default simplifies more
