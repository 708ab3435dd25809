"""What a command imports: nothing its work does not need (start-up time is import time).

Speed itself is measured by tests/benchmark.py, not asserted here; these
tests pin the imports that made the difference.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

_MODULES_AFTER = """
import sys
from actplot.cli import main
sys.argv = ["actplot", *{args!r}]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
print(" ".join(sorted(sys.modules)))
"""

# Never needed to draw catalogue functions to a file.
NOT_FOR_A_FIGURE = (
    "matplotlib.pyplot",  # the window's; a file needs only Figure and a canvas
    "scipy",  # erf for the GELU family, loaded by those kernels alone
    "actplot.formula",  # the formula parser, loaded for a formula alone
    "numpy.polynomial",
    "actplot.cli.gallery",  # other commands load when they run
    "actplot.cli.listing",
    "actplot.cli.vanish",
    "actplot.network",
)


def _modules(args: list[str], env: dict[str, str], cwd) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER.format(args=args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


@pytest.mark.parametrize(
    "args",
    [
        ["sigmoid", "-o", "s.png"],
        ["sigmoid", "tanh", "relu", "--each", "-o", "out/{name}.svg"],
    ],
)
def test_a_figure_imports_only_what_it_draws_with(args, subprocess_env, tmp_path):
    loaded = _modules(args, subprocess_env, tmp_path)
    assert "matplotlib.figure" in loaded  # the check sees modules at all
    unwanted = sorted(
        m for m in loaded for bad in NOT_FOR_A_FIGURE if m == bad or m.startswith(bad + ".")
    )
    assert not unwanted


def test_gallery_each_loads_gallery_but_not_plot_or_pyplot(subprocess_env, tmp_path):
    loaded = _modules(["gallery", "relu", "--each", "-o", "{name}.svg"], subprocess_env, tmp_path)
    assert "actplot.cli.gallery" in loaded
    assert "actplot.cli.plot" not in loaded and "matplotlib.pyplot" not in loaded


def test_help_lists_every_command(run):
    result = run(["--help"])
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1].split()
    for name in ("gallery", "info", "list", "vanish"):
        assert name in commands
