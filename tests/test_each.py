"""``--each``: one file per function, named from a template, in one process."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.batch import each_paths, file_labels, file_names, prepare_directories
from actplot.catalogue import CATALOGUE
from actplot.output import OutputPathError, UnsupportedFormatError


def _acts(*names: str, **params: float) -> list[actplot.Activation]:
    return [actplot.get(name, **params) for name in names]


# ---------------------------------------------------------------- names and paths


def test_names_and_labels_are_safe_and_unique_over_the_catalogue():
    acts = [actplot.get(a.name) for a in CATALOGUE]
    for stems in (file_names(acts), file_labels(acts)):
        assert len(set(stems)) == len(acts)
        assert all(stem and "/" not in stem and " " not in stem for stem in stems)
    assert file_names(_acts("leaky_relu")) == ["leaky_relu"]  # default parameters: no suffix
    assert file_labels(_acts("leaky_relu", "gelu_tanh")) == ["Leaky_ReLU", "GELU_tanh_approx"]


def test_swept_and_repeated_functions_get_distinct_names():
    acts = [actplot.get("elu", alpha=a) for a in (1.0, 2.0)] + _acts("sigmoid", "sigmoid")
    assert file_names(acts) == ["elu", "elu_alpha=2", "sigmoid", "sigmoid_2"]


def test_each_paths_fills_the_template(tmp_path):
    template = str(tmp_path / "out" / "{name}-{label}.svg")
    paths = each_paths(template, _acts("relu", "relu6"))
    assert [p.name for p in paths] == ["relu-ReLU.svg", "relu6-ReLU6.svg"]


@pytest.mark.parametrize(
    ("template", "names", "words"),
    [
        ("out/figure.png", ["sigmoid", "tanh"], "put {name} or {label}"),
        ("out/{nam}.png", ["sigmoid"], "unknown placeholder {nam}"),
        ("out/{name!r}.png", ["sigmoid"], "unknown placeholder {name!r}"),
        ("out/{name:>9}.png", ["sigmoid"], "unknown placeholder {name:>9}"),
        ("out/{name.png", ["sigmoid"], "literal braces"),
        ("out/{label}.png", ["leaky_relu", "Leaky ReLU"], None),  # one function twice: fine
    ],
)
def test_bad_templates_are_refused(template, names, words):
    acts = _acts(*names)
    if words is None:
        assert [p.name for p in each_paths(template, acts)] == [
            "Leaky_ReLU.png",
            "Leaky_ReLU_2.png",
        ]
        return
    with pytest.raises(ValueError, match=words.replace("{", r"\{").replace("}", r"\}")):
        each_paths(template, acts)


def test_unsupported_format_is_refused():
    with pytest.raises(UnsupportedFormatError, match="'.txt'"):
        each_paths("{name}.txt", _acts("sigmoid"))


def test_directory_is_created_only_if_its_parent_exists(tmp_path):
    made = prepare_directories([tmp_path / "new" / "a.png", tmp_path / "new" / "b.png"])
    assert made == [tmp_path / "new"] and (tmp_path / "new").is_dir()
    with pytest.raises(OutputPathError, match="does not exist"):
        prepare_directories([tmp_path / "no" / "such" / "a.png"])
    assert not (tmp_path / "no").exists()


# ---------------------------------------------------------------- the commands


def test_plot_each_writes_one_figure_per_function(run, tmp_path, magic):
    result = run(["sigmoid", "tanh", "relu", "--each", "-o", "out/{name}.png"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    assert result.stdout.split() == [f"out/{n}.png" for n in ("sigmoid", "tanh", "relu")]
    assert sorted(p.name for p in out.iterdir()) == ["relu.png", "sigmoid.png", "tanh.png"]
    assert all(p.read_bytes().startswith(magic["png"]) for p in out.iterdir())


def _svg_without_date(path: Path) -> str:
    return re.sub(r"<dc:date>[^<]*</dc:date>", "", path.read_text(encoding="utf-8"))


def test_each_figure_is_the_single_figure(run, tmp_path):
    # --each writes what `actplot NAME -o FILE` writes, byte for byte but the date.
    assert run(["relu", "gelu", "--each", "-o", "e/{name}.svg"], cwd=tmp_path).exit_code == 0
    for name in ("relu", "gelu"):
        assert run([name, "-o", f"{name}.svg"], cwd=tmp_path).exit_code == 0
        single, each = tmp_path / f"{name}.svg", tmp_path / "e" / f"{name}.svg"
        assert _svg_without_date(single) == _svg_without_date(each)


def test_plot_each_without_output_writes_name_png(run, tmp_path):
    result = run(["sigmoid", "relu", "--each"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "sigmoid.png").is_file() and (tmp_path / "relu.png").is_file()


def test_plot_each_csv(run, tmp_path):
    result = run(["relu", "elu", "-p", "alpha=1,2", "--each", "-o", "t/{name}.csv",
                  "--points", "5"], cwd=tmp_path)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == [
        "elu.csv",
        "elu_alpha=2.csv",
        "relu.csv",
    ]
    header, *rows = (tmp_path / "t" / "relu.csv").read_text().splitlines()
    assert header == "x,relu,d_relu" and len(rows) == 5


def test_gallery_each_writes_every_panel(run, tmp_path, magic):
    result = run(["gallery", "--each", "-o", "images/{name}.svg"], cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.stem for p in (tmp_path / "images").iterdir())
    assert written == sorted(a.name for a in CATALOGUE)
    svg = (tmp_path / "images" / "relu.svg").read_bytes()
    assert svg.startswith(magic["svg"]) and b"ReLU" in svg


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["sigmoid", "tanh", "--each", "-o", "x.png"], 2, "put {name} or {label}"),
        (["sigmoid", "--each", "-o", "{name}.txt"], 2, "not supported"),
        (["sigmoid", "tanh", "--each", "-o", "{name}.{label}"], 2, "not supported"),
        (["sigmoid", "--each", "-o", "a/b/{name}.png"], 1, "directory a does not exist"),
        (["gallery", "--each", "--cols", "3"], 2, "does not apply to --each"),
        (["gallery", "--each", "-o", "{name}.csv"], 2, "not supported"),
        (["sigmoid", "--each", "-r", "-1e307", "1e307", "-o", "{name}.png"], 2, "range must lie"),
    ],
)
def test_bad_each_requests_are_one_line_and_write_nothing(run, tmp_path, args, code, words):
    result = run(args, cwd=tmp_path)
    assert result.exit_code == code, result.stdout
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_failed_file_is_reported_and_the_others_are_kept(run, tmp_path, monkeypatch):
    import actplot.render.save as save_module

    original = save_module.save

    def flaky(fig, path, **kw):
        if Path(path).stem == "tanh":
            raise OSError(28, "No space left on device")
        return original(fig, path, **kw)

    monkeypatch.setattr(save_module, "save", flaky)
    out = tmp_path / "out"
    out.mkdir()
    (out / "tanh.png").write_bytes(b"old")
    result = run(["sigmoid", "tanh", "relu", "--each", "-o", "out/{name}.png"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.split() == ["out/sigmoid.png", "out/relu.png"]
    errors = result.stderr.strip().splitlines()
    assert errors == [
        "Error: out/tanh.png: No space left on device",
        "Error: 1 of 3 files failed (2 written)",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["relu.png", "sigmoid.png", "tanh.png"]
    assert (out / "tanh.png").read_bytes() == b"old"  # untouched


def test_a_failed_write_leaves_no_partial_file(run, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    original = Figure.savefig

    def breaks(self, fname, **kw):
        original(self, fname, **kw)
        if "relu" in self.axes[0].get_title().lower():
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(Figure, "savefig", breaks)
    result = run(["sigmoid", "relu", "--each", "-o", "o/{name}.png"], cwd=tmp_path)
    assert result.exit_code == 1
    assert "Error: o/relu.png: Input/output error" in result.stderr
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["sigmoid.png"]


def test_each_does_not_open_a_window(run, tmp_path, monkeypatch):
    import actplot.render.window as window

    monkeypatch.setattr(window, "show", lambda *a, **k: pytest.fail("a window opened"))
    env = {"DISPLAY": ":0", "MPLBACKEND": "TkAgg"}
    result = run(["sigmoid", "--each", "-o", "{name}.png"], cwd=tmp_path, env=env)
    assert result.exit_code == 0, result.stderr


def test_each_figure_has_its_own_fitted_limits(run, tmp_path):
    from actplot.batch import figures_each
    from actplot.render.spec import FigureSpec

    x = np.linspace(-3, 3, 61)
    paths = [tmp_path / "a.png", tmp_path / "b.png"]
    done = list(figures_each(_acts("relu", "tanh"), x, FigureSpec(), paths))
    assert [d.error for d in done] == [None, None]
    assert all(p.stat().st_size > 1000 for p in paths)
