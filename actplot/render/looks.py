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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure

__all__ = [
    "BUILTIN_STYLES",
    "LANGUAGES",
    "Look",
    "UnknownStyleError",
    "figure_builder",
    "look_of",
    "resolve_style",
]

_STYLE_DIR = Path(__file__).with_name("styles")
BUILTIN_STYLES: tuple[str, ...] = ("seed", "slides", "paper", "dark")
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

    @contextlib.contextmanager
    def context(self) -> Iterator[None]:
        """rcParams of this look in force inside the block, restored after it.

        Raises :class:`actplot.render.fonts.FontNotFoundError` for ``lang="zh"``
        when no font with Chinese glyphs can be found.
        """
        import matplotlib as mpl

        with mpl.rc_context():
            mpl.rcParams.update(_OUTPUT_RC)
            if self.style is None:
                mpl.rcParams.update(_DEFAULT_RC)
            else:
                import matplotlib.style

                matplotlib.style.use(resolve_style(self.style))
            mpl.rcParams.update(_FONTTYPE_RC)
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
