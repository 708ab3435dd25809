"""The ``--dtype`` figure: f and f' in a low-precision format, two ways.

Top panel: f rounded to the format (solid), f' correctly rounded (dashed) and
f' as frameworks compute it (dotted, where the catalogue declares that form),
at inputs rounded to the format. Hatched: where the framework's f' is exactly
0 while the exact f' is not ("numerically hard-saturated"); lightly shaded:
where even the correctly rounded f' is 0 (underflow). A vertical line marks
where f or f' overflows. Bottom panel: |f'| on a log axis -- exact, correctly
rounded, framework -- with the format's smallest subnormal number, and each
threshold of :func:`actplot.analysis.precision.analyse` inside the range.
The numbers come from :mod:`actplot.analysis.precision`; this module draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from actplot.analysis.precision import Evaluation, Format, analyse, evaluate, format_of
from actplot.analysis.sampling import mask_spans
from actplot.catalogue import Activation
from actplot.render.defaults import SEED_COLORS
from actplot.render.figure import check_drawable, cycle_colors, fitted_ylim
from actplot.render.looks import Look
from actplot.render.panels import legend_clear_of, two_panels
from actplot.render.spec import FigureSpec

__all__ = ["precision_figure", "precision_title"]

_FORM_STYLE = {"rounded": "--", "framework": ":"}
_SATURATED_ALPHA = 0.10
_HATCH_ALPHA = 0.22
_UNDERFLOW_ALPHA = 0.07


def precision_title(acts: Sequence[Activation], fmt: Format) -> str:
    """The default title: ``Sigmoid in bfloat16: f (solid), f' correctly rounded
    (dashed), as frameworks compute it (dotted)``."""
    names = ", ".join(dict.fromkeys(act.title for act in acts))
    framework = any(act.framework_grad is not None for act in acts)
    tail = ", as frameworks compute it (dotted)" if framework else ""
    return f"{names} in {fmt.name}: f (solid), f′ correctly rounded (dashed){tail}"


def _visible(y: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(y), y, np.nan)


def precision_figure(
    acts: Sequence[Activation], x: np.ndarray, spec: FigureSpec, fmt: Format | str
) -> Figure:
    """The figure of ``acts`` in ``fmt`` over the sorted grid ``x`` (see the module docstring).

    ``spec`` gives the title, y limits of the top panel, size, resolution and
    style; its derivative, formula and saturation settings do not apply.
    """
    fmt = format_of(fmt) if isinstance(fmt, str) else fmt
    check_drawable(x)
    look = Look(spec.style, spec.lang)
    with look.context():
        fig = _draw(acts, np.asarray(x, dtype=np.float64), spec, fmt, look)
    look.attach(fig)
    return fig


def _colors(acts: Sequence[Activation], look: Look) -> list[tuple[Any, Any, Any]]:
    """(f, rounded f', framework f') colours per function."""
    cycle = cycle_colors()
    if len(acts) == 1:
        f_color, d_color = SEED_COLORS if look.is_default_style else (cycle * 2)[:2]
        third = next((c for c in cycle if c not in (f_color, d_color)), "#2ca02c")
        return [(f_color, d_color, "#e07b00" if look.is_default_style else third)]
    return [(c, c, c) for c in (cycle[i % len(cycle)] for i in range(len(acts)))]


def _draw(
    acts: Sequence[Activation], x: np.ndarray, spec: FigureSpec, fmt: Format, look: Look
) -> Figure:
    several = len(acts) > 1
    # Several functions get one legend under both panels: room for its rows.
    fig, top, bottom = two_panels(spec, (3, 2), 0.22 * (2 * len(acts) + 6) if several else 0.0)
    evaluations = [evaluate(act, x, fmt) for act in acts]
    colors = _colors(acts, look)
    lines = _top_panel(top, acts, evaluations, colors)
    for ax in (top, bottom):
        ax.set_xlim(float(x[0]), float(x[-1]))
    top.set_ylim(*(spec.ylim if spec.ylim is not None else fitted_ylim(lines)))
    top.grid(True)
    shading = _shade(top, bottom, acts, evaluations, colors)
    _mark_overflows(top, evaluations, colors)
    top.set_title(spec.title if spec.title is not None else precision_title(acts, fmt), wrap=True)
    log_lines, log_handles = _bottom_panel(bottom, acts, evaluations, colors, fmt)
    bottom.grid(True, which="major")
    bottom.set_xlabel("x")
    bottom.set_ylabel("|f′|")
    if not several:
        legend_clear_of(top, lines, [*lines, *shading], fontsize="small")
        legend_clear_of(bottom, log_lines, log_handles, fontsize="small")
        return fig
    # A colour per function (with its thresholds) and a key to the line
    # styles, rather than every line.
    neutral = top.xaxis.label.get_color()
    key = [
        Line2D([], [], color=neutral, linestyle=style, linewidth=lw, label=label)
        for style, lw, label in _STYLE_KEY
        if style != ":" or any(ev.has_framework_form for ev in evaluations)
    ]
    fig.legend(
        handles=[*log_handles, *key, *shading],
        loc="outside lower center",
        fontsize="small",
        ncols=1,
    )
    return fig


_STYLE_KEY: tuple[tuple[Any, float, str], ...] = (
    ("-", 1.5, "f (top)"),
    ("-", 0.8, "|f′| exact (bottom)"),
    ("--", 1.5, "f′ correctly rounded"),
    (":", 2.0, "f′ as frameworks compute it"),
)


def _top_panel(
    ax: Any,
    acts: Sequence[Activation],
    evaluations: Sequence[Evaluation],
    colors: Sequence[tuple[Any, Any, Any]],
) -> list[Line2D]:
    lines: list[Line2D] = []
    several = len(acts) > 1
    for act, ev, (fc, dc, wc) in zip(acts, evaluations, colors, strict=True):
        name = f"{act.title} " if several else ""
        (f_line,) = ax.plot(ev.x, _visible(ev.f), color=fc, linestyle="-", label=f"{name}f")
        (r_line,) = ax.plot(
            ev.x,
            _visible(ev.rounded),
            color=dc,
            linestyle="--",
            label=f"{name}f′ correctly rounded",
        )
        lines += [f_line, r_line]
        if ev.has_framework_form:
            formula = act.framework_grad.formula.split(",")[0] if act.framework_grad else ""
            (w_line,) = ax.plot(
                ev.x,
                _visible(ev.framework),
                color=wc,
                linestyle=":",
                linewidth=2.0,
                label=f"{name}f′ as frameworks compute it: {formula}",
            )
            lines.append(w_line)
    return lines


def _shade(
    top: Any,
    bottom: Any,
    acts: Sequence[Activation],
    evaluations: Sequence[Evaluation],
    colors: Sequence[tuple[Any, Any, Any]],
) -> list[Any]:
    """Hatch numerically hard-saturated spans, shade underflow; return legend proxies."""
    from matplotlib.colors import to_rgba

    neutral = top.xaxis.label.get_color()
    kinds = set()
    for ev, (_, _, wc) in zip(evaluations, colors, strict=True):
        color = neutral if len(evaluations) == 1 else wc
        saturated = ev.numerically_saturated & ~ev.underflow
        for ax in (top, bottom):
            for a, b in mask_spans(ev.x, saturated):
                kinds.add("saturated")
                ax.axvspan(
                    a,
                    b,
                    facecolor=to_rgba(color, _SATURATED_ALPHA),
                    hatch="/",
                    edgecolor=to_rgba(color, _HATCH_ALPHA),
                    linewidth=0,
                    zorder=0.5,
                )
            for a, b in mask_spans(ev.x, ev.underflow):
                kinds.add("underflow")
                ax.axvspan(
                    a, b, facecolor=to_rgba(color, _UNDERFLOW_ALPHA), linewidth=0, zorder=0.4
                )
    handles = []
    if "saturated" in kinds:
        handles.append(
            Patch(
                facecolor=to_rgba(neutral, _SATURATED_ALPHA),
                hatch="/",
                edgecolor=to_rgba(neutral, _HATCH_ALPHA),
                linewidth=0,
                label="numerically hard-saturated: framework f′ = 0, exact f′ ≠ 0",
            )
        )
    if "underflow" in kinds:
        handles.append(
            Patch(
                facecolor=to_rgba(neutral, _UNDERFLOW_ALPHA),
                linewidth=0,
                label="underflow: even the correctly rounded f′ is 0",
            )
        )
    return handles


def _mark_overflows(
    ax: Any, evaluations: Sequence[Evaluation], colors: Sequence[tuple[Any, Any, Any]]
) -> None:
    """A vertical line, labelled, where f or f' first overflows on each side."""
    for ev, (fc, _, _) in zip(evaluations, colors, strict=True):
        for side in ("left", "right"):
            part = ev.x < 0 if side == "left" else ev.x >= 0
            first: dict[str, int] = {}
            for what, values in (("f", ev.f), ("f′", ev.rounded)):
                idx = np.nonzero(~np.isfinite(values) & np.isfinite(ev.exact_f) & part)[0]
                if idx.size:
                    first[what] = int(idx[-1] if side == "left" else idx[0])
            for i in sorted(set(first.values())):
                what = " and ".join(w for w, j in first.items() if j == i)
                at = float(ev.x[i])
                ax.axvline(at, color=fc, linewidth=1.0, linestyle="-.", zorder=1)
                ax.annotate(
                    f"{what} overflow{'s' if ' ' not in what else ''} {ev.fmt.name}\n"
                    f"(beyond ±{ev.fmt.max:.4g})",
                    xy=(at, 0.5),
                    xycoords=("data", "axes fraction"),
                    xytext=(-4 if side == "right" else 4, 0),
                    textcoords="offset points",
                    ha="right" if side == "right" else "left",
                    va="center",
                    fontsize="small",
                    color=fc,
                )


def _bottom_panel(
    ax: Any,
    acts: Sequence[Activation],
    evaluations: Sequence[Evaluation],
    colors: Sequence[tuple[Any, Any, Any]],
    fmt: Format,
) -> tuple[list[Line2D], list[Any]]:
    """Draw |f'| on a log axis; return the lines (to keep clear) and the legend handles."""
    ax.set_yscale("log")
    lines: list[Line2D] = []
    handles: list[Any] = []
    several = len(acts) > 1
    positive: list[np.ndarray] = []
    x0, x1 = ax.get_xlim()
    for act, ev, (fc, dc, wc) in zip(acts, evaluations, colors, strict=True):
        name = f"{act.title} " if several else ""
        report = analyse(act, fmt)
        zero = {"rounded": [], "framework": []}  # type: dict[str, list[str]]
        for t in report.thresholds:
            if t.cause == "exact" or not x0 < t.at < x1:
                continue
            color = wc if t.form == "framework" else dc
            ax.axvline(t.at, color=color, linewidth=0.9, linestyle=_FORM_STYLE[t.form], zorder=1)
            zero[t.form].append(f"{'≥' if t.side == 'right' else '≤'} {t.at:.4g}")
        exact = np.abs(ev.exact_d)
        if several:
            parts = [
                f"{form} f′ = 0 for x {' and '.join(zero[form])}"
                for form in ("rounded", "framework")
                if zero[form]
            ]
            label = act.title + (": " + "; ".join(parts) if parts else "")
            handles.append(Line2D([], [], color=fc, linewidth=2, label=label))
        shown = [(exact, fc if several else "0.45", "-", 0.8, f"{name}|f′| exact")]
        shown.append(
            (np.abs(ev.rounded), dc, "--", 1.5, f"{name}correctly rounded" + _zero(zero["rounded"]))
        )
        if ev.has_framework_form:
            label = f"{name}as frameworks compute it" + _zero(zero["framework"])
            shown.append((np.abs(ev.framework), wc, ":", 2.0, label))
        for values, color, style, width, label in shown:
            y = np.where((values > 0) & np.isfinite(values), values, np.nan)
            (line,) = ax.plot(ev.x, y, color=color, linestyle=style, linewidth=width, label=label)
            lines.append(line)
            positive.append(y[np.isfinite(y)])
    floor = ax.axhline(
        fmt.smallest_subnormal,
        color="0.5",
        linewidth=0.8,
        linestyle=(0, (1, 3)),
        label=f"smallest {fmt.name} subnormal, {fmt.smallest_subnormal:.3g}",
    )
    values = np.concatenate(positive) if positive else np.empty(0)
    lo = min(float(values.min()) if values.size else 1.0, fmt.smallest_subnormal) / 8
    hi = max(float(values.max()) if values.size else 1.0, fmt.smallest_subnormal) * 8
    ax.set_ylim(lo, hi)
    if several:
        return [*lines, floor], [*handles, floor]
    return [*lines, floor], [*lines, floor]


def _zero(where: list[str], what: str = "", sep: str = ",") -> str:
    """``, 0 for x ≥ 6.236`` (the thresholds inside the range), or ""."""
    return f"{sep} 0 for x {' and '.join(where)}{what}" if where else ""
