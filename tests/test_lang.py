"""--lang zh: the note's Chinese title and legend, glyphs that really render."""

from __future__ import annotations

import logging
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
    assert fonts._truetype_outlines(font.path)


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
