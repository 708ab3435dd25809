"""``actplot train`` end to end (small networks on spirals or small Shapeset runs)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from actplot.network.train import CSV_COLUMNS

QUICK = ["--data", "spirals", "--depth", "2", "--width", "12", "--updates", "20"]


def one_line_error(result, code=2):
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def rows_of(path):
    return list(csv.DictReader(io.StringIO(path.read_text())))


@pytest.mark.parametrize("view", ["stats", "p98", "hist", "error", "dead"])
def test_every_view_writes_a_figure(run, tmp_path, view):
    out = tmp_path / f"{view}.png"
    result = run(["train", "tanh", *QUICK, "--view", view, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")
    assert result.stdout.strip().splitlines()[-1] == str(out)


def test_csv_is_tidy_and_has_histograms_only_with_view_hist(run, tmp_path):
    out = tmp_path / "run.csv"
    result = run(["train", "sigmoid", "tanh", *QUICK, "--every", "10", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = rows_of(out)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r["update"] for r in rows} == {"0", "10", "20"}
    assert not any(r["metric"].startswith("hist_") for r in rows)
    assert {r["layer"] for r in rows if r["metric"] in ("loss", "test_error")} == {""}
    lines = result.stdout.splitlines()
    assert lines[1].startswith("sigmoid: after 20 updates loss ")
    out2 = tmp_path / "hist.csv"
    result = run(["train", "tanh", *QUICK, "--view", "hist", "--at", "0,10", "-o", str(out2)])
    assert result.exit_code == 0, result.output
    hist = [r for r in rows_of(out2) if r["metric"].startswith("hist_")]
    assert {r["update"] for r in hist} == {"0", "10"}
    assert {r["metric"].split(":")[0] for r in hist} == {"hist_act", "hist_grad", "hist_wgrad"}


def test_lists_of_lr_init_and_seed_make_runs(run, tmp_path):
    out = tmp_path / "runs.csv"
    result = run(["train", "relu", *QUICK, "--lr", "0.01,0.1", "--init", "he,xavier",
                  "--seed", "0,1", "--dtype", "float64", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = rows_of(out)
    keys = {(r["init"], r["lr"], r["seed"]) for r in rows}
    assert len(keys) == 8
    assert "relu/init=he/lr=0.01/seed=0:" in result.stdout


def test_npz_data(run, tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "d.npz"
    np.savez(path, x=rng.standard_normal((200, 5)), y=rng.integers(0, 3, 200))
    out = tmp_path / "n.csv"
    result = run(["train", "tanh", "--data", str(path), "--depth", "2", "--width", "8",
                  "--updates", "10", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "on d.npz (5 features, 3 classes)" in result.stdout


def test_a_diverging_run_is_reported_and_the_command_succeeds(run, tmp_path):
    out = tmp_path / "div.png"
    result = run(["train", "identity", *QUICK, "--lr", "0.01,50", "--view", "error",
                  "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "identity/lr=50: " in result.stdout and "diverged at update" in result.stdout
    assert out.exists()


def test_ctrl_c_writes_what_was_recorded_and_exits_130(run, tmp_path, monkeypatch):
    from actplot.network import train as trainer

    step = trainer._Network.step
    calls = [0]

    def interrupted_step(self, *args):
        calls[0] += 1
        if calls[0] == 15:
            raise KeyboardInterrupt
        return step(self, *args)

    monkeypatch.setattr(trainer._Network, "step", interrupted_step)
    out = tmp_path / "partial.csv"
    result = run(["train", "tanh", *QUICK, "--every", "5", "-o", str(out)])
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr
    assert {r["update"] for r in rows_of(out)} == {"0", "5", "10"}


def test_chinese_labels(run, tmp_path):
    out = tmp_path / "zh.svg"
    result = run(["train", "tanh", *QUICK, "--view", "error", "--lang", "zh", "-o", str(out)])
    if result.exit_code == 1 and "font" in result.stderr:
        pytest.skip("no CJK font")
    assert result.exit_code == 0, result.output
    assert "训练损失与测试错误率" in out.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lr", "0"], "--lr"),
        (["--lr", "fast"], "not a number"),
        (["--lr", "0.1,0.1"], "listed twice"),
        (["--seed", "-1"], "--seed"),
        (["--init", "glorot"], "unknown init 'glorot'"),
        (["--at", "0"], "--at chooses the updates of --view hist"),
        (["--view", "hist", "--at", "999"], "histograms at update 999"),
        (["--dtype", "float16"], "--dtype"),
        (["--view", "pie"], "--view"),
        (["--data", "nope.npz"], "nope.npz: no such file"),
        (["--data", "mnist"], "unknown data 'mnist'"),
        (["--width", "100000000"], "memory"),
        (["--updates", "100000000000"], "would take about"),
        (["--lr", "0.1,0.2,0.3,0.4,0.5,0.6,0.7"], "7 is more than the 6"),
        (["--every", "0"], "--every"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_no_file(run, tmp_path, args, message):
    out = tmp_path / "t.png"
    result = run(["train", "tanh", "--depth", "2", "--width", "8", "--updates", "5",
                  "--data", "spirals", *args, "-o", str(out)])  # fmt: skip
    assert message in one_line_error(result)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_npz_file_is_one_line(run, tmp_path):
    path = tmp_path / "bad.npz"
    np.savez(path, x=np.zeros((20, 2)))
    result = run(["train", "tanh", "--data", str(path), "-o", str(tmp_path / "t.png")])
    assert "no array y" in one_line_error(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.npz"]


def test_help_shows_the_issues_commands(run):
    result = run(["train", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for command in (
        "actplot train sigmoid --depth 5 --width 1000 --updates 600 -o fig2.png",
        "actplot train tanh --init standard,xavier --updates 0 --view hist -o h.png",
        "actplot train relu --init he --width 256 --lr 0.01,0.05,0.15 --view dead -o dead.svg",
        "actplot train sigmoid --updates 600 -o run.csv",
    ):
        assert command in text
    assert "activation,init,lr,seed,update,layer,metric,value" in text


def test_csv_output_never_imports_matplotlib(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from actplot.cli import main\n"
        f"r = CliRunner().invoke(main, ['train', 'relu', '--data', 'spirals', '--depth', '1', "
        f"'--width', '4', '--updates', '3', '-o', {str(tmp_path / 't.csv')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'matplotlib' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
