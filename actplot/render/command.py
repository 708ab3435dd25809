"""The command line that draws a figure: what the window prints when it saves.

``equivalent_command(acts, x, spec, path)`` is the inverse of the command
line's parsing (:func:`actplot.sweep.expand`, :func:`actplot.analysis.sampling.grid`,
the figure options): ``actplot elu -p alpha=0.181 -o elu.png``. It is
checked by expanding it again. No matplotlib here.
"""

from __future__ import annotations

import math
import os
import shlex
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from actplot.catalogue import Activation
from actplot.render.spec import FigureSpec

__all__ = ["equivalent_command"]


def equivalent_command(
    acts: Sequence[Activation], x: np.ndarray, spec: FigureSpec, path: str | os.PathLike[str]
) -> str | None:
    """``actplot elu -p alpha=0.181 -o elu.png``: the command that draws this figure.

    None when no single command does (two functions whose parameter of the
    same name differ, say); the command is checked by expanding it again.
    """
    from actplot.analysis.sampling import grid
    from actplot.render.defaults import DEFAULT_DPI
    from actplot.sweep import expand, is_formula

    params: dict[str, list[float]] = {}
    for act in acts:
        for p in act.params:
            value = act.values[p.name]
            if value != p.default:  # a NaN default (a formula's) is never equal
                params.setdefault(p.name, [])
    for act in acts:
        for p in act.params:
            if p.name in params and act.values[p.name] not in params[p.name]:
                params[p.name].append(act.values[p.name])
    names: list[str] = []
    display: list[str] = []
    i = 0
    while i < len(acts):
        act = acts[i]
        formula = is_formula(act)
        names.append(getattr(act.fn, "text", act.name) if formula else act.name)
        if formula and not act.label.startswith("$"):
            display.append(act.label)
        i += math.prod(len(params[p.name]) for p in act.params if p.name in params)
    try:
        again = expand(names, params, display)
    except (ValueError, LookupError):
        return None
    if [(a.name, dict(a.values)) for a in again] != [(a.name, dict(a.values)) for a in acts]:
        return None
    args = ["actplot", *names]
    lo, hi = float(x[0]), float(x[-1])
    if (lo, hi) != (-10.0, 10.0):
        args += ["-r", _num(lo), _num(hi)]
    if not np.array_equal(grid(lo, hi), x):
        if np.array_equal(np.linspace(lo, hi, x.size), x):
            args += ["--points", str(x.size)]
        elif x.size > 1 and np.array_equal(grid(lo, hi, step=float(x[1] - x[0])), x):
            args += ["--step", _num(float(x[1] - x[0]))]
        else:
            return None
    for name, values in params.items():
        args += ["-p", f"{name}={','.join(_num(v) for v in values)}"]
    for name in display:
        args += ["--name", name]
    args += _spec_args(spec, DEFAULT_DPI)
    target = Path(path)
    shown = target.name if target.resolve().parent == Path.cwd().resolve() else str(target)
    args += ["-o", shown]
    return shlex.join(args)


def _spec_args(spec: FigureSpec, default_dpi: float) -> list[str]:
    args: list[str] = []
    if spec.title is not None:
        args += ["--title", spec.title]
    if spec.ylim is not None:
        args += ["--ylim", _num(spec.ylim[0]), _num(spec.ylim[1])]
    if spec.size is not None:
        args += ["--size", _num(spec.size[0]), _num(spec.size[1])]
    if spec.dpi != default_dpi:
        args += ["--dpi", _num(spec.dpi)]
    if not spec.derivative:
        args.append("--no-derivative")
    if spec.formula:
        args.append("--formula")
    if spec.transparent:
        args.append("--transparent")
    if spec.style is not None:
        args += ["--style", spec.style]
    if spec.lang != "en":
        args += ["--lang", spec.lang]
    if spec.saturation is not None:
        args += ["--saturation", _num(spec.saturation)]
    return args


def _num(value: float) -> str:
    """Shortest text that reads back as ``value``: 0.181, 10, 1e-08."""
    value = float(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)
