"""A font with Chinese glyphs for ``--lang zh``: a system one, else the bundled one.

matplotlib's default fonts have no CJK glyphs (they render as empty boxes).
A system CJK font with TrueType outlines is preferred when present; otherwise
Noto Sans SC (SIL OFL) from the ``zhplot`` package, a dependency of actplot,
is registered with matplotlib's font manager. Nothing is downloaded, and
nothing is registered unless Chinese is asked for.
"""

from __future__ import annotations

import functools
import importlib.util
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actplot.text.labels import LABELS

__all__ = ["CJKFont", "FontNotFoundError", "cjk_font", "cjk_rc"]

MINUS = "\u2212"

# System fonts worth preferring, best first (Simplified Chinese forms first).
SYSTEM_CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Sarasa Gothic SC",
    "SimHei",
    "Droid Sans Fallback",
)
# (package, file inside it) of the font that ships with actplot's dependencies.
BUNDLED_FONT: tuple[str, str] = ("zhplot", "fonts/NotoSansSC-Regular.ttf")

INSTALL_HINT = (
    "no font with Chinese glyphs found: reinstall actplot's dependencies "
    "('pip install zhplot' ships Noto Sans SC) or install a system CJK font "
    "(e.g. 'apt install fonts-wqy-microhei')"
)


class FontNotFoundError(RuntimeError):
    """No usable font with Chinese glyphs; the message says how to get one."""


@dataclass(frozen=True)
class CJKFont:
    """The font chosen for Chinese text."""

    family: str
    path: str
    has_minus: bool  # U+2212, used by matplotlib for negative tick labels
    bundled: bool


def _required_chars() -> str:
    """Every character the Chinese labels use, plus ASCII letters and digits."""
    zh = LABELS["zh"]
    texts = [
        zh.function,
        zh.derivative,
        zh.title_one,
        zh.title_many,
        zh.title_plain,
        zh.separator,
        zh.last_separator,
        zh.xlabel,
        *zh.headings.values(),
    ]
    chars = set("".join(texts)) | set(string.ascii_letters + string.digits + "()=.,")
    chars -= set("{}")
    return "".join(sorted(chars))


def _charmap(path: str) -> set[int]:
    from matplotlib.ft2font import FT2Font

    return set(FT2Font(path).get_charmap())


def _truetype_outlines(path: str) -> bool:
    """Whether the font has TrueType (glyf) outlines: PDFs then embed it as Type 42."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            return "glyf" in font
    except Exception:  # unreadable: not a font we want
        return False


def _usable(path: str, required: str) -> bool | None:
    """None if the font lacks a required glyph; else whether it has U+2212."""
    try:
        cmap = _charmap(path)
    except (OSError, RuntimeError):
        return None
    if any(ord(ch) not in cmap for ch in required):
        return None
    return ord(MINUS) in cmap


def _system_font(families: Iterable[str], required: str) -> CJKFont | None:
    from matplotlib import font_manager

    entries = font_manager.fontManager.ttflist
    for family in families:
        candidates = [
            e
            for e in entries
            if e.name == family and e.style == "normal" and Path(e.fname).is_file()
        ]
        candidates.sort(key=lambda e: abs(_weight(e.weight) - 400))
        for entry in candidates:
            minus = _usable(entry.fname, required)
            if minus is not None and _truetype_outlines(entry.fname):
                return CJKFont(entry.name, entry.fname, minus, bundled=False)
    return None


def _weight(weight: Any) -> int:
    from matplotlib.font_manager import weight_dict

    return weight if isinstance(weight, int) else weight_dict.get(weight, 400)


def _bundled_font(required: str) -> CJKFont | None:
    package, relative = BUNDLED_FONT
    # find_spec locates the package without importing (running) it.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        return None
    minus = _usable(str(path), required)
    if minus is None:
        return None
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font_manager.fontManager.addfont(str(path))
    return CJKFont(FT2Font(str(path)).family_name, str(path), minus, bundled=True)


@functools.cache
def cjk_font(families: tuple[str, ...] = SYSTEM_CJK_FAMILIES) -> CJKFont:
    """The font for Chinese text: a system CJK font if present, else the bundled one.

    A font counts only if it covers every character actplot's Chinese labels
    use (and, for a system font, has TrueType outlines, so PDFs embed it as
    Type 42).

    Raises
    ------
    FontNotFoundError
        With instructions, when no font qualifies.
    """
    required = _required_chars()
    found = _system_font(families, required) or _bundled_font(required)
    if found is None:
        raise FontNotFoundError(INSTALL_HINT)
    return found


def cjk_rc(families: Sequence[str]) -> dict[str, Any]:
    """rcParams that set text in the CJK font, with ``families`` as fallbacks.

    The CJK font comes first so that mathtext (legend formulas), which uses
    only a text's first font for its plain parts, still finds the glyphs.
    Without U+2212 in that font, ticks use the ASCII hyphen for minus.
    """
    font = cjk_font()
    return {
        "font.family": [font.family, *[f for f in families if f != font.family]],
        "axes.unicode_minus": font.has_minus,
        # One weight is all a CJK font is sure to have; asking for bold would
        # only log a fallback to it.
        "axes.titleweight": "normal",
        "figure.titleweight": "normal",
    }
