"""The command group itself: help, version, start-up imports, the console script, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _python(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


@pytest.mark.parametrize("flag", ["--help", "--version", "-h"])
def test_help_and_version_do_not_import_matplotlib(flag, subprocess_env):
    out = _python(
        "import sys\n"
        "from actplot.cli import main\n"
        f"sys.argv = ['actplot', {flag!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, 'matplotlib' in sys.modules, 'scipy' in sys.modules)\n",
        subprocess_env,
    )
    assert out.split()[-3:] == ["0", "False", "False"]


def test_import_actplot_does_not_import_matplotlib(subprocess_env):
    code = "import sys, actplot; actplot.get('relu'); print('matplotlib' in sys.modules)"
    out = _python(code, subprocess_env)
    assert out.strip() == "False"


def _console_script() -> Path:
    script = Path(sys.executable).parent / ("actplot.exe" if os.name == "nt" else "actplot")
    if not script.exists():
        pytest.skip("actplot console script not installed next to this Python")
    return script


def test_installed_console_script_headline(magic, subprocess_env, tmp_path):
    env = subprocess_env
    done = subprocess.run(
        [str(_console_script()), "sigmoid", "--range", "-10", "10"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "sigmoid.png"
    assert (tmp_path / "sigmoid.png").read_bytes().startswith(magic["png"])


def test_installed_console_script_error_is_one_line(tmp_path):
    done = subprocess.run(
        [str(_console_script()), "sigmod", "-o", "x.png"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("Error: unknown activation 'sigmod'; did you mean sigmoid")
    assert not list(tmp_path.iterdir())


def test_python_m_actplot_help():
    done = subprocess.run(
        [sys.executable, "-m", "actplot", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert "Usage: actplot" in done.stdout and "--range" in done.stdout


def test_no_arguments_prints_help(run):
    result = run([])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: actplot") and "Commands:" in result.stdout
    assert result.stderr == ""


def test_display_without_gui_toolkit_saves_a_file(magic, run, tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "get_backend", lambda: "agg")
    result = run(["relu"], cwd=tmp_path, env={"DISPLAY": ":77"})
    assert result.exit_code == 0, result.output
    assert "no interactive matplotlib backend" in result.stderr
    assert (tmp_path / "relu.png").read_bytes().startswith(magic["png"])


def test_an_unexpected_error_is_one_line_not_a_traceback(files_in, run, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something broke")

    monkeypatch.setattr("actplot.render.figure.build_figure", broken)
    result = run(["relu", "-o", str(tmp_path / "r.png")])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: internal error (RuntimeError: something broke)"
    assert files_in(tmp_path) == set()


# ---------------------------------------------------------------- shell completion (issue #12)


def _complete(words: str) -> list[str]:
    """What bash completion offers for the last word of ``words`` (``actplot ...``)."""
    from click.testing import CliRunner

    from actplot.cli import main

    parts = words.split(" ")
    env = {
        "_ACTPLOT_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="actplot")
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


def test_completion_script_is_sourced_as_the_readme_says():
    from click.testing import CliRunner

    from actplot.cli import main

    env = {"_ACTPLOT_COMPLETE": "bash_source"}
    script = CliRunner().invoke(main, [], env=env, prog_name="actplot").output
    assert "_actplot_completion" in script and "complete -o nosort -F" in script


def test_style_values_complete():
    offered = _complete("actplot gelu --style s")
    assert offered[:2] == ["seed", "slides"] and "seaborn-v0_8-paper" in offered
    assert all(name.startswith("s") for name in offered)
    assert _complete("actplot gelu --style pa") == ["paper"]
    assert "ggplot" in _complete("actplot gallery --style g")


def test_parameter_names_complete_for_the_functions_given():
    assert _complete("actplot elu -p ") == ["alpha="]
    assert _complete("actplot hardtanh gelu -p m") == ["min_val=", "max_val="]
    assert _complete("actplot info softplus -p ") == ["beta="]
    assert _complete("actplot vanish elu -p a") == ["alpha="]
    assert _complete("actplot elu -p alpha=") == []  # a value: nothing to offer
    assert {"alpha=", "beta=", "lambd="} <= set(_complete("actplot -p "))  # none named yet
