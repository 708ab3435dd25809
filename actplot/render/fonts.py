"""Fonts: TrueType outlines only, and a font with Chinese glyphs for ``--lang zh``.

PDFs embed fonts as Type 42 (TrueType), which needs TrueType (``glyf``)
outlines: a CFF-outline font (most ``.otf`` files, e.g. Nimbus Roman from
``fonts-urw-base35``, which Ghostscript, ImageMagick and TeX Live bring along)
would be embedded as CFF under a TrueType declaration, and ``pdffonts`` warns
"Mismatch between font type and embedded font file". :func:`truetype_rc`
therefore drops every family with CFF outlines from a look's font lists,
and puts matplotlib's Times-like STIX face (TrueType, always present) right
after the Times-like names a list asks for, before any other fallback.

matplotlib's default fonts have no CJK glyphs (they render as empty boxes).
For Chinese a system CJK font with TrueType outlines is preferred when present
(a Song face for a serif look, with its bold weight for bold titles where the
family has one); otherwise Noto Sans SC (SIL OFL) from the ``zhplot`` package,
a dependency of actplot, is registered with matplotlib's font manager. Nothing
is downloaded, and nothing is registered unless Chinese is asked for.
"""

from __future__ import annotations

import functools
import importlib.util
import string
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actplot.text.labels import LABELS

__all__ = [
    "CJKFont",
    "FontNotFoundError",
    "TIMES_LIKE",
    "cjk_font",
    "cjk_rc",
    "cjk_serif_font",
    "truetype_outlines",
    "truetype_rc",
]

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
# Song (Ming) faces, the serif of Chinese print, for a serif look such as paper.
SYSTEM_CJK_SERIF_FAMILIES: tuple[str, ...] = (
    "Noto Serif SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Songti SC",
    "STSong",
    "SimSun",
    "NSimSun",
    "AR PL UMing CN",
    "AR PL SungtiL GB",
    "FandolSong",
)
# (package, file inside it) of the font that ships with actplot's dependencies.
BUNDLED_FONT: tuple[str, str] = ("zhplot", "fonts/NotoSansSC-Regular.ttf")

INSTALL_HINT = (
    "no font with Chinese glyphs found: reinstall actplot's dependencies "
    "('pip install zhplot' ships Noto Sans SC) or install a system CJK font "
    "(e.g. 'apt install fonts-wqy-microhei')"
)

# Names of Times and its clones: a list asking for one gets a TrueType Times-like
# face (matplotlib's STIX, which always ships) right after them.
TIMES_LIKE: frozenset[str] = frozenset(
    {
        "Times New Roman",
        "Times",
        "Nimbus Roman",
        "Nimbus Roman No9 L",
        "Liberation Serif",
        "TeX Gyre Termes",
        "FreeSerif",
        "STIX Two Text",
        "STIXGeneral",
    }
)
STIX_TEXT = "STIXGeneral"
_GENERIC_KEYS = ("serif", "sans-serif", "monospace", "cursive", "fantasy")
# matplotlib's own TrueType faces, with the widest coverage: the last fallback
# for glyphs the chosen face lacks (STIX has no subscript l, say).
_LAST_RESORT = {"serif": "DejaVu Serif", "monospace": "DejaVu Sans Mono"}
_BOLD = 600  # the lowest weight that reads as bold


class FontNotFoundError(RuntimeError):
    """No usable font with Chinese glyphs; the message says how to get one."""


@dataclass(frozen=True)
class CJKFont:
    """The font chosen for Chinese text."""

    family: str
    path: str
    has_minus: bool  # U+2212, used by matplotlib for negative tick labels
    bundled: bool
    has_bold: bool = False  # the family has a bold TrueType face with every glyph


# ---------------------------------------------------------------- TrueType outlines


@functools.lru_cache(maxsize=4096)
def truetype_outlines(path: str, index: int = 0) -> bool:
    """Whether font ``index`` of the file has TrueType (``glyf``) outlines.

    Read from the sfnt table directory (a few hundred bytes): a CFF font
    (``OTTO``) or anything that is not an sfnt (Type 1, AFM) is not.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(12)
            if head[:4] == b"ttcf":  # a collection: the table directory of face `index`
                count = struct.unpack(">I", head[8:12])[0]
                if not 0 <= index < count:
                    return False
                file.seek(12 + 4 * index)
                (offset,) = struct.unpack(">I", file.read(4))
                file.seek(offset)
                head = file.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False
            (tables,) = struct.unpack(">H", head[4:6])
            directory = file.read(16 * tables)
    except (OSError, struct.error):
        return False
    return any(directory[16 * i : 16 * i + 4] == b"glyf" for i in range(tables))


def _entries() -> dict[str, list[Any]]:
    """matplotlib's known font files by family name."""
    from matplotlib import font_manager

    return _entries_of(font_manager.fontManager)


_ENTRY_CACHE: dict[tuple[int, int], dict[str, list[Any]]] = {}


def _entries_of(manager: Any) -> dict[str, list[Any]]:
    # addfont appends to ttflist; a rebuild replaces it: either changes the key.
    key = (id(manager.ttflist), len(manager.ttflist))
    found = _ENTRY_CACHE.get(key)
    if found is None:
        found = {}
        for entry in manager.ttflist:
            found.setdefault(entry.name, []).append(entry)
        _ENTRY_CACHE.clear()
        _ENTRY_CACHE[key] = found
    return found


def _truetype_family(name: str, entries: Mapping[str, list[Any]]) -> bool:
    """A family is usable unless one of its files has non-TrueType outlines.

    A name with no font installed stays: nothing can be drawn in it, and an
    SVG viewer that has it may still use it.
    """
    return all(truetype_outlines(e.fname, getattr(e, "index", 0)) for e in entries.get(name, ()))


def _keep_truetype(names: Iterable[str], entries: Mapping[str, list[Any]]) -> list[str]:
    kept = [n for n in names if _truetype_family(n, entries)]
    wants_times = [i for i, n in enumerate(kept) if n in TIMES_LIKE]
    if wants_times and STIX_TEXT not in kept:
        kept.insert(wants_times[-1] + 1, STIX_TEXT)
    elif not wants_times and any(n in TIMES_LIKE for n in names):
        kept.insert(0, STIX_TEXT)  # every Times-like name was dropped
    return kept


def truetype_rc(rc: Mapping[str, Any]) -> dict[str, Any]:
    """Font lists of ``rc`` without families that have CFF outlines.

    Covers ``font.family`` and the generic lists (``font.serif`` ...); a list
    that names a Times-like face gets matplotlib's STIX (TrueType) after the
    last Times-like name kept, or first if none is. ``font.family`` ends in a
    DejaVu face of its kind, for glyphs the chosen face lacks.
    """
    entries = _entries()
    out: dict[str, Any] = {}
    for generic in _GENERIC_KEYS:
        key = f"font.{generic}"
        out[key] = _keep_truetype(rc[key], entries)
    families = _keep_truetype(rc["font.family"], entries) or ["sans-serif"]
    for generic in [f for f in families if f in _GENERIC_KEYS]:
        last = _LAST_RESORT.get(generic, "DejaVu Sans")
        if last not in families:
            families.append(last)
    out["font.family"] = families
    return out


# ---------------------------------------------------------------- Chinese


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
        zh.ylabel,
        zh.ylabel_plain,
        zh.legend_with,
        *zh.headings.values(),
    ]
    chars = set("".join(texts)) | set(string.ascii_letters + string.digits + "()=.,")
    chars -= set("{}")
    return "".join(sorted(chars))


def _charmap(path: str) -> set[int]:
    from matplotlib.ft2font import FT2Font

    return set(FT2Font(path).get_charmap())


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
            if _weight(entry.weight) >= _BOLD:
                continue
            minus = _usable(entry.fname, required)
            index = getattr(entry, "index", 0)
            if (
                minus is not None
                and truetype_outlines(entry.fname, index)
                and _proportional_latin(entry.fname, index)
            ):
                bold = any(
                    _weight(e.weight) >= _BOLD
                    and truetype_outlines(e.fname, getattr(e, "index", 0))
                    and _usable(e.fname, required) is not None
                    for e in candidates
                )
                if _weight(entry.weight) != 400:
                    _register_as_regular(entry)
                return CJKFont(entry.name, entry.fname, minus, bundled=False, has_bold=bold)
    return None


def _proportional_latin(path: str, index: int = 0) -> bool:
    """Whether the font's Latin letters have widths of their own ("i" narrower than "m").

    Every Latin text of a Chinese figure is set in the CJK font (mathtext
    needs it first); one with typewriter Latin (AR PL UMing's) would turn
    every tick label and name into it.
    """
    from matplotlib.ft2font import FT2Font, LoadFlags

    try:
        font = FT2Font(path, face_index=index)
        narrow, wide = (font.load_char(ord(c), flags=LoadFlags.NO_SCALE).horiAdvance for c in "im")
    except (OSError, RuntimeError, ValueError):
        return False
    return bool(narrow < 0.7 * wide)


def _register_as_regular(entry: Any) -> None:
    """Make a family's lightest face (AR PL UMing is "Light", 300) its normal weight.

    Text asks for the normal weight; without this matplotlib logs a fallback
    warning for every text it draws in the family.
    """
    import dataclasses

    from matplotlib import font_manager

    manager: Any = font_manager.fontManager
    manager.ttflist.append(dataclasses.replace(entry, weight=400))
    manager._findfont_cached.cache_clear()


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
    Type 42, and proportional Latin letters, since Latin text is set in it too).

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


@functools.cache
def cjk_serif_font(families: tuple[str, ...] = SYSTEM_CJK_SERIF_FAMILIES) -> CJKFont | None:
    """A system Song face that qualifies as :func:`cjk_font` does, or None."""
    return _system_font(families, _required_chars())


def cjk_rc(families: Sequence[str]) -> dict[str, Any]:
    """rcParams that set text in the CJK font, with ``families`` as fallbacks.

    A serif look (``families`` starting with ``serif`` or a Times-like face)
    gets a Song face where one is installed. The CJK font comes first so that
    mathtext (legend formulas), which uses only a text's first font for its
    plain parts, still finds the glyphs. Without U+2212 in that font, ticks
    use the ASCII hyphen for minus. Titles stay bold (as the look asks)
    only if the family has a bold face; otherwise they are set in the regular
    weight, which is all that family has (asking for bold would only log a
    fallback to it).
    """
    serif = bool(families) and (families[0] == "serif" or families[0] in TIMES_LIKE)
    font = (cjk_serif_font() if serif else None) or cjk_font()
    rc: dict[str, Any] = {
        "font.family": [font.family, *[f for f in families if f != font.family]],
        "axes.unicode_minus": font.has_minus,
    }
    if not font.has_bold:
        rc["axes.titleweight"] = "normal"
        rc["figure.titleweight"] = "normal"
    return rc
