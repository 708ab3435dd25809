"""Looks: a style and a language, applied only while a figure is built and drawn.

A :class:`Look` names a style (a built-in such as ``slides``, any matplotlib
style name, or a ``.mplstyle`` path) and a language. ``Look.context()`` puts
its rcParams in force inside :func:`matplotlib.rc_context`, so nothing global
changes. Some settings are read only when a figure is drawn (``svg.fonttype``,
``pdf.fonttype``, ``path.simplify``, the fonts behind a generic family), so a
figure must be drawn under the look it was built with: builders call
:meth:`Look.attach`, and :func:`actplot.render.save.save` and the window re-enter
:func:`look_of` the figure. A new figure command gets ``--style``/``--lang``
this way::

    look = Look(style, lang)
    with look.context():
        fig = Figure(layout="constrained")
        ...  # draw
    look.attach(fig)
    save(fig, path)  # drawn under the same look
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.render.defaults import SEED_COLORS

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure

    from actplot.catalogue import Activation

__all__ = [
    "BUILTIN_STYLES",
    "LANGUAGES",
    "MARKERS",
    "CurveStyle",
    "Look",
    "UnknownStyleError",
    "curve_styles",
    "cycle_colors",
    "figure_builder",
    "line_kw",
    "look_of",
    "resolve_style",
    "sweeps",
]

_STYLE_DIR = Path(__file__).with_name("styles")
BUILTIN_STYLES: tuple[str, ...] = ("seed", "slides", "paper", "dark")
# Built-in styles whose figures have no title unless one is given: a paper's
# figures are named by their captions.
UNTITLED_STYLES: frozenset[str] = frozenset({"paper"})
LANGUAGES: tuple[str, ...] = ("en", "zh")

# In force for every look, before the style: a style file may override them.
_OUTPUT_RC: dict[Any, Any] = {
    # SVG text stays text: editable in slides and small; the font-family list
    # ends in a generic family, so a viewer without the font still shows it.
    "svg.fonttype": "none",
    "svg.hashsalt": "actplot",  # reproducible SVG ids
    # Merge segments that deviate < 1/9 pixel: SVGs of millions of points stay small.
    "path.simplify": True,
}
DEFAULT_SIZE = (6.4, 4.8)  # inches
# The look without --style: the one actplot has always had.
_DEFAULT_RC: dict[Any, Any] = {
    "figure.figsize": DEFAULT_SIZE,
    "grid.alpha": 0.5,
}
# In force for every look, after the style: publishers' checkers reject Type 3.
_FONTTYPE_RC: dict[Any, Any] = {"pdf.fonttype": 42, "ps.fonttype": 42}


class UnknownStyleError(ValueError):
    """The style is neither built in, nor a matplotlib style, nor an existing file."""


def resolve_style(style: str) -> str:
    """The file or matplotlib style name that ``style`` stands for.

    Built-in names come first, then an existing ``.mplstyle`` path, then
    matplotlib's own styles (``ggplot``, ``seaborn-v0_8-paper`` ...).

    Raises
    ------
    UnknownStyleError
        With the built-in names, and a word that any matplotlib style works.
    """
    if style in BUILTIN_STYLES:
        return str(_STYLE_DIR / f"{style}.mplstyle")
    path = Path(style).expanduser()
    if path.suffix == ".mplstyle" or "/" in style or "\\" in style:
        if path.is_file():
            return str(path)
        raise UnknownStyleError(f"style file {style} does not exist")
    import matplotlib.style

    if style in matplotlib.style.available:
        return style
    raise UnknownStyleError(
        f"unknown style {style!r}: use {', '.join(BUILTIN_STYLES)}, "
        "a matplotlib style name (e.g. ggplot) or a .mplstyle file"
    )


@dataclass(frozen=True)
class Look:
    """A style (or None for actplot's default look) and a language."""

    style: str | None = None
    lang: str = "en"

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"unknown language {self.lang!r}: use {', '.join(LANGUAGES)}")
        if self.style is not None:
            resolve_style(self.style)  # fail now, not half-way through a figure

    @property
    def is_default_style(self) -> bool:
        return self.style is None

    @property
    def titled(self) -> bool:
        """Whether figures get a title by default (not in the paper style)."""
        return self.style not in UNTITLED_STYLES

    @contextlib.contextmanager
    def context(self) -> Iterator[None]:
        """rcParams of this look in force inside the block, restored after it.

        Every font list keeps only families with TrueType outlines (see
        :func:`actplot.render.fonts.truetype_rc`), so PDFs embed Type 42 fonts
        whatever is installed. Raises
        :class:`actplot.render.fonts.FontNotFoundError` for ``lang="zh"``
        when no font with Chinese glyphs can be found.
        """
        import matplotlib as mpl

        from actplot.render.fonts import truetype_rc

        with mpl.rc_context():
            mpl.rcParams.update(_OUTPUT_RC)
            if self.style is None:
                mpl.rcParams.update(_DEFAULT_RC)
            else:
                import matplotlib.style

                matplotlib.style.use(resolve_style(self.style))
            mpl.rcParams.update(_FONTTYPE_RC)
            rc: Any = mpl.rcParams
            rc.update(truetype_rc(rc))
            if self.lang == "zh":
                from actplot.render.fonts import cjk_rc

                cjk: dict[Any, Any] = cjk_rc(mpl.rcParams["font.family"])
                mpl.rcParams.update(cjk)
            yield

    def attach(self, fig: Figure | SubFigure) -> None:
        """Remember that ``fig`` was built under this look, to draw it the same way."""
        _LOOKS[fig] = self


_LOOKS: weakref.WeakKeyDictionary[Any, Look] = weakref.WeakKeyDictionary()


def figure_builder(build: Callable[..., Figure]) -> Callable[..., Figure]:
    """Give a figure builder ``style=`` and ``lang=`` keywords.

    The decorated ``build(..., look=...)`` runs under ``Look(style, lang)``,
    receives it as ``look`` (for ``look.lang`` and ``look.is_default_style``),
    and the figure it returns remembers it, so :func:`actplot.render.save.save`
    draws it the same way::

        @figure_builder
        def vanish_figure(result, *, look: Look = Look()) -> Figure: ...

        vanish_figure(result, style="slides", lang="zh")
    """

    @functools.wraps(build)
    def wrapper(*args: Any, style: str | None = None, lang: str = "en", **kwargs: Any) -> Figure:
        look = Look(style, lang)
        with look.context():
            fig = build(*args, look=look, **kwargs)
        look.attach(fig)
        return fig

    return wrapper


def look_of(fig: Any) -> Look:
    """The look ``fig`` (or its root figure) was built with; the default if none."""
    root = getattr(fig, "figure", None) or fig
    return _LOOKS.get(fig) or _LOOKS.get(root) or Look()


# ---------------------------------------------------------------- curve styles

# After the palette: the same colours again with a marker on both curves.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")


@dataclass(frozen=True)
class CurveStyle:
    """How one function's curve pair looks: colours of f and f', and a marker."""

    color: Any
    derivative_color: Any
    marker: str | None = None
    marker_start: float = 0.0  # where along the line the markers begin (axes fraction)


def curve_styles(acts: Sequence[Activation], look: Look) -> list[CurveStyle]:
    """One style per function, no two alike.

    One function: the note's red and blue (or the style's first two colours).
    One function swept (``-p alpha=0.5,1,2``): a sequential ramp, in the
    order of the values. Otherwise a palette colour per function (a sweep
    among others: shades of one colour), and once the palette is used up,
    the same colours with a marker each.

    Raises
    ------
    ValueError
        When there are more functions than styles, with a hint at the gallery.
    """
    palette = cycle_colors()
    if len(acts) == 1:
        first, second = SEED_COLORS if look.is_default_style else (palette * 2)[:2]
        return [CurveStyle(first, second)]
    groups = sweeps(acts)
    if len(groups) == 1:
        return [CurveStyle(c, c) for c in _ramp(len(acts))]
    limit = len(palette) * (1 + len(MARKERS))
    if len(groups) > limit:
        raise ValueError(
            f"{len(groups)} functions in one figure cannot all look different "
            f"(at most {limit} in this style); draw them as panels: actplot gallery NAME..."
        )
    styles: list[CurveStyle] = [CurveStyle(None, None)] * len(acts)
    for g, members in enumerate(groups):
        turn, slot = divmod(g, len(palette))
        marker = MARKERS[turn - 1] if turn else None
        shades = _shades(palette[slot], len(members))
        for i, shade in zip(members, shades, strict=True):
            styles[i] = CurveStyle(shade, shade, marker, marker_start=0.013 * slot)
    return styles


def sweeps(acts: Sequence[Activation]) -> list[list[int]]:
    """Indices of ``acts`` by function: a sweep's members together, anything else alone."""
    groups: dict[str, list[int]] = {}
    for i, act in enumerate(acts):
        groups.setdefault(act.label, []).append(i)
    out: list[list[int]] = []
    for members in groups.values():
        if len({tuple(sorted(acts[i].values.items())) for i in members}) == len(members) > 1:
            out.append(members)
        else:  # one function, or the same one twice: not a sweep
            out += [[i] for i in members]
    return sorted(out)


def _ramp(n: int) -> list[Any]:
    """``n`` colours of a sequential colour map, dark to light, readable on the background."""
    import matplotlib as mpl
    from matplotlib import colormaps
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(mpl.rcParams["axes.facecolor"])
    dark_background = 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5
    lo, hi = (0.3, 1.0) if dark_background else (0.0, 0.85)  # viridis' yellow is faint on white
    cmap = colormaps["viridis"]
    return [cmap(t) for t in np.linspace(lo, hi, n)]


def _shades(color: Any, n: int) -> list[Any]:
    """``n`` shades of ``color``, darker to lighter (just ``color`` for one)."""
    from matplotlib.colors import to_rgb

    if n == 1:
        return [color]
    rgb = np.array(to_rgb(color))
    out = []
    for t in np.linspace(-0.45, 0.45, n):
        shade = rgb * (1 + t) if t < 0 else rgb + (1 - rgb) * t
        out.append(tuple(float(c) for c in shade))
    return out


def line_kw(style: CurveStyle, linewidth: float) -> dict[str, Any]:
    if style.marker is None:
        return {}
    return {
        "marker": style.marker,
        "markevery": (style.marker_start, 0.1),  # spaced along the line, in axes fractions
        "markersize": 1.6 * linewidth + 2.0,
    }


def cycle_colors() -> list[Any]:
    """The colours of the look in force, resolved now: "C0" would be looked up
    again, outside the look, at draw time."""
    import matplotlib as mpl

    return mpl.rcParams["axes.prop_cycle"].by_key().get("color") or list(SEED_COLORS)
