"""SVGs stay small, editable and faithful, even for millions of points."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.testing.compare import compare_images

import actplot
from actplot.analysis.sampling import grid
from actplot.render.figure import figure
from actplot.render.looks import BUILTIN_STYLES, look_of
from actplot.render.save import save

MAX_SVG_BYTES = 40_000
# RMS difference (0-255 scale) allowed between a simplified and a full-resolution
# rendering: what a sub-pixel shift of antialiased edges gives; a missing or
# misplaced stretch of curve gives far more.
SIMPLIFY_TOL = 1.0
# Largest distance, in points (1/72 in), between the SVG's polyline and the curve.
MAX_DEVIATION_PT = 0.35


def _svg(tmp_path: Path, name: str, points: int, **kw) -> Path:
    fig = figure([actplot.get(name)], grid(-10, 10, points=points), **kw)
    return save(fig, tmp_path / f"{name}-{points}.svg")


@pytest.mark.parametrize("points", [20001, 2_000_001])
@pytest.mark.parametrize("name", ["sigmoid", "relu", "gelu"])
def test_svg_size_is_bounded(tmp_path, name, points):
    size = _svg(tmp_path, name, points).stat().st_size
    assert size <= MAX_SVG_BYTES, f"{name} with {points} points: {size} bytes"


@pytest.mark.parametrize("style", BUILTIN_STYLES)
def test_svg_size_is_bounded_in_every_style(tmp_path, style):
    size = _svg(tmp_path, "sigmoid", 20001, style=style).stat().st_size
    assert size <= MAX_SVG_BYTES, f"{style}: {size} bytes"


def test_svg_text_stays_text_with_a_generic_fallback(tmp_path):
    for lang in ("en", "zh"):
        text = _svg(tmp_path, "sigmoid", 201, lang=lang).read_text(encoding="utf-8")
        assert "Sigmoid" in text  # a <text> element, editable, not glyph outlines
        families = re.findall(r"font-family: ([^;\"]+)", text)
        assert families and all(f.rstrip().endswith(("sans-serif", "serif")) for f in families)
    assert "Sigmoid函数(实线)及其导数(虚线)" in text


def _polylines(svg: str, color: str) -> list[np.ndarray]:
    """Vertex arrays (SVG points) of every path stroked in ``color``."""
    found = []
    for d, style in re.findall(r'<path d="([^"]*)"[^>]*style="([^"]*)"', svg):
        if f"stroke: {color}" not in style:
            continue
        found.append(np.array(re.findall(r"[ML] ([-\d.e]+) ([-\d.e]+)", d), dtype=float))
    return found


@pytest.mark.parametrize("points", [20001, 2_000_001])
@pytest.mark.parametrize("name", ["sigmoid", "gelu", "tanh"])
def test_simplified_svg_path_follows_the_curve(tmp_path, name, points):
    """Every point of the full-resolution curve lies within a third of a point of the SVG path."""
    act = actplot.get(name)
    x = grid(-10, 10, points=points)
    fig = figure([act], x)
    svg = save(fig, tmp_path / "f.svg").read_text()
    ax = fig.axes[0]
    (x0, y0), (x1, y1) = ax.get_position().get_points() * [fig.bbox.width, fig.bbox.height]
    scale = 72 / fig.dpi  # the SVG is in points
    height = fig.bbox.height * scale
    (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()

    def to_svg(xd, yd):
        u = (x0 + (xd - xmin) / (xmax - xmin) * (x1 - x0)) * scale
        v = height - (y0 + (yd - ymin) / (ymax - ymin) * (y1 - y0)) * scale
        return u, v

    for color, fn in (("#d62728", act), ("#1f4fd1", act.derivative)):
        path = max(_polylines(svg, color), key=len)  # the curve, not its legend handle
        assert len(path) < 2000, "not simplified"
        u, v = to_svg(x, fn(x))
        path = path[np.argsort(path[:, 0], kind="stable")]
        path = path[np.r_[True, np.diff(path[:, 0]) > 0]]  # no zero-width segments
        # Distance of each true point from the polyline segment spanning its u.
        i = np.clip(np.searchsorted(path[:, 0], u), 1, len(path) - 1)
        a, b = path[i - 1], path[i]
        seg = b - a
        cross = seg[:, 0] * (v - a[:, 1]) - seg[:, 1] * (u - a[:, 0])
        deviation = (np.abs(cross) / np.hypot(seg[:, 0], seg[:, 1])).max()
        assert deviation <= MAX_DEVIATION_PT, f"{color}: {deviation:.3f} pt"


def test_simplified_rendering_looks_like_the_full_one(tmp_path):
    """Rasterised with and without path simplification, the figure is the same."""
    fig = figure([actplot.get("gelu")], grid(-10, 10, points=2_000_001), dpi=100)
    simplified = save(fig, tmp_path / "simplified.png")
    with mpl.rc_context({"path.simplify": False}):
        fig.savefig(tmp_path / "full.png")  # outside look_of(fig): simplification off
    assert look_of(fig).style is None
    diff = compare_images(str(tmp_path / "full.png"), str(simplified), tol=SIMPLIFY_TOL)
    assert diff is None, diff
