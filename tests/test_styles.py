"""Looks: built-in styles render, no global state changes, PDFs embed Type 42 fonts."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import actplot
from actplot.analysis.sampling import grid
from actplot.cli import main
from actplot.render.defaults import SEED_COLORS
from actplot.render.figure import figure
from actplot.render.looks import BUILTIN_STYLES, Look, UnknownStyleError, look_of, resolve_style
from actplot.render.save import save


def pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream appended decompressed (object streams too)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, flags=re.S):
        with contextlib.suppress(zlib.error):  # not every stream is Flate
            parts.append(zlib.decompress(match.group(1)))
    return b"\n".join(parts)


def pdf_font_kinds(path: Path) -> tuple[set[bytes], set[bytes]]:
    """(font Subtypes, embedded font file keys) of a PDF."""
    raw = pdf_objects(path.read_bytes())
    subtypes = set(re.findall(rb"/Subtype\s*/(Type0|Type1|Type3|TrueType|CIDFontType[02])", raw))
    files = set(re.findall(rb"/(FontFile[23]?)\b", raw))
    return subtypes, files


@pytest.mark.parametrize("style", BUILTIN_STYLES)
def test_builtin_style_renders_every_format(run, tmp_path, style):
    for fmt in ("png", "svg", "pdf"):
        out = tmp_path / f"gelu.{fmt}"
        result = run(["gelu", "--style", style, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000


@pytest.mark.parametrize("style", [None, *BUILTIN_STYLES, "ggplot"])
def test_pdf_embeds_truetype_never_type3(tmp_path, style):
    fig = figure([actplot.get("sigmoid")], grid(-5, 5, points=501), formula=True, style=style)
    out = save(fig, tmp_path / "s.pdf")
    subtypes, files = pdf_font_kinds(out)
    assert b"Type3" not in subtypes, subtypes
    assert b"TrueType" in subtypes or b"CIDFontType2" in subtypes, subtypes
    assert files == {b"FontFile2"}, files


def test_building_a_styled_figure_leaves_rcparams_alone(tmp_path):
    before = dict(mpl.rcParams)
    fig = figure([actplot.get("tanh")], grid(-3, 3, points=101), style="dark")
    save(fig, tmp_path / "t.png")
    assert dict(mpl.rcParams) == before


def test_default_look_is_unchanged():
    fig = figure([actplot.get("sigmoid")], grid(-1, 1, points=11))
    f_line, d_line = fig.axes[0].get_lines()
    assert to_rgba(f_line.get_color()) == to_rgba(SEED_COLORS[0])
    assert to_rgba(d_line.get_color()) == to_rgba(SEED_COLORS[1])
    assert tuple(fig.get_size_inches()) == (6.4, 4.8)
    assert fig.axes[0].xaxis.get_gridlines()[0].get_alpha() == 0.5


def test_seed_style_is_the_matlab_look():
    fig = figure([actplot.get("sigmoid")], grid(-1, 1, points=11), style="seed")
    ax = fig.axes[0]
    f_line, d_line = ax.get_lines()
    assert to_rgba(f_line.get_color()) == (1, 0, 0, 1)  # 'r'
    assert to_rgba(d_line.get_color()) == (0, 0, 1, 1)  # 'b--'
    assert d_line.get_linestyle() == "--"
    assert to_rgba(ax.xaxis.get_gridlines()[0].get_color())[:3] == (0, 0, 0)
    assert ax.get_legend().get_frame().get_edgecolor()[:3] == (0, 0, 0)


def test_slides_are_16_by_9_with_thick_lines():
    fig = figure([actplot.get("gelu")], grid(-3, 3, points=101), style="slides")
    w, h = fig.get_size_inches()
    assert w / h == pytest.approx(16 / 9)
    assert fig.axes[0].get_lines()[0].get_linewidth() >= 2.5
    assert fig.axes[0].title.get_fontsize() >= 18


def test_paper_is_one_column_and_serif():
    fig = figure([actplot.get("gelu")], grid(-3, 3, points=101), style="paper")
    assert fig.get_size_inches()[0] == pytest.approx(3.5)
    assert fig.axes[0].title.get_fontfamily()[0] == "serif"


def test_style_is_in_force_when_saving(tmp_path):
    """svg.fonttype is read at draw time: a style file setting it must still apply."""
    style = tmp_path / "outlines.mplstyle"
    style.write_text("svg.fonttype: path\n")
    fig = figure([actplot.get("relu")], grid(-1, 1, points=11), style=str(style))
    assert look_of(fig) == Look(str(style))
    text = save(fig, tmp_path / "r.svg").read_text()
    assert "<text" not in text and "<use" in text  # glyphs as paths
    default = save(figure([actplot.get("relu")], grid(-1, 1, points=11)), tmp_path / "d.svg")
    assert "<text" in default.read_text()  # by default, text stays text


def test_matplotlib_style_names_and_paths_resolve(tmp_path):
    assert resolve_style("ggplot") == "ggplot"
    assert resolve_style("seed").endswith("seed.mplstyle")
    path = tmp_path / "mine.mplstyle"
    path.write_text("lines.linewidth: 4\n")
    assert resolve_style(str(path)) == str(path)
    with pytest.raises(UnknownStyleError, match="seed, slides, paper, dark"):
        resolve_style("sildes")
    with pytest.raises(UnknownStyleError, match="does not exist"):
        resolve_style(str(tmp_path / "missing.mplstyle"))


def test_user_style_file_applies(tmp_path):
    path = tmp_path / "thick.mplstyle"
    path.write_text("lines.linewidth: 4.5\n")
    fig = figure([actplot.get("relu")], grid(-1, 1, points=11), style=str(path))
    assert fig.axes[0].get_lines()[0].get_linewidth() == 4.5


def test_unknown_style_is_exit_2_one_line_listing_styles(run, tmp_path):
    out = tmp_path / "s.png"
    result = run(["sigmoid", "--style", "sildes", "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "seed, slides, paper, dark" in lines[0] and "matplotlib style" in lines[0]
    assert not out.exists()


def test_dark_transparent_png_has_a_transparent_background(run, tmp_path):
    out = tmp_path / "g.png"
    result = run(["gelu", "--style", "dark", "--transparent", "-o", str(out)])
    assert result.exit_code == 0, result.output
    image = mpl.image.imread(out)
    assert image.shape[2] == 4 and image[0, 0, 3] == 0.0  # corner fully transparent
    assert np.any(image[..., 3] == 1.0)  # curves and text are opaque


def test_style_and_lang_options_are_shared_with_other_commands():
    from actplot.cli import look_options

    names = {p.name for p in main.commands["plot"].params}
    assert {"style", "lang"} <= names
    assert callable(look_options)


def test_gallery_takes_the_look(run, tmp_path):
    from actplot.render.gallery import gallery_figure

    acts = [actplot.get(n) for n in ("sigmoid", "relu")]
    fig = gallery_figure(acts, grid(-3, 3, points=101), style="seed", lang="zh")
    assert look_of(fig) == Look("seed", "zh")
    assert fig.get_suptitle() == "激活函数(实线)及其导数(虚线)"
    assert to_rgba(fig.axes[0].get_lines()[0].get_color()) == (1, 0, 0, 1)
    default = gallery_figure(acts, grid(-3, 3, points=101))
    assert to_rgba(default.axes[0].get_lines()[0].get_color()) == to_rgba(SEED_COLORS[0])
    out = tmp_path / "g.png"
    result = run(["gallery", "sigmoid", "relu", "--style", "dark", "--lang", "zh", "-o", str(out)])
    assert result.exit_code == 0, result.output


def test_figure_builder_runs_under_the_look_and_remembers_it():
    from matplotlib.figure import Figure

    from actplot.render.looks import figure_builder

    seen = {}

    @figure_builder
    def build(*, look):
        seen["size"] = tuple(mpl.rcParams["figure.figsize"])
        seen["look"] = look
        return Figure()

    fig = build(style="slides", lang="zh")
    assert seen == {"size": (8.0, 4.5), "look": Look("slides", "zh")}
    assert look_of(fig) == Look("slides", "zh")


# ---------------------------------------------------------------- TrueType only (issue #12)

# Families the built-in styles and matplotlib's default lists name, posed as CFF fonts.
CFF_FAMILIES = ("Nimbus Roman", "Times New Roman", "Times", "Arial", "Helvetica", "Nimbus Sans")
URW_NIMBUS = Path("/usr/share/fonts/opentype/urw-base35/NimbusRoman-Regular.otf")


def _cff_font(path: Path, family: str) -> Path:
    """A CFF-outline OpenType font of ``family`` covering printable ASCII and a few symbols."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    codes = [*range(0x20, 0x7F), 0x3B1, 0x3B2, 0x2032, 0x2212, 0xD7]
    names = [".notdef", *(f"u{c:04X}" for c in codes)]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({c: f"u{c:04X}" for c in codes})
    charstrings = {}
    for name in names:
        pen = T2CharStringPen(600, None)
        pen.moveTo((60, 0))
        pen.lineTo((60, 650))
        pen.lineTo((540, 650))
        pen.lineTo((540, 0))
        pen.closePath()
        charstrings[name] = pen.getCharString()
    ps_name = family.replace(" ", "") + "-Regular"
    builder.setupCFF(ps_name, {"FullName": f"{family} Regular"}, charstrings, {})
    builder.setupHorizontalMetrics({n: (600, 60) for n in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.save(str(path))
    return path


@pytest.fixture
def cff_fonts(tmp_path):
    """CFF fonts named like the Times and Helvetica faces the styles ask for, registered."""
    from matplotlib import font_manager

    files = [_cff_font(tmp_path / f"cff{i}.otf", f) for i, f in enumerate(CFF_FAMILIES)]
    if URW_NIMBUS.is_file():  # the font fonts-urw-base35 brings (Ghostscript, TeX Live)
        files.append(URW_NIMBUS)
    before = list(font_manager.fontManager.ttflist)
    for file in files:
        font_manager.fontManager.addfont(str(file))
    yield files
    font_manager.fontManager.ttflist[:] = before
    font_manager.fontManager._findfont_cached.cache_clear()


def test_the_cff_fonts_are_cff(cff_fonts):
    from actplot.render.fonts import truetype_outlines

    assert not any(truetype_outlines(str(f)) for f in cff_fonts)
    assert truetype_outlines(str(Path(mpl.get_data_path()) / "fonts/ttf/STIXGeneral.ttf"))


@pytest.mark.parametrize("style", [None, *BUILTIN_STYLES, "ggplot"])
def test_no_cff_font_is_embedded_even_when_installed(tmp_path, cff_fonts, style):
    """The PDF declares TrueType and carries TrueType (FontFile2), never CFF (FontFile3)."""
    fig = figure([actplot.get("elu")], grid(-5, 5, points=501), formula=True, style=style)
    out = save(fig, tmp_path / "e.pdf")
    subtypes, files = pdf_font_kinds(out)
    assert files == {b"FontFile2"}, files
    assert b"Type3" not in subtypes
    raw = pdf_objects(out.read_bytes())
    for family in (*CFF_FAMILIES, "NimbusRoman"):
        assert family.replace(" ", "").encode() not in raw, family


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs pdffonts (poppler-utils)")
@pytest.mark.parametrize("style", ["paper", "seed"])
def test_pdffonts_sees_truetype_and_no_mismatch(tmp_path, cff_fonts, style):
    fig = figure([actplot.get("gelu")], grid(-3, 3, points=301), style=style)
    out = save(fig, tmp_path / "g.pdf")
    done = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
    assert "Mismatch" not in done.stderr, done.stderr
    rows = done.stdout.splitlines()[2:]
    assert rows and all("TrueType" in row for row in rows), done.stdout


def test_paper_gets_a_times_like_truetype_face(cff_fonts):
    from matplotlib.font_manager import findfont

    from actplot.render.fonts import TIMES_LIKE, truetype_outlines

    fig = figure([actplot.get("gelu")], grid(-3, 3, points=31), style="paper", title="t")
    with look_of(fig).context():
        path = findfont(fig.axes[0].title.get_fontproperties())
    assert truetype_outlines(path)
    from matplotlib.ft2font import FT2Font

    assert FT2Font(path).family_name in TIMES_LIKE  # Liberation Serif, or STIX at worst
