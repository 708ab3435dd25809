"""Saturation shading: where f' is 0 (hard) or small (soft), drawn on an ``Axes``.

The regions come from :mod:`actplot.saturation` (computed from each
activation's derivative); this module only draws them, with a legend entry per
kind and a short label per region ("left hard saturation").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from actplot.analysis.saturation import SaturationRegion
from actplot.render.legend import axes_fraction_points, place_legend, renderer_of

__all__ = [
    "saturation_label",
    "saturation_legend_handles",
    "shade_all_saturation",
    "shade_saturation",
]

SATURATION_GREY = "#555555"  # one function: neutral shading under the red/blue curves
_SOFT_ALPHA = 0.13
_HARD_ALPHA = 0.14
_HATCH_ALPHA = 0.35
_HARD_HATCH = "//"
# The lecture note's own terms (左侧软饱和, 右侧硬饱和 ...) for --lang zh.
_SIDE_WORDS = {"zh": {"left": "左侧", "right": "右侧", "interior": "中间", "whole": "全程"}}
_KIND_WORDS = {"zh": {"soft": "软饱和", "hard": "硬饱和"}}


def saturation_label(region: Any, lang: str = "en") -> str:
    """A region's short label, on two lines in English ("left hard\\nsaturation")."""
    if lang in _SIDE_WORDS:
        return _SIDE_WORDS[lang][region.side] + _KIND_WORDS[lang][region.kind]
    words = region.label.rsplit(" ", 1)
    return "\n".join(words) if len(words) == 2 else region.label


def _span_style(kind: str, color: Any) -> dict[str, Any]:
    from matplotlib.colors import to_rgba

    if kind == "hard":
        return {
            "facecolor": to_rgba(color, _HARD_ALPHA),
            "edgecolor": to_rgba(color, _HATCH_ALPHA),
            "hatch": _HARD_HATCH,
            "linewidth": 0,
        }
    return {"facecolor": to_rgba(color, _SOFT_ALPHA), "edgecolor": "none", "linewidth": 0}


def saturation_legend_handles(
    eps: float,
    kinds: Sequence[str] = ("soft", "hard"),
    *,
    color: Any = SATURATION_GREY,
    lang: str = "en",
) -> list[Any]:
    """Legend proxies for the saturation ``kinds`` shown, in ``color``."""
    from matplotlib.patches import Patch

    words = _KIND_WORDS.get(lang, {"soft": "soft saturation", "hard": "hard saturation"})
    comma = "，" if lang in _KIND_WORDS else ", "  # full-width after Chinese
    text = {
        "soft": f"{words['soft']}{comma}|f′| < {eps:g}",
        "hard": f"{words['hard']}{comma}f′ = 0",
    }
    return [
        Patch(label=text[kind], **_span_style(kind, color))
        for kind in ("soft", "hard")
        if kind in kinds
    ]


def shade_saturation(
    ax: Axes,
    regions: Sequence[SaturationRegion],
    *,
    color: Any = SATURATION_GREY,
    labels: bool = True,
    avoid: Sequence[Any] = (),
    lang: str = "en",
) -> list[Any]:
    """Shade the saturation ``regions`` of one function on ``ax``: soft lightly, hard hatched.

    Returns the artists. With ``labels``, each region
    that has room gets a short label ("left hard saturation") in ``color``,
    at the height farthest from the lines in ``avoid`` and clear of the other
    artists there (a legend, earlier labels); a region without room is left
    to the legend. Call after the axis limits are set.
    """
    from matplotlib.text import Text

    artists: list[Any] = []
    texts: list[Any] = []
    for region in regions:
        artists.append(
            ax.axvspan(region.start, region.stop, zorder=0.5, **_span_style(region.kind, color))
        )
    if not labels or not regions:
        return artists
    renderer = renderer_of(ax)
    to_axes = ax.transAxes.inverted()
    u, v = axes_fraction_points(ax, [a for a in avoid if isinstance(a, Line2D)])
    boxes = [
        a.get_window_extent(renderer).transformed(to_axes)
        for a in avoid
        if not isinstance(a, Line2D)
    ]
    x0, x1 = ax.get_xlim()
    for region in regions:
        a = (max(region.start, x0) - x0) / (x1 - x0)
        b = (min(region.stop, x1) - x0) / (x1 - x0)
        text: Text = ax.text(
            (a + b) / 2,
            0.5,
            saturation_label(region, lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=color,
            fontsize="medium",
            linespacing=1.1,
            clip_on=True,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.25",
                "fc": ax.get_facecolor(),
                "ec": "none",
                "alpha": 0.8,
            },
        )
        box = text.get_window_extent(renderer).transformed(to_axes)
        y = _label_height(u, v, boxes, (a + b) / 2, box.width + 0.02, box.height + 0.02)
        if box.width + 0.02 > b - a or y is None:
            text.remove()
            continue
        text.set_y(y)
        boxes.append(text.get_window_extent(renderer).transformed(to_axes))
        texts.append(text)
    return artists + texts


def _label_height(
    u: np.ndarray, v: np.ndarray, boxes: Sequence[Any], cx: float, w: float, h: float
) -> float | None:
    """The height for a ``w`` x ``h`` label centred at ``cx`` (axes fraction).

    Clear of every box, as far as possible (up to a point) from the curve
    points ``(u, v)`` under it, and otherwise as near the middle as possible;
    None if nowhere is clear.
    """
    ys = np.linspace(h / 2 + 0.01, 1 - h / 2 - 0.01, 61)
    if ys.size == 0 or h >= 1:
        return None
    free = np.ones(ys.shape, dtype=bool)
    for box in boxes:
        if box.x0 < cx + w / 2 and cx - w / 2 < box.x1:
            free &= ~((ys - h / 2 < box.y1) & (box.y0 < ys + h / 2))
    if not free.any():
        return None
    under = v[(u > cx - w / 2) & (u < cx + w / 2) & np.isfinite(v)]
    score = np.full(ys.shape, 0.1)  # farther than this from every curve is clear enough
    if under.size:
        gap = np.min(np.abs(ys[:, None] - under[None, :]), axis=1) - h / 2
        score = np.minimum(score, gap)
    score = np.where(free, score - 1e-3 * np.abs(ys - 0.5), -np.inf)
    return float(ys[np.argmax(score)])


def shade_all_saturation(
    ax: Axes,
    regions: Sequence[Sequence[SaturationRegion]],
    eps: float,
    lines: Sequence[Line2D],
    *,
    lang: str = "en",
    legend_title: str | None = None,
) -> Any:
    """Shade each function's ``regions``, place the legend, then label the regions.

    ``regions`` holds one list per function, in the order of ``lines`` (f,
    and f' unless hidden, per function). One function is shaded in the text
    colour of the look (grey under the note's red and blue; light on a dark
    style), two each in its line colour; the legend lists the lines and the
    kinds of saturation shown (``eps`` in its text), and no region label
    covers it. Returns the legend.
    """
    from matplotlib.text import Text

    kinds = {r.kind for own in regions for r in own}
    neutral = ax.xaxis.label.get_color()  # the look's text colour
    handles = saturation_legend_handles(eps, sorted(kinds), color=neutral, lang=lang)
    legend = place_legend(ax, lines, handles, title=legend_title)
    avoid: list[Any] = [*lines, legend]
    per = len(lines) // len(regions)  # f, and f' unless hidden, per function
    for i, own in enumerate(regions):
        color = neutral if len(regions) == 1 else lines[i * per].get_color()
        drawn = shade_saturation(ax, own, color=color, avoid=avoid, lang=lang)
        avoid += [a for a in drawn if isinstance(a, Text)]  # the next labels avoid these
    return legend
