"""--lang zh: the note's Chinese title and legend, glyphs that really render."""

from __future__ import annotations

import logging
import re
import warnings

import matplotlib as mpl
import pytest
from click.testing import CliRunner
from matplotlib.font_manager import findfont

import actplot
import actplot.render.fonts as fonts
from actplot.analysis.sampling import grid
from actplot.cli import main
from actplot.render.curves import title_for
from actplot.render.figure import figure
from actplot.render.looks import BUILTIN_STYLES, Look
from actplot.render.save import save
from actplot.text.labels import LABELS, labels_for

# The lecture note's MATLAB code: title(...) and legend(...) for its four figures
# (its "Sigmid导数" typo corrected, "Relu" spelt as the catalogue does).
NOTE = {
    "sigmoid": ("Sigmoid函数(实线)及其导数(虚线)", ["Sigmoid原函数", "Sigmoid导数"]),
    "tanh": ("tanh函数(实线)及其导数(虚线)", ["tanh原函数", "tanh导数"]),
    "softsign": ("Softsign函数(实线)及其导数(虚线)", ["Softsign原函数", "Softsign导数"]),
    "relu": ("ReLU函数(实线)及其导数(虚线)", ["ReLU原函数", "ReLU导数"]),
}


def _texts(fig):
    (ax,) = fig.axes
    return ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]


@pytest.mark.parametrize("name", list(NOTE))
def test_note_title_and_legend(name):
    fig = figure([actplot.get(name)], grid(-10, 10, points=201), lang="zh")
    assert _texts(fig) == NOTE[name]
    assert fig.axes[0].get_xlabel() == labels_for("zh").xlabel


@pytest.mark.parametrize("name", actplot.names())
def test_every_function_gets_the_pattern(name):
    act = actplot.get(name)
    title = title_for([act], lang="zh")
    assert title == f"{act.title}函数(实线)及其导数(虚线)"  # parameters shown, as in English


def test_english_is_unchanged():
    fig = figure([actplot.get("sigmoid")], grid(-1, 1, points=11))
    assert _texts(fig) == (
        "Sigmoid (solid) and its derivative (dashed)",
        ["Sigmoid", "Sigmoid derivative"],
    )
    assert fig.axes[0].get_xlabel() == "x"
    several = [actplot.get(n) for n in ("sigmoid", "tanh", "relu")]
    assert title_for(several) == "Sigmoid, tanh and ReLU (solid) and their derivatives (dashed)"
    assert title_for(several, derivative=False) == "Sigmoid, tanh and ReLU"


def test_several_functions_in_chinese():
    several = [actplot.get(n) for n in ("sigmoid", "tanh", "relu")]
    assert title_for(several, lang="zh") == "Sigmoid、tanh和ReLU函数(实线)及其导数(虚线)"
    assert title_for(several[:1], lang="zh", derivative=False) == "Sigmoid函数"


def test_headings_translate_and_fall_back():
    zh = labels_for("zh")
    assert zh.heading("output range") == "值域"
    assert zh.heading("something new") == "something new"
    assert labels_for("en").heading("output range") == "output range"
    with pytest.raises(ValueError, match="en, zh"):
        labels_for("fr")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize("style", [None, *BUILTIN_STYLES])
def test_no_missing_glyph_in_any_format(tmp_path, caplog, fmt, style):
    """No "Glyph ... missing" warning and no mathtext dummy symbol, with negative ticks."""
    acts = [actplot.get("tanh"), actplot.get("elu", alpha=0.5)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING, logger="matplotlib"):
            fig = figure(acts, grid(-3, 3, points=301), lang="zh", style=style)
            save(fig, tmp_path / f"t.{fmt}")
            # Formulas are mathtext, whose plain parts use only the first font.
            fig = figure([acts[0]], grid(-3, 3, points=301), lang="zh", style=style, formula=True)
            save(fig, tmp_path / f"f.{fmt}")
    problems = [r.getMessage() for r in caplog.records if "glyph" in r.getMessage().lower()]
    assert not problems, problems


def test_text_is_set_in_the_cjk_font():
    font = fonts.cjk_font()
    look = Look(lang="zh")
    fig = figure([actplot.get("sigmoid")], grid(-1, 1, points=11), lang="zh")
    with look.context():
        used = findfont(fig.axes[0].title.get_fontproperties())
    assert used == font.path
    cmap = fonts._charmap(font.path)
    assert all(ord(ch) in cmap for ch in NOTE["sigmoid"][0] + "".join(NOTE["sigmoid"][1]))


def test_unicode_minus_follows_the_font():
    font = fonts.cjk_font()
    with Look(lang="zh").context():
        assert mpl.rcParams["axes.unicode_minus"] == font.has_minus
    assert font.has_minus  # the bundled Noto Sans SC has U+2212


def test_bundled_font_is_used_without_a_system_one():
    font = fonts.cjk_font(("No Such CJK Font",))
    assert font.bundled and font.path.endswith("NotoSansSC-Regular.ttf")
    assert fonts.truetype_outlines(font.path)


def test_system_font_is_preferred_when_it_covers_the_labels(monkeypatch):
    """A 'system' font that has every needed glyph wins over the bundled one."""
    bundled = fonts.cjk_font(("No Such CJK Font",))
    # Pose the bundled file as a system font of its family name.
    chosen = fonts._system_font((bundled.family,), fonts._required_chars())
    assert chosen is not None and chosen.family == bundled.family and not chosen.bundled
    # DejaVu Sans has no CJK glyphs, so it is passed over.
    assert fonts._system_font(("DejaVu Sans",), fonts._required_chars()) is None


def test_missing_font_is_a_clear_one_line_error(no_display, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "BUNDLED_FONT", ("no_such_font_package", "x.ttf"))
    monkeypatch.setattr(fonts, "_system_font", lambda families, required: None)
    fonts.cjk_font.cache_clear()
    try:
        out = tmp_path / "s.png"
        result = CliRunner().invoke(
            main, ["sigmoid", "--lang", "zh", "-o", str(out)], env=no_display
        )
    finally:
        fonts.cjk_font.cache_clear()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install zhplot" in lines[0], result.stderr
    assert not out.exists()


def test_cli_lang_zh(no_display, tmp_path):
    out = tmp_path / "s.png"
    result = CliRunner().invoke(main, ["sigmoid", "--lang", "zh", "-o", str(out)], env=no_display)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_bad_lang_is_exit_2(no_display):
    result = CliRunner().invoke(main, ["sigmoid", "--lang", "fr"], env=no_display)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_english_needs_no_cjk_font(monkeypatch):
    monkeypatch.setattr(fonts, "cjk_font", lambda *a, **k: pytest.fail("font looked up"))
    figure([actplot.get("relu")], grid(-1, 1, points=11))


def test_every_language_has_every_pattern():
    assert set(LABELS) == {"en", "zh"}
    for words in LABELS.values():
        assert "{name}" in words.function and "{name}" in words.derivative
        assert "{names}" in words.title_one and "{names}" in words.title_many


# ---------------------------------------------------------------- faces (issue #12)


def _truetype_cjk_font(
    path, family: str, *, bold: bool = False, cff: bool = False, typewriter: bool = False
):
    """A font of ``family`` with every glyph the Chinese labels need (boxes)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    codes = sorted({ord(c) for c in fonts._required_chars()} | {0x2212, 0x20})
    names = [".notdef", *(f"u{c:04X}" for c in codes)]
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({c: f"u{c:04X}" for c in codes})

    def box(pen):
        pen.moveTo((60, 0))
        pen.lineTo((60, 650))
        pen.lineTo((540, 650))
        pen.lineTo((540, 0))
        pen.closePath()

    style = "Bold" if bold else "Regular"
    if cff:
        strings = {}
        for name in names:
            pen = T2CharStringPen(600, None)
            box(pen)
            strings[name] = pen.getCharString()
        builder.setupCFF(family.replace(" ", "") + "-" + style, {}, strings, {})
    else:
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            box(pen)
            glyphs[name] = pen.glyph()
        builder.setupGlyf(glyphs)
    # Proportional Latin: "i" narrow, "m" wide (a typewriter Latin is passed over).
    widths = {} if typewriter else {"u0069": 250, "u006C": 250, "u006D": 900}
    builder.setupHorizontalMetrics({n: (widths.get(n, 600), 60) for n in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": style})
    builder.setupOS2(
        sTypoAscender=800, usWinAscent=800, usWinDescent=200, usWeightClass=700 if bold else 400
    )
    builder.setupPost()
    builder.save(str(path))
    return path


@pytest.fixture
def cjk_faces(tmp_path):
    """A Song face (SimSun), a sans face with a bold weight (Microsoft YaHei), a
    CFF-outline sans face (Noto Sans CJK SC) and a Song face with typewriter
    Latin (Noto Serif SC) registered as if installed."""
    from matplotlib import font_manager

    files = {
        "song": _truetype_cjk_font(tmp_path / "song.ttf", "SimSun"),
        "yahei": _truetype_cjk_font(tmp_path / "yahei.ttf", "Microsoft YaHei"),
        "yahei bold": _truetype_cjk_font(tmp_path / "yaheib.ttf", "Microsoft YaHei", bold=True),
        "cff": _truetype_cjk_font(tmp_path / "cff.otf", "Noto Sans CJK SC", cff=True),
        "typewriter": _truetype_cjk_font(tmp_path / "tw.ttf", "Noto Serif SC", typewriter=True),
    }
    before = list(font_manager.fontManager.ttflist)
    # The bundled Noto Sans SC, once registered, would pass for a system font.
    font_manager.fontManager.ttflist[:] = [e for e in before if "zhplot" not in e.fname]
    for path in files.values():
        font_manager.fontManager.addfont(str(path))

    def clear():
        fonts.cjk_font.cache_clear()
        fonts.cjk_serif_font.cache_clear()
        font_manager.fontManager._findfont_cached.cache_clear()

    clear()
    yield {k: str(v) for k, v in files.items()}
    font_manager.fontManager.ttflist[:] = before
    clear()


def test_a_cff_cjk_font_is_passed_over(cjk_faces):
    # Noto Sans CJK SC comes before Microsoft YaHei in the preference list.
    assert fonts.cjk_font().family == "Microsoft YaHei"


def test_bold_titles_use_the_bold_face_where_the_family_has_one(cjk_faces):
    fig = figure([actplot.get("relu")], grid(-1, 1, points=11), lang="zh", style="slides")
    title = fig.axes[0].title
    with Look("slides", "zh").context():
        assert mpl.rcParams["axes.titleweight"] == "bold"
        assert findfont(title.get_fontproperties()) == cjk_faces["yahei bold"]


def test_a_serif_look_gets_a_song_face(cjk_faces):
    # Noto Serif SC comes first, but its Latin letters are all one width: passed over.
    with Look("paper", "zh").context():
        assert mpl.rcParams["font.family"][0] == "SimSun"
    with Look("slides", "zh").context():
        assert mpl.rcParams["font.family"][0] == "Microsoft YaHei"


def test_without_a_bold_face_titles_are_regular(monkeypatch):
    """The bundled Noto Sans SC has one weight: asking for bold would only log a fallback."""
    import dataclasses

    bundled = fonts.cjk_font(("No Such CJK Font",))
    assert bundled.bundled and not bundled.has_bold
    monkeypatch.setattr(fonts, "cjk_serif_font", lambda: None)
    monkeypatch.setattr(fonts, "cjk_font", lambda: bundled)
    assert fonts.cjk_rc(["sans-serif"])["axes.titleweight"] == "normal"
    with_bold = dataclasses.replace(bundled, has_bold=True)
    monkeypatch.setattr(fonts, "cjk_font", lambda: with_bold)
    assert "axes.titleweight" not in fonts.cjk_rc(["sans-serif"])  # the style's weight stays


# ---------------------------------------------------------------- punctuation (issue #12)


def _zh_texts():
    """(where, text) of every kind of Chinese text actplot writes."""
    from actplot.analysis.properties import compute
    from actplot.render.gallery import gallery_figure
    from actplot.render.shading import saturation_legend_handles
    from actplot.text.describe import info_text, list_text

    x = grid(-3, 3, points=61)
    one = figure([actplot.get("sigmoid")], x, lang="zh", formula=True)
    sweep = figure([actplot.get("elu", alpha=a) for a in (0.5, 1.0)], x, lang="zh")
    several = figure([actplot.get(n) for n in ("relu", "elu")], x, lang="zh", formula=True)
    texts = [
        ("title", one.axes[0].get_title()),
        ("title of several", several.axes[0].get_title()),
        ("axis labels", one.axes[0].get_xlabel() + " " + one.axes[0].get_ylabel()),
        *[("legend", t.get_text()) for t in one.axes[0].get_legend().get_texts()],
        *[("legend", t.get_text()) for t in several.axes[0].get_legend().get_texts()],
        ("sweep legend title", sweep.axes[0].get_legend().get_title().get_text()),
        ("gallery title", gallery_figure([actplot.get("relu")], x, lang="zh").get_suptitle()),
        *[("saturation legend", h.get_label()) for h in saturation_legend_handles(0.05, lang="zh")],
        ("list", list_text("zh")),
    ]
    for name in ("relu", "softplus", "binary_step", "x*sigmoid(x)"):
        act = actplot.get(name)
        texts.append((f"info {name}", info_text(act, compute(act), "zh")))
    return texts


ZH_TEXTS = _zh_texts()
HALF_WIDTH_AFTER_CJK = re.compile(r"[\u3400-\u9fff）][,:;!?]|[\u3400-\u9fff]\)[,:;]")


@pytest.mark.parametrize(("where", "text"), ZH_TEXTS, ids=[w for w, _ in ZH_TEXTS])
def test_chinese_takes_full_width_punctuation(where, text):
    assert not HALF_WIDTH_AFTER_CJK.search(text), HALF_WIDTH_AFTER_CJK.search(text)


def test_punctuation_table():
    zh = labels_for("zh")
    table = {
        "软饱和, |f′| < 0.05": "软饱和，|f′| < 0.05",
        "参数:": "参数：",
        "Sigmoid原函数: $x$": "Sigmoid原函数：$x$",
        "性质(数值测得):": "性质(数值测得)：",
        "ELU (α=1), x": "ELU (α=1), x",  # after Latin text: unchanged
        "f(x), f′(x)": "f(x), f′(x)",
    }
    assert {k: zh.punctuate(k) for k in table} == table
    assert labels_for("en").punctuate("软饱和, x") == "软饱和, x"  # English leaves it


def test_every_word_of_info_is_chinese():
    """Only names, formulas, references and symbols stay Latin in ``info --lang zh``."""
    from actplot.analysis.properties import compute
    from actplot.text.describe import info_text

    allowed = {"max", "Var", "NaN", "inf"}
    for act in [
        *(actplot.get(n) for n in actplot.names()),
        actplot.get("softexponential", alpha=-0.5),
    ]:
        lines = info_text(act, compute(act), "zh").splitlines()
        for line in lines[1:]:  # the first names the function
            if line.startswith(("  f(x)", "  f'(x)", "参考文献", "别名")):
                continue
            for p in act.params:
                line = line.replace(f"{p.name} ({p.symbol})", "").replace(p.name, "")
            words = set(re.findall(r"[A-Za-z]{3,}", line)) - allowed
            assert not words, (act.name, line)
