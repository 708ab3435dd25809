"""pgfplots figures for LaTeX: a ``tikzpicture`` that typesets in the paper's own fonts.

:func:`pgfplots_text` writes the figure as text, no TeX needed: one pgfplots
``axis`` with the limits, grid, title and axis label of the PNG figure, and
one ``\\addplot`` per curve with its coordinates inline, f solid and f' dashed
in the PNG's colours, then the legend (outside the axes, so it never covers a
curve: TeX's font sizes are not known here). The curves are the PNG's
(:func:`actplot.render.curves.curve`: exact corners at kinks, a NaN where a
curve jumps), each simplified to at most ``PGFPLOTS_MAX_POINTS`` points by
Douglas-Peucker on the vertical distance: the largest distance from any
sample of the curve to the simplified line, in the y units of the plot, is
written in a comment above each curve (after rounding the coordinates as
written). Kinks are kept exactly, and a NaN coordinate breaks the line
(``unbounded coords=jump``).

The file needs ``\\usepackage{pgfplots}`` (pgfplots 1.16 or newer); with
``lang="zh"`` also a CJK setup such as ``ctex`` under XeLaTeX or LuaLaTeX.
"""

from __future__ import annotations

import heapq
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import matplotlib as mpl
import numpy as np

import actplot
from actplot.catalogue import Activation
from actplot.output import atomic_write
from actplot.render.curves import curve
from actplot.render.defaults import PGFPLOTS_MAX_POINTS, PGFPLOTS_TOLERANCE, SEED_COLORS
from actplot.render.figure import check_drawable, cycle_colors, fitted_ylim
from actplot.render.looks import Look
from actplot.render.spec import FigureSpec
from actplot.text.labels import labels_for

__all__ = [
    "PgfplotsFigure",
    "Simplified",
    "pgfplots_text",
    "simplify",
    "tex_text",
    "write_pgfplots",
]


# ---------------------------------------------------------------- simplification


@dataclass(frozen=True)
class Simplified:
    """A curve reduced to few points: ``x``, ``y`` (NaN between pieces) and its error.

    ``error`` is the largest vertical distance, in y units, between a sample of
    the original curve and the polyline through the kept points (as written,
    rounded to ``digits`` significant digits).
    """

    x: np.ndarray
    y: np.ndarray
    error: float
    samples: int


def _worst(x: np.ndarray, y: np.ndarray, a: int, b: int) -> tuple[float, int]:
    """The largest vertical distance of points a+1..b-1 from the chord a-b, and a point
    to split at: of those within 1 % of it, the one nearest the middle (a periodic
    curve has many; splitting at the first would make each split cost a whole pass).
    """
    if b - a < 2:
        return 0.0, a
    s = (x[a + 1 : b] - x[a]) / (x[b] - x[a])
    dev = np.abs(y[a + 1 : b] - (y[a] + s * (y[b] - y[a])))
    worst = float(dev.max())
    near = np.flatnonzero(dev >= 0.99 * worst)
    i = int(near[np.argmin(np.abs(near - (b - a) / 2))])
    return worst, a + 1 + i


def _refine(
    x: np.ndarray, y: np.ndarray, pieces: Sequence[tuple[int, int]], tolerance: float, budget: int
) -> np.ndarray:
    """Douglas-Peucker, best first: keep the pieces' ends, then split the worst segment
    at its farthest point, until every segment is within ``tolerance`` or ``budget``
    points have been added. Each split costs one pass over its segment only.
    """
    keep = np.zeros(x.size, dtype=bool)
    heap: list[tuple[float, int, int, int]] = []
    for a, b in pieces:
        keep[[a, b]] = True
        dev, k = _worst(x, y, a, b)
        heapq.heappush(heap, (-dev, k, a, b))
    added = 0
    while heap and added < budget:
        dev, k, a, b = heapq.heappop(heap)
        if -dev <= tolerance:
            break
        keep[k] = True
        added += 1
        for lo, hi in ((a, k), (k, b)):
            d, j = _worst(x, y, lo, hi)
            heapq.heappush(heap, (-d, j, lo, hi))
    return keep


def _runs(y: np.ndarray) -> list[tuple[int, int]]:
    """Index ranges [a, b] of the runs of finite values."""
    finite = np.r_[False, np.isfinite(y), False].astype(np.int8)
    edges = np.diff(finite)
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True))


def _pieces(x: np.ndarray, y: np.ndarray, kinks: Sequence[float]) -> list[tuple[int, int]]:
    """The finite runs, split at each kink's left limit and the kink (both kept exactly)."""
    cuts = np.searchsorted(x, np.asarray(kinks, dtype=np.float64), side="left")
    pieces = []
    for a, b in _runs(y):
        start = int(a)
        for c in sorted({int(c) for c in cuts if a < c <= b}):
            for end in (c - 1, c):
                if end > start:
                    pieces.append((start, end))
                    start = end
        pieces.append((start, int(b)))
    return pieces


def _rounded(values: np.ndarray, digits: int) -> np.ndarray:
    return np.array([float(f"{v:.{digits}g}") for v in values])


def simplify(
    x: np.ndarray,
    y: np.ndarray,
    *,
    tolerance: float,
    max_points: int = PGFPLOTS_MAX_POINTS,
    kinks: Sequence[float] = (),
    digits: int = 9,
) -> Simplified:
    """``(x, y)`` (sorted x; NaN or inf where the curve breaks) with few points.

    Points are dropped while every sample stays within ``tolerance`` of the
    polyline (see :func:`_refine`); if that would take more than
    ``max_points`` (NaN separators included), the ``max_points`` that reduce
    the error most are kept. The ``error`` of the result is measured, not
    assumed.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    pieces = _pieces(x, y, kinks)
    if not pieces:
        return Simplified(np.empty(0), np.empty(0), 0.0, x.size)
    breaks = len(_runs(y)) - 1  # one NaN coordinate between runs
    ends = len({i for piece in pieces for i in piece})
    if ends + breaks > max_points:
        raise ValueError(f"a curve of {len(pieces)} pieces cannot be drawn in {max_points} points")
    keep = _refine(x, y, pieces, tolerance, max_points - breaks - ends)
    xs, ys = _with_breaks(x, y, keep)
    xs, ys = _rounded(xs, digits), _rounded(ys, digits)
    return Simplified(xs, ys, _error(x, y, keep, digits), x.size)


def _with_breaks(x: np.ndarray, y: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kept points, with one NaN between consecutive finite runs."""
    finite = np.isfinite(y)
    run = np.cumsum(np.r_[finite[0], finite[1:] & ~finite[:-1]])  # run number of each sample
    kept = np.flatnonzero(keep & finite)
    xs, ys = x[kept], y[kept]
    new_run = np.flatnonzero(np.diff(run[kept]) != 0) + 1
    return np.insert(xs, new_run, xs[new_run]), np.insert(ys, new_run, np.nan)


def _error(x: np.ndarray, y: np.ndarray, keep: np.ndarray, digits: int) -> float:
    """Largest |y - written line| over the samples, each run against its own points.

    The written points are the kept ones rounded to ``digits`` digits (a kink's
    left limit may round onto the kink: runs are told apart by index, not x).
    """
    error = 0.0
    for a, b in _runs(y):
        kept = np.flatnonzero(keep[a : b + 1]) + a
        px, py = _rounded(x[kept], digits), _rounded(y[kept], digits)
        if px.size == 1:
            dev = np.abs(y[a : b + 1] - py[0])
        else:
            dev = np.abs(y[a : b + 1] - np.interp(x[a : b + 1], px, py))
        error = max(error, float(dev.max()))
    return error


# ---------------------------------------------------------------- TeX text

_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "$": r"\$",
}  # fmt: skip
_GREEK = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon",
    "θ": r"\theta", "λ": r"\lambda", "μ": r"\mu", "π": r"\pi", "σ": r"\sigma",
    "τ": r"\tau", "φ": r"\phi", "Φ": r"\Phi", "ψ": r"\psi", "ω": r"\omega",
    "−": "-", "≥": r"\geq", "≤": r"\leq", "≠": r"\neq", "×": r"\times", "·": r"\cdot",
    "∞": r"\infty", "±": r"\pm", "′": "'",
}  # fmt: skip


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _GREEK:
            out.append(f"${_GREEK[ch]}$")
        else:
            out.append(ch)
    return "".join(out)


def tex_text(text: str) -> str:
    """``text`` for LaTeX: ``$...$`` parts (mathtext) kept as math, the rest escaped."""
    parts = re.split(r"(\$[^$]*\$)", text)
    return "".join(p if p.startswith("$") and p.endswith("$") and len(p) > 1 else _escape(p)
                   for p in parts)  # fmt: skip


def _tex_names(acts: Sequence[Activation]) -> list[str]:
    """One name per function for the title, parameter values (a sweep's listed) in math."""
    groups: dict[str, list[Activation]] = {}
    for act in acts:
        groups.setdefault(act.label, []).append(act)
    names = []
    for label, group in groups.items():
        parts = []
        for param in group[0].params:
            values = list(dict.fromkeys(f"{a.values[param.name]:.6g}" for a in group))
            parts.append(f"${param.tex}={','.join(values)}$")
        names.append(f"{tex_text(label)} ({', '.join(parts)})" if parts else tex_text(label))
    return names


def _tex_title(act: Activation) -> str:
    """``act``'s legend name: its label with parameter values in math."""
    if not act.params:
        return tex_text(act.label)
    values = ", ".join(f"{p.tex}={act.values[p.name]:.6g}" for p in act.params)
    return f"{tex_text(act.label)} (${values}$)"


def _two_lines(title: str, width: int = 50) -> str:
    """A long title broken at the space (outside math) nearest its middle."""
    plain = re.sub(r"\$[^$]*\$|\\[A-Za-z]+", "x", title)
    if len(plain) <= width:
        return title
    spaces = [m.start() for m in re.finditer(" ", title)]
    outside = [i for i in spaces if title[:i].count("$") % 2 == 0]
    if not outside:
        return title
    cut = min(outside, key=lambda i: abs(i - len(title) / 2))
    return f"{title[:cut]}\\\\{title[cut + 1 :]}"


def _number(value: float) -> str:
    return "nan" if not math.isfinite(value) else f"{value:.9g}"


# ---------------------------------------------------------------- the figure


@dataclass(frozen=True)
class PgfplotsFigure:
    """The text of a figure, each curve as written (legend label, points), and the tolerance."""

    text: str
    curves: tuple[tuple[str, Simplified], ...]
    tolerance: float  # y units: PGFPLOTS_TOLERANCE of the y span


def pgfplots_text(
    acts: Sequence[Activation], x: np.ndarray, spec: FigureSpec, *, command: str = ""
) -> PgfplotsFigure:
    """The ``tikzpicture`` of ``acts`` over the sorted grid ``x``.

    Raises
    ------
    ValueError
        For saturation shading (not written to pgfplots) or an undrawable range.
    """
    if spec.saturation is not None:
        raise ValueError("--saturation shades a figure; it does not apply to .tex output")
    check_drawable(x)
    look = Look(spec.style, spec.lang)
    with look.context():
        cycle = [mpl.colors.to_hex(c) for c in cycle_colors()]
    words = labels_for(spec.lang)
    curves: list[tuple[Activation, bool, np.ndarray, np.ndarray]] = []
    for act in acts:
        curves.append((act, False, *curve(act, x)))
        if spec.derivative:
            curves.append((act, True, *curve(act, x, derivative=True)))
    if spec.ylim is not None:
        ylim = spec.ylim
    else:
        from matplotlib.lines import Line2D

        ylim = fitted_ylim([Line2D(cx, cy) for _, _, cx, cy in curves])
    tolerance = PGFPLOTS_TOLERANCE * (ylim[1] - ylim[0])

    if spec.title is not None:
        title = tex_text(spec.title)
    else:
        title = words.title(_tex_names(acts), derivative=spec.derivative)
    lines = [
        f"% Made by actplot {actplot.__version__}" + (f": {command}" if command else "") + ".",
        "% Needs \\usepackage{pgfplots} (1.16 or newer) in the preamble"
        + (", and a CJK setup (e.g. ctex, with XeLaTeX)." if spec.lang == "zh" else "."),
        f"% Each curve is simplified to at most {PGFPLOTS_MAX_POINTS} points; the largest",
        "% vertical distance from the sampled curve, in y units, is noted above it.",
        "\\begin{tikzpicture}",
    ]
    colors: list[str] = []
    for i, _act in enumerate(acts):
        if len(acts) == 1:
            pair = SEED_COLORS if look.is_default_style else (cycle * 2)[:2]
        else:
            pair = (cycle[i % len(cycle)],) * 2
        colors += [_hex(pair[0]), _hex(pair[1])] if spec.derivative else [_hex(pair[0])]
    for name, value in dict.fromkeys(zip(_color_names(colors), colors, strict=True)):
        lines.append(f"\\definecolor{{{name}}}{{HTML}}{{{value}}}")
    options = [
        f"xmin={_number(float(x[0]))}, xmax={_number(float(x[-1]))}",
        f"ymin={_number(ylim[0])}, ymax={_number(ylim[1])}",
    ]
    if spec.size is not None:
        options.append(f"width={spec.size[0]:g}in, height={spec.size[1]:g}in")
    options += [
        f"title={{{_two_lines(title)}}}",
        "title style={align=center}",
        "xlabel={" + re.sub(r"\bx\b", "$x$", tex_text(words.xlabel)) + "}",
        "grid=major",
        "unbounded coords=jump",
        "legend pos=outer north east",
        "legend cell align=left",
    ]
    lines.append("\\begin{axis}[")
    lines += [f"  {opt}," for opt in options if opt]
    lines.append("]")
    written: list[tuple[str, Simplified]] = []
    for (act, is_derivative, cx, cy), color in zip(curves, _color_names(colors), strict=True):
        reduced = simplify(cx, cy, tolerance=tolerance, kinks=act.kink_points)
        name = _tex_title(act)
        pattern = words.derivative if is_derivative else words.function
        label = pattern.format(name=name)
        if spec.formula:
            label += f": ${act.derivative_formula if is_derivative else act.formula}$"
        written.append((label, reduced))
        style = "dashed" if is_derivative else "solid"
        lines.append(
            f"% {label}: {reduced.samples} samples -> {reduced.x.size} points; "
            f"max |dy| = {reduced.error:.2g}"
        )
        lines.append(f"\\addplot[color={color}, {style}, thick, mark=none] coordinates {{")
        coords = [f"({_number(a)},{_number(b)})" for a, b in zip(reduced.x, reduced.y, strict=True)]
        for k in range(0, len(coords), 6):
            lines.append(" ".join(coords[k : k + 6]))
        lines.append("};")
        lines.append(f"\\addlegendentry{{{label}}}")
    lines += ["\\end{axis}", "\\end{tikzpicture}", ""]
    return PgfplotsFigure("\n".join(lines), tuple(written), tolerance)


def _hex(color: str) -> str:
    return mpl.colors.to_hex(color).lstrip("#").upper()


def _color_names(colors: Sequence[str]) -> list[str]:
    """A TeX colour name per colour (equal colours share one)."""
    index: dict[str, int] = {}
    return [f"actplot{chr(ord('A') + index.setdefault(c, len(index)) % 26)}"
            f"{index[c] // 26 or ''}" for c in colors]  # fmt: skip


def write_pgfplots(
    path: str | os.PathLike[str],
    acts: Sequence[Activation],
    x: np.ndarray,
    spec: FigureSpec,
    *,
    command: str = "",
) -> list[str]:
    """Write the pgfplots figure to ``path`` atomically; return notes for the user.

    A note names each curve that needed more than the default tolerance to
    fit in ``PGFPLOTS_MAX_POINTS`` points, with the error it has.
    """
    figure = pgfplots_text(acts, x, spec, command=command)
    data = figure.text.encode("utf-8")

    def write(fileobj: IO[bytes]) -> None:
        fileobj.write(data)

    atomic_write(Path(path), write)
    return [
        f"{label}: {reduced.x.size} points are within {reduced.error:.2g} (y units) of "
        f"the curve; more points would be needed for {figure.tolerance:.2g}"
        for label, reduced in figure.curves
        if reduced.error > figure.tolerance * (1 + 1e-9)
    ]
