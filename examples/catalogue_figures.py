"""Regenerate the README's catalogue, formula and looks figures with actplot's CLI.

    python examples/catalogue_figures.py

Each figure is the exact command the README shows, run with ``python -m actplot``
from this directory. It also rewrites the README's catalogue table from
``actplot list --markdown`` (a test checks the two stay equal).
"""

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
README = HERE.parent / "README.md"

COMMANDS = [
    "gallery -o gallery.png",
    "elu -p alpha=0.5,1,2 -r -4 3 -o elu_sweep.png",
    "x*sigmoid(1.702*x) gelu -r -4 3 --formula -o formula.png",
    "sigmoid --lang zh -o sigmoid_zh.png",
    "gelu --style slides -o gelu_slides.png",
]


def actplot(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "actplot", *args],
        cwd=HERE,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def update_readme_table() -> None:
    table = actplot("list", "--markdown").strip()
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- catalogue-table -->", "<!-- /catalogue-table -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    README.write_text(pattern.sub(lambda _: f"{start}\n{table}\n{end}", text), encoding="utf-8")


if __name__ == "__main__":
    import shlex

    for command in COMMANDS:
        print(actplot(*shlex.split(command)).strip())
    update_readme_table()
    print(README)
