"""One file per function (``--each``): the paths a template names, and the loop that writes them.

A template is an output path with placeholders, ``images/{name}.svg`` or
``out/{label}.png``: ``{name}`` is the function's name (``leaky_relu``),
``{label}`` its display label made safe for a file name (``Leaky_ReLU``); a
function with parameters other than its defaults gets them appended
(``elu_alpha=2``), and a repeated one a number (``sigmoid_2``), so that no two
functions share a file. Everything that can be checked is checked before the
first file is written (:func:`each_paths`, :func:`prepare_directories`);
then :func:`write_each` writes every file atomically, one after the other,
and reports a file that fails without stopping the others::

    paths = each_paths("images/{name}.svg", acts)
    prepare_directories(paths)
    for done in write_each(zip(paths, jobs)):
        print(done.path if done.error is None else f"failed: {done.error}")
"""

from __future__ import annotations

import os
import re
import string
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actplot.catalogue import Activation
from actplot.output import FORMATS, OutputPathError, UnsupportedFormatError

__all__ = [
    "PLACEHOLDERS",
    "Written",
    "each_paths",
    "figures_each",
    "file_labels",
    "file_names",
    "panels_each",
    "prepare_directories",
    "tables_each",
    "write_each",
]

PLACEHOLDERS = ("name", "label")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.=-]+")


def file_names(acts: Sequence[Activation]) -> list[str]:
    """What ``{name}`` stands for, per function: unique, safe in a file name."""
    from actplot.sweep import file_stem

    return _unique(acts, [file_stem(act) for act in acts])


def file_labels(acts: Sequence[Activation]) -> list[str]:
    """What ``{label}`` stands for, per function: the display label, made safe."""
    from actplot.sweep import file_stem, is_formula

    labels = []
    for act in acts:
        label = file_stem(act) if is_formula(act) else act.label
        labels.append(_safe(label) or file_stem(act))
    return _unique(acts, labels)


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_.")


def _unique(acts: Sequence[Activation], stems: Sequence[str]) -> list[str]:
    """``stems`` with non-default parameter values appended, then numbers for repeats."""
    out = []
    for act, stem in zip(acts, stems, strict=True):
        if act.params and not act.is_default:
            stem += "_" + "_".join(f"{k}={v:g}" for k, v in act.values.items())
        out.append(_safe(stem))
    seen: dict[str, int] = {}
    for i, stem in enumerate(out):
        seen[stem] = seen.get(stem, 0) + 1
        if seen[stem] > 1:
            out[i] = f"{stem}_{seen[stem]}"
    return out


def each_paths(
    template: str, acts: Sequence[Activation], formats: Sequence[str] = FORMATS
) -> list[Path]:
    """The file of each activation: ``template`` with ``{name}`` and ``{label}`` filled in.

    Raises
    ------
    ValueError
        For an unknown or malformed placeholder, a template without one for
        more than one function, or two functions that would share a file.
    UnsupportedFormatError
        For a file name whose extension is not one of ``formats``.
    """
    fields = _fields(template)
    if len(acts) > 1 and not fields:
        raise ValueError(
            f"--each writes one file per function: put {{name}} or {{label}} in -o {template!r} "
            "(e.g. 'images/{name}.png')"
        )
    names, labels = file_names(acts), file_labels(acts)
    paths = [
        Path(template.format(name=name, label=label))
        for name, label in zip(names, labels, strict=True)
    ]
    owner: dict[Path, Activation] = {}
    for act, path in zip(acts, paths, strict=True):
        if path in owner:
            raise ValueError(
                f"{owner[path].title} and {act.title} would both be written to {path}: "
                "use {name} in -o"
            )
        owner[path] = act
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in formats:
            shown = f"'.{fmt}'" if fmt else "no extension"
            raise UnsupportedFormatError(
                f"cannot write {path.name}: {shown} is not supported here "
                f"(use {', '.join('.' + f for f in formats)})"
            )
    return paths


def _fields(template: str) -> set[str]:
    """The placeholders of ``template``; ValueError for any but {name} and {label}."""
    fields = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:  # a lone { or }
        raise ValueError(
            f"-o {template!r}: {error} (write {{{{ and }}}} for literal braces)"
        ) from None
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise ValueError(
                f"-o {template!r}: unknown placeholder {shown}; use {{name}} or {{label}}"
            )
        fields.add(field)
    return fields


def prepare_directories(paths: Sequence[Path]) -> list[Path]:
    """Make every directory of ``paths`` ready before any work; return those created.

    A missing directory is created when its parent exists (``out/`` for
    ``out/{name}.png``), never a whole chain of them.

    Raises
    ------
    OutputPathError
        If a directory's parent does not exist, a path is a directory, or a
        directory cannot be written (nothing is created then).
    """
    folders = list(dict.fromkeys(path.parent for path in paths))
    missing = [folder for folder in folders if not folder.is_dir()]
    for folder in missing:
        if folder.exists():
            raise OutputPathError(f"{folder} is not a directory")
        if not folder.parent.is_dir():
            raise OutputPathError(f"directory {folder.parent} does not exist")
    for path in paths:
        if path.is_dir():
            raise OutputPathError(f"{path} is a directory; give a file name in -o")
    for folder in folders:
        if folder not in missing:
            _probe(folder)
    created = []
    for folder in missing:
        try:
            folder.mkdir()
        except FileExistsError:  # made meanwhile by someone else: fine if writable
            pass
        except OSError as error:
            raise OutputPathError(
                f"cannot create directory {folder}: {error.strerror or error}"
            ) from None
        else:
            created.append(folder)
        _probe(folder)
    return created


def _probe(folder: Path) -> None:
    # By creating a file: os.access says yes to root even on read-only mounts.
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".actplot-probe.")
    except OSError:
        raise OutputPathError(f"directory {folder} is not writable") from None
    os.close(fd)
    os.unlink(probe)


@dataclass(frozen=True)
class Written:
    """The outcome of one file: its path, and the error if it could not be written."""

    path: Path
    error: Exception | None = None


def write_each(jobs: Iterable[tuple[Path, Callable[[Path], object]]]) -> Iterator[Written]:
    """Run ``job(path)`` for each file, one after the other; yield how each went.

    Each job writes its file atomically (through
    :func:`actplot.output.atomic_write`), so a failed file leaves nothing
    behind and the files before and after it are kept. Only ``Exception``\\ s
    are caught: an interrupt stops the loop.
    """
    for path, job in jobs:
        try:
            job(path)
        except Exception as error:
            yield Written(path, error)
        else:
            yield Written(path)


def figures_each(
    acts: Sequence[Activation], x: Any, spec: Any, paths: Sequence[Path]
) -> Iterator[Written]:
    """One figure per activation (as ``actplot NAME`` draws it), each to its path.

    ``spec`` is the :class:`actplot.render.spec.FigureSpec` of every figure.
    The range and the look are checked once, before the first figure.
    """
    from actplot.render.figure import build_figure, check_drawable
    from actplot.render.looks import Look
    from actplot.render.save import save

    check_drawable(x)
    with Look(spec.style, spec.lang).context():  # a missing font fails here, once
        pass

    def job(act: Activation) -> Callable[[Path], object]:
        return lambda path: save(
            build_figure([act], x, spec), path, dpi=spec.dpi, transparent=spec.transparent
        )

    return write_each((path, job(act)) for act, path in zip(acts, paths, strict=True))


def panels_each(
    acts: Sequence[Activation],
    x: Any,
    paths: Sequence[Path],
    *,
    size: tuple[float, float] | None = None,
    dpi: float | None = None,
    style: str | None = None,
    lang: str = "en",
) -> Iterator[Written]:
    """Each activation's gallery panel as a file of its own (``actplot gallery --each``)."""
    from actplot.render.defaults import GALLERY_DPI
    from actplot.render.figure import check_drawable
    from actplot.render.gallery import panel_figure
    from actplot.render.looks import Look
    from actplot.render.save import save

    check_drawable(x)
    with Look(style, lang).context():
        pass
    dpi = GALLERY_DPI if dpi is None else dpi

    def job(act: Activation) -> Callable[[Path], object]:
        return lambda path: save(
            panel_figure(act, x, size=size, dpi=dpi, style=style, lang=lang), path, dpi=dpi
        )

    return write_each((path, job(act)) for act, path in zip(acts, paths, strict=True))


def tables_each(
    acts: Sequence[Activation], x: Any, paths: Sequence[Path], *, derivative: bool = True
) -> Iterator[Written]:
    """Each activation's CSV table (x, f, f') to its path."""
    from actplot.output import write_csv
    from actplot.sweep import csv_columns

    def job(act: Activation) -> Callable[[Path], object]:
        return lambda path: write_csv(path, csv_columns([act], x, derivative=derivative))

    return write_each((path, job(act)) for act, path in zip(acts, paths, strict=True))
