"""``actplot vanish`` with the remedies of issue 16: --batchnorm, --gain, --init lists,
--view and --lang, end to end (small networks)."""

from __future__ import annotations

import csv
import io

import pytest

from actplot.network.vanish import CSV_COLUMNS, HIST_COLUMNS

SMALL = ["--depth", "3", "--width", "30", "--batch", "12"]


def one_line_error(result, code=2):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def rows_of(path):
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_batchnorm_off_on_compares_both(run, tmp_path):
    out = tmp_path / "cure.csv"
    result = run(["vanish", "sigmoid", *SMALL, "--batchnorm", "off,on", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split() == ["layer", "sigmoid/bn=off", "sigmoid/bn=on"]
    rows = rows_of(out)
    assert [r["batchnorm"] for r in rows] == ["off"] * 3 + ["on"] * 3
    assert tuple(rows[0]) == CSV_COLUMNS


def test_batchnorm_on_alone_says_so(run, tmp_path):
    out = tmp_path / "bn.png"
    result = run(["vanish", "sigmoid", "relu", *SMALL, "--batchnorm", "on", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "batch-normalised" in result.stdout.splitlines()[0]
    assert out.read_bytes().startswith(b"\x89PNG")


def test_gain_list_runs_in_one_figure(run, tmp_path):
    out = tmp_path / "gain.svg"
    result = run(["vanish", "tanh", *SMALL, "--gain", "0.5,1,1.667,3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "tanh/gain=1.667" in result.stdout
    assert "tanh, gain 1.667" in out.read_text()


def test_init_list_with_hist_view_writes_histogram_rows(run, tmp_path):
    out = tmp_path / "h.csv"
    result = run(["vanish", "tanh", *SMALL, "--init", "standard,xavier", "--view", "hist",
                  "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = rows_of(out)
    assert tuple(rows[0]) == CSV_COLUMNS + HIST_COLUMNS
    hist = [r for r in rows if r["quantity"]]
    assert {r["init"] for r in hist} == {"standard", "xavier"}
    assert {r["quantity"] for r in hist} == {"act", "grad"}
    assert len(hist) == 2 * 2 * 3 * 50


def test_hist_and_jacobian_figures(run, tmp_path):
    for view in ("hist", "jacobian"):
        out = tmp_path / f"{view}.png"
        result = run(["vanish", "tanh", *SMALL, "--init", "standard,xavier", "--view", view,
                      "-o", str(out)])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"\x89PNG")


def test_jacobian_view_fills_the_csv_column(run, tmp_path):
    out = tmp_path / "j.csv"
    result = run(["vanish", "tanh", *SMALL, "--view", "jacobian", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert all(float(r["jacobian_sv"]) > 0 for r in rows_of(out))
    assert "mean J sv" in result.stdout


def test_five_inits_and_orthogonal(run, tmp_path):
    out = tmp_path / "i.csv"
    result = run(["vanish", "relu", *SMALL, "--init", "standard,xavier,he,lecun,orthogonal",
                  "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [r["init"] for r in rows_of(out)][::3] == ["standard", "xavier", "he", "lecun",
                                                       "orthogonal"]  # fmt: skip


def test_chinese_labels(run, tmp_path):
    out = tmp_path / "v_zh.svg"
    result = run(["vanish", "sigmoid", "tanh", "softsign", "relu", *SMALL, "--lang", "zh",
                  "-o", str(out)])  # fmt: skip
    if result.exit_code == 1 and "font" in result.stderr:
        pytest.skip("no CJK font")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "梯度消失" in text and "饱和输入与死亡神经元" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gain", "0"], "--gain"),
        (["--gain", "1,1"], "listed twice"),
        (["--gain", "big"], "--gain"),
        (["--gain", "1,,2"], "empty item"),
        (["--batchnorm", "maybe"], "use off, on or off,on"),
        (["--init", "standard,glorot"], "unknown init 'glorot'"),
        (["--view", "pie"], "--view"),
        (
            [
                "sigmoid",
                "relu",
                "--init",
                "standard,xavier",
                "--gain",
                "1,2",
                "--batchnorm",
                "off,on",
                "--lr",
            ],
            "No such option",
        ),
        (
            [
                "relu",
                "elu",
                "--gain",
                "1,2,3",
                "--batchnorm",
                "off,on",
                "--init",
                "standard,xavier",
            ],
            "make 36 runs; a rms figure shows at most 16",
        ),
        (
            ["--init", "he,xavier", "--view", "hist", "relu", "elu", "softsign", "gelu"],
            "make 10 runs; a hist figure shows at most 6",
        ),
        (["--width", "100000", "--batchnorm", "off,on"], "memory"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_no_file(run, tmp_path, args, message):
    out = tmp_path / "v.png"
    result = run(["vanish", "tanh", *args, "-o", str(out)])
    assert message in one_line_error(result)
    assert list(tmp_path.iterdir()) == []


def test_a_csv_has_no_run_limit(run, tmp_path):
    out = tmp_path / "many.csv"
    result = run(["vanish", "tanh", "relu", "elu", *SMALL, "--gain", "1,2,3", "--batchnorm",
                  "off,on", "--init", "standard,xavier", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(rows_of(out)) == 36 * 3


def test_help_shows_the_issues_commands_and_the_scope(run):
    result = run(["vanish", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for command in (
        "actplot vanish sigmoid --depth 20 --batchnorm off,on -o cure.png",
        "actplot vanish tanh --depth 10 --gain 0.5,1,1.667,3 -o gain.svg",
        "actplot vanish tanh --init standard,xavier --view hist -o g_b_fig6.png",
        "actplot vanish sigmoid tanh softsign relu --lang zh -o v_zh.png",
    ):
        assert command in text
    assert "pre-training (DBN) is out of scope" in text
