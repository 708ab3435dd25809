"""The README and the --help texts stay true."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from actplot.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)


def _readme_actplot_commands() -> list[str]:
    """Every ``actplot ...`` command in the README's code blocks."""
    commands = []
    for block in _code_blocks(README):
        for line in block.splitlines():
            line = line.strip()
            if "&&" in line:
                line = line.split("&&")[-1].strip()
            if line.startswith("actplot "):
                commands.append(line)
    return commands


def test_readme_has_the_two_setup_commands():
    blocks = [b.strip() for b in _code_blocks(README)]
    assert "pip install . && actplot sigmoid --range -10 10" in blocks
    assert 'pip install ".[test]" && python -m pytest' in blocks


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and "<!-- test-command -->" in README


@pytest.mark.parametrize("command", _readme_actplot_commands())
def test_readme_command_runs(run, tmp_path, command):
    if ".mp4" in command and shutil.which("ffmpeg") is None:
        pytest.skip("writing .mp4 needs ffmpeg")
    result = run(shlex.split(command, comments=True)[1:], cwd=tmp_path)
    assert result.exit_code == 0, f"{command}: {result.output}"


def test_readme_images_exist():
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / image).is_file(), image


def _commands():
    return [(name, cmd) for name, cmd in main.commands.items()]


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_is_documented_with_an_example(name, command):
    assert command.help, f"{name} has no help"
    assert "Example:" in command.help, f"{name}'s help has no Example: block"
    summary = command.help.strip().splitlines()[0]
    assert summary.endswith("."), summary


def test_readme_catalogue_table_is_generated_from_the_catalogue():
    from actplot.text.describe import list_markdown

    match = re.search(r"<!-- catalogue-table -->\n(.*?)\n<!-- /catalogue-table -->", README, re.S)
    assert match, "README has no catalogue table markers"
    assert match.group(1) == list_markdown(), "run: python examples/catalogue_figures.py"


def test_every_catalogue_name_is_in_the_readme():
    import actplot

    for name in actplot.names():
        assert f"`{name}`" in README, name
