"""``actplot vanish`` and ``--saturation`` end to end, and the figures they draw."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

import actplot
from actplot.analysis.sampling import grid
from actplot.cli.progress import Progress
from actplot.network.vanish import CSV_COLUMNS, simulate
from actplot.render.figure import figure
from actplot.render.save import save
from actplot.render.vanish import vanish_figure

PNG = b"\x89PNG"
SMALL = ["--depth", "3", "--width", "40", "--batch", "16"]


def one_line_error(result, code=2):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# ---------------------------------------------------------------- vanish


def test_csv_long_format(run, tmp_path):
    out = tmp_path / "v.csv"
    result = run(
        ["vanish", "sigmoid", "relu", *SMALL, "--init", "he", "--seed", "1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r["activation"], r["layer"]) for r in rows] == [
        (name, str(layer)) for name in ("sigmoid", "relu") for layer in (1, 2, 3)
    ]
    expected = simulate(
        [actplot.get("sigmoid"), actplot.get("relu")],
        depth=3,
        width=40,
        batch=16,
        init="he",
        seed=1,
    )
    assert [float(r["grad_rms"]) for r in rows] == [r.grad_rms for r in expected.records]
    assert result.stdout.strip().splitlines()[-1] == str(out)


def test_stdout_table_and_ratios(run, tmp_path):
    result = run(["vanish", "sigmoid", "tanh", *SMALL, "-o", str(tmp_path / "v.csv")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "3 layers × 40 units" in lines[0]
    assert lines[1].split() == ["layer", "sigmoid", "tanh"]
    assert [line.split()[0] for line in lines[2:5]] == ["1", "2", "3"]
    assert lines[5].split()[0] == "first/last"
    assert all(float(v) > 0 for v in lines[5].split()[1:])


def test_png_is_written(run, tmp_path):
    out = tmp_path / "v.png"
    result = run(["vanish", "sigmoid", "relu", *SMALL, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG)
    assert result.stdout.strip().splitlines()[-1] == str(out)


def test_style_applies_to_the_vanish_figure(run, tmp_path):
    from actplot.render.looks import look_of

    out = tmp_path / "v.pdf"
    result = run(["vanish", "sigmoid", *SMALL, "--style", "paper", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    fig = vanish_figure(simulate([actplot.get("relu")], depth=2, width=8, batch=4), style="dark")
    assert look_of(fig).style == "dark"
    assert one_line_error(run(["vanish", "relu", *SMALL, "--style", "nosuch"])).count("seed")


def test_without_output_and_display_saves_vanish_png(run, tmp_path):
    result = run(["vanish", "tanh", *SMALL], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vanish.png").read_bytes().startswith(PNG)


def test_parameters_mix_with_plain_functions(run, tmp_path):
    out = tmp_path / "p.csv"
    result = run(["vanish", "elu", "relu", "-p", "alpha=0.5,1", *SMALL, "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = [row[0] for row in csv.reader(io.StringIO(out.read_text()))][1:]
    assert list(dict.fromkeys(names)) == ["elu[alpha=0.5]", "elu[alpha=1]", "relu"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--depth", "0"], "--depth"),
        (["--width", "0"], "--width"),
        (["--batch", "0"], "--batch"),
        (["--init", "glorot"], "--init"),
        (["--eps", "0"], "--eps"),
        (["--depth", "1000", "--width", "1000000"], "memory"),
        (["--width", "100000"], "memory"),
        (["-p", "alpha=1"], "-p alpha"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_no_file(run, tmp_path, args, message):
    out = tmp_path / "v.png"
    result = run(["vanish", "sigmoid", *args, "-o", str(out)])
    assert message in one_line_error(result)
    assert list(tmp_path.iterdir()) == []


def test_unknown_function_suggests(run, tmp_path):
    result = run(["vanish", "sigmiod", "-o", str(tmp_path / "v.csv")])
    assert "did you mean sigmoid" in one_line_error(result)


def test_bad_output_format(run, tmp_path):
    result = run(["vanish", "relu", *SMALL, "-o", str(tmp_path / "v.txt")])
    one_line_error(result)
    assert list(tmp_path.iterdir()) == []


def test_help_ends_with_examples(run):
    result = run(["vanish", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "actplot vanish sigmoid" in result.stdout


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_waits_about_a_second_then_shows_clicks_bar_with_the_time_left():
    now = [0.0]
    out = _Terminal()
    progress = Progress("vanish: simulating", delay=1.0, clock=lambda: now[0], file=out)
    progress(1, 4)
    assert out.getvalue() == ""  # quick work shows nothing
    now[0] = 1.5
    for done in (2, 3, 4):
        progress(done, 4)
    text = out.getvalue()
    assert "vanish: simulating" in text and "75%" in text and "100%" in text
    assert progress.bar is None  # finished and closed at 100 %


def test_progress_in_a_log_prints_its_label_once():
    out = io.StringIO()
    with Progress("vanish: simulating", delay=0.0, file=out) as progress:
        for done in range(1, 11):
            progress(done, 10)
    assert out.getvalue().strip() == "vanish: simulating"


# ---------------------------------------------------------------- the vanish figure


def test_figure_panels_hold_the_simulated_numbers():
    result = simulate(
        [actplot.get(n) for n in ("sigmoid", "tanh", "relu")], depth=4, width=30, batch=8
    )
    fig = vanish_figure(result)
    grad_ax, mean_ax, sat_ax = fig.axes[:3]
    assert grad_ax.get_yscale() == "log"
    lines = grad_ax.get_lines()
    assert len(lines) == 3
    for line, name in zip(lines, result.names, strict=True):
        assert line.get_xdata().tolist() == [1, 2, 3, 4]
        assert np.array_equal(line.get_ydata(), result.series(name, "grad_rms"))
    assert [ln.get_ydata().tolist() for ln in mean_ax.get_lines()] == [
        result.series(n, "act_mean").tolist() for n in result.names
    ]
    assert "4 layers of 30 units" in fig.get_suptitle()
    assert "standard init" in fig.get_suptitle()
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0].startswith("Sigmoid") and "first/last layer" in labels[0]


def test_figure_with_no_gradient_at_all_still_draws(tmp_path):
    result = simulate([actplot.get("binary_step")], depth=3, width=5, batch=2)
    fig = vanish_figure(result)
    save(fig, tmp_path / "z.png")
    assert "no gradient" in fig.legends[0].get_texts()[0].get_text()


# ---------------------------------------------------------------- --saturation


def test_saturation_flag_with_default_eps(run, tmp_path):
    out = tmp_path / "sat.png"
    result = run(["sigmoid", "relu", "--saturation", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG)


def test_saturation_with_a_value(run, tmp_path):
    out = tmp_path / "sat.svg"
    result = run(["tanh", "--saturation", "0.01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "saturation" in out.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sigmoid", "--saturation", "0", "-o", "s.png"], "--saturation"),
        (["sigmoid", "--saturation=-1", "-o", "s.png"], "-1"),  # Click: "No such option"
        (["sigmoid", "--saturation", "-o", "s.csv"], ".csv"),
        (["sigmoid", "tanh", "relu", "--saturation", "-o", "s.png"], "at most 2"),
    ],
)
def test_saturation_bad_input(run, tmp_path, args, message):
    result = run(args, cwd=tmp_path)
    assert message in one_line_error(result)
    assert list(tmp_path.iterdir()) == []


def _figure(names, eps=0.05, **kw):
    return figure([actplot.get(n) for n in names], grid(-10, 10), saturation=eps, **kw)


def test_one_function_is_shaded_grey_with_a_label_per_side():
    fig = _figure(["sigmoid"])
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["left soft\nsaturation", "right soft\nsaturation"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "soft saturation, |f′| < 0.05"  # no hard entry: none shown
    assert len(ax.patches) == 2


def test_soft_and_hard_are_shaded_differently_in_each_functions_colour():
    fig = _figure(["sigmoid", "relu"])
    ax = fig.axes[0]
    hatched = [p for p in ax.patches if p.get_hatch()]
    plain = [p for p in ax.patches if not p.get_hatch()]
    assert len(hatched) == 1 and len(plain) == 2  # ReLU hard left; sigmoid soft twice
    assert hatched[0].get_edgecolor()[:3] == pytest.approx((1.0, 0.498, 0.055), abs=0.01)  # C1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-2:] == ["soft saturation, |f′| < 0.05", "hard saturation, f′ = 0"]
    assert "left hard\nsaturation" in [t.get_text() for t in ax.texts]


def test_labels_avoid_each_other_and_the_legend():
    fig = _figure(["sigmoid", "relu"])
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    boxes.append(ax.get_legend().get_window_extent(renderer))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_chinese_labels_use_the_notes_terms():
    pytest.importorskip("actplot.render.fonts")
    try:
        fig = _figure(["relu"], lang="zh")
    except Exception as error:  # no CJK font here
        pytest.skip(str(error))
    assert [t.get_text() for t in fig.axes[0].texts] == ["左侧硬饱和"]


def test_window_shows_the_vanish_figure(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from actplot.render.window import show_vanish

    shown = []
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    monkeypatch.setattr("actplot.render.window._interactive_backend", lambda plt: True)
    result = simulate([actplot.get("tanh")], depth=2, width=5, batch=2)
    show_vanish(result, size=(10, 4), dpi=300)
    (fig,) = shown
    try:
        assert fig.axes[0].get_yscale() == "log"
        assert tuple(fig.get_size_inches()) == (10, 4)
    finally:
        plt.close(fig)


def test_the_whole_catalogue_fits_one_figure_without_warnings(tmp_path):
    chosen = [actplot.get(n) for n in actplot.names()]
    chosen = [a for a in chosen if all(np.isfinite(v) for v in a.values.values())]
    result = simulate(chosen, depth=2, width=8, batch=4, init="he")
    fig = vanish_figure(result)
    save(fig, tmp_path / "all.png", dpi=60)  # a collapsed layout would warn
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0].startswith("sigmoid  (")  # short names when there are many
    assert len(fig.axes[0].get_lines()) == len(chosen)


def test_csv_output_never_imports_matplotlib(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from actplot.cli import main\n"
        f"r = CliRunner().invoke(main, ['vanish', 'relu', '--depth', '2', '--width', '4', "
        f"'-o', {str(tmp_path / 'v.csv')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'matplotlib' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
