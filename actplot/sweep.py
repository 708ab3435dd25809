"""Parameter sweeps: which activations a request names, their series names and CSV columns.

``expand`` turns names (catalogue names or formulas) and parameter values
into the list of activations to draw: one per combination of the values of
each function's own swept parameters. ``series_names`` names each uniquely
(``elu[alpha=0.5]``, ``sigmoid#2``) for CSV columns and tables. Errors are
library errors (``ValueError``, ``LookupError``); the command line reports
them as bad input.
"""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import actplot
from actplot.catalogue import Activation

__all__ = [
    "MAX_FRAMES",
    "MAX_SERIES",
    "MAX_VALUES",
    "Frames",
    "csv_columns",
    "expand",
    "frames",
    "file_stem",
    "is_formula",
    "parse_params",
    "series_names",
    "undefined_notes",
]


MAX_VALUES = 1000  # values of one parameter: a list or a START:STOP:COUNT range
MAX_SERIES = 1000  # curve pairs (function x parameter combination) in one request


def parse_params(texts: Sequence[str]) -> dict[str, list[float]]:
    """``("alpha=0.1,0.2", "beta=2")`` -> ``{"alpha": [0.1, 0.2], "beta": [2.0]}``.

    A value may also be a range ``START:STOP:COUNT``: COUNT evenly spaced
    values from START to STOP, both included (``alpha=0:1:5`` is 0, 0.25, 0.5,
    0.75, 1); ranges and single values mix in one list (``alpha=0,0.5:1:3``).
    At most :data:`MAX_VALUES` values per parameter, checked before any is made.

    Raises
    ------
    ValueError
        For text that is not ``NAME=VALUE[,VALUE...]`` with finite numbers or
        ranges, a bad COUNT, too many values, or a name given twice.
    """
    parsed: dict[str, list[float]] = {}
    for text in texts:
        name, sep, rest = text.partition("=")
        name = name.strip()
        if not sep or not name or not rest.strip():
            raise ValueError(
                f"-p/--param expects NAME=VALUE[,VALUE...] or NAME=START:STOP:COUNT, got {text!r}"
            )
        items = rest.split(",")
        counts = [_range_count(name, item) if ":" in item else 1 for item in items]
        if sum(counts) > MAX_VALUES:
            raise ValueError(
                f"-p {name}: {sum(counts):,} values; at most {MAX_VALUES:,} per parameter"
            )
        numbers: list[float] = []
        for item in items:
            if ":" in item:
                start, stop, count = item.split(":")
                lo, hi = _number(name, start), _number(name, stop)
                numbers.extend(float(v) for v in np.linspace(lo, hi, int(count)))
            else:
                numbers.append(_number(name, item))
        if name in parsed:
            raise ValueError(f"-p {name} is given twice; list its values as {name}=A,B,C")
        parsed[name] = numbers
    return parsed


def _number(name: str, item: str) -> float:
    try:
        number = float(item)
    except ValueError:
        raise ValueError(f"-p {name}: {item.strip()!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"-p {name}: value must be finite, got {item.strip()}")
    return number


def _range_count(name: str, item: str) -> int:
    """COUNT of a ``START:STOP:COUNT`` item, checked (START and STOP are checked later)."""
    parts = item.split(":")
    if len(parts) != 3:
        raise ValueError(f"-p {name}: a range is START:STOP:COUNT, got {item.strip()!r}")
    text = parts[2].strip()
    if not text.isdigit():
        raise ValueError(f"-p {name}: COUNT in {item.strip()!r} must be a whole number")
    count = int(text)
    if count < 2:
        raise ValueError(
            f"-p {name}: COUNT in {item.strip()!r} must be at least 2 (both ends are included)"
        )
    return count


def expand(
    names: Sequence[str],
    params: Mapping[str, Sequence[float]],
    display_names: Sequence[str] = (),
    convention: str | None = None,
) -> list[Activation]:
    """The activations to draw: each name, once per combination of its swept parameters.

    A name may be a formula in x (:func:`actplot.get` reads both);
    ``display_names`` name the formulas in order. A parameter applies to every
    chosen function that has it; one that no chosen function has is an error
    listing the valid ones. With ``convention`` (see
    :mod:`actplot.catalogue.conventions`), each catalogue name means what that
    framework means by it, with its defaults (which ``params`` override) and
    its derivative at kinks; a formula is taken as written.

    Raises
    ------
    LookupError
        For an unknown name (with close matches).
    ValueError
        For a bad formula, an unknown or out-of-range parameter, or more
        display names than formulas.
    """
    bases = [_base(name, convention) for name in names]
    formulas = [i for i, act in enumerate(bases) if is_formula(act)]
    if len(display_names) > len(formulas):
        raise ValueError(
            f"--name names a formula, and there {'is' if len(formulas) == 1 else 'are'} "
            f"{len(formulas)} formula{'' if len(formulas) == 1 else 's'} for "
            f"{len(display_names)} --name"
        )
    for i, display in zip(formulas, display_names, strict=False):
        from actplot.formula import named  # loaded already: bases[i] is a formula

        bases[i] = named(bases[i], display)
    known = {p.name for act in bases for p in act.params}
    for name in params:
        if name not in known:
            if not known:
                chosen = " and ".join(a.name for a in bases)
                verb = "takes" if len(bases) == 1 else "take"
                raise ValueError(f"-p {name}: {chosen} {verb} no parameters")
            raise ValueError(
                f"-p {name}: no chosen function has this parameter "
                f"(valid: {', '.join(sorted(known))})"
            )
    total = sum(
        math.prod(len(params[p.name]) for p in base.params if p.name in params) for base in bases
    )
    if total > MAX_SERIES:
        raise ValueError(
            f"-p: these values make {total:,} curve pairs; at most {MAX_SERIES:,} in one figure"
        )
    acts = []
    for base in bases:
        own = [p.name for p in base.params if p.name in params]
        for combo in itertools.product(*(params[n] for n in own)):
            act = base.with_params(**dict(zip(own, combo, strict=True)))
            unset = [p.name for p in act.params if not math.isfinite(act.values[p.name])]
            if unset:
                raise ValueError(
                    f"{act.name}: parameter {unset[0]} has no value; "
                    f"set it with -p {unset[0]}=VALUE"
                )
            acts.append(act)
    return acts


def _base(name: str, convention: str | None) -> Activation:
    """``name`` as ``convention`` means it (the catalogue's own without one)."""
    if convention is not None:
        from actplot.catalogue import conventions, lookup

        conventions.check_convention(convention)
        entry = lookup(name)
        if entry is not None:
            return conventions.resolve(entry, convention)
    return actplot.get(name)


MAX_FRAMES = 120  # frames of an animation: 12 s at the default 10 frames per second


@dataclass(frozen=True)
class Frames:
    """An animated sweep: one frame per value of one swept parameter.

    ``frames[i]`` are the activations drawn in frame i: every chosen function
    that has ``param`` at ``values[i]``, and the others as they are.
    """

    param: str
    symbol: str  # plain-text symbol for titles, e.g. "α"
    values: tuple[float, ...]
    frames: tuple[tuple[Activation, ...], ...]

    def __len__(self) -> int:
        return len(self.frames)


def frames(
    names: Sequence[str],
    params: Mapping[str, Sequence[float]],
    display_names: Sequence[str] = (),
) -> Frames:
    """The frames of an animation of ``names`` sweeping the one parameter with several values.

    Raises
    ------
    LookupError
        For an unknown name.
    ValueError
        As :func:`expand` does; when no parameter has several values (saying
        what to add), when two have, or for more than :data:`MAX_FRAMES` values.
    """
    acts = expand(names, {k: v[:1] for k, v in params.items()}, display_names)
    swept = [name for name, values in params.items() if len(values) > 1]
    if not swept:
        own = list(dict.fromkeys(p.name for act in acts for p in act.params))
        if not own:
            chosen = " and ".join(dict.fromkeys(a.name for a in acts))
            verb = "takes" if len(acts) == 1 else "take"
            raise ValueError(
                f"an animation sweeps a parameter, and {chosen} {verb} none; "
                "animate a function that has one, e.g. actplot elu -p alpha=0.1:3:30 -o elu.gif"
            )
        raise ValueError(
            f"an animation sweeps a parameter: add -p {own[0]}=START:STOP:COUNT "
            f"(e.g. -p {own[0]}={_example_range(acts, own[0])})"
        )
    if len(swept) > 1:
        raise ValueError(
            f"an animation sweeps one parameter, and {' and '.join(swept)} each have several "
            "values: give all but one a single value"
        )
    (param,) = swept
    values = tuple(float(v) for v in params[param])
    if len(values) > MAX_FRAMES:
        raise ValueError(
            f"-p {param}: {len(values):,} frames; an animation has at most {MAX_FRAMES}"
        )
    symbol = next(p.symbol for act in acts for p in act.params if p.name == param)
    drawn = tuple(
        tuple(expand(names, {**params, param: [value]}, display_names)) for value in values
    )
    return Frames(param=param, symbol=symbol, values=values, frames=drawn)


def _example_range(acts: Sequence[Activation], name: str) -> str:
    """A range of the parameter ``name`` around its value, for an error message."""
    param = next(p for act in acts for p in act.params if p.name == name)
    value = next(act.values[name] for act in acts if name in act.values)
    lo, hi = (value / 2, value * 2) if value > 0 else (value - 1, value + 1)
    lo, hi = max(lo, param.low), min(hi, param.high)
    return f"{lo:g}:{hi:g}:30"


def is_formula(act: Activation) -> bool:
    """Whether ``act`` came from a formula (without importing the parser if none did)."""
    formula = sys.modules.get("actplot.formula")
    return formula is not None and bool(formula.is_formula_activation(act))


def series_names(acts: Sequence[Activation]) -> list[str]:
    """Unique names for columns and series: ``elu[alpha=0.5]``, ``sigmoid#2``."""
    names = []
    seen: dict[str, int] = {}
    for act in acts:
        name = act.name
        if act.params and (len(acts) > 1 or not act.is_default):
            name += "[" + ";".join(f"{k}={v:g}" for k, v in act.values.items()) + "]"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name += f"#{seen[name]}"
        names.append(name)
    return names


def csv_columns(
    acts: Sequence[Activation], x: np.ndarray, *, derivative: bool = True
) -> list[tuple[str, Any]]:
    """CSV columns: x, then per function its values and (optionally) derivative."""
    columns: list[tuple[str, Any]] = [("x", x)]
    for act, name in zip(acts, series_names(acts), strict=True):
        columns.append((name, act(x)))
        if derivative:
            columns.append((f"d_{name}", act.derivative(x)))
    return columns


def file_stem(act: Activation) -> str:
    """A file name for ``act``: its name, or ``formula`` for an unnamed formula."""
    if is_formula(act) and act.label.startswith("$"):
        return "formula"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", act.name).strip("_.") or "formula"


def undefined_notes(acts: Sequence[Activation], x: np.ndarray) -> list[str]:
    """One note per formula that is undefined somewhere on ``x`` (its curve has a gap)."""
    notes = []
    for act, name in zip(acts, series_names(acts), strict=True):
        if is_formula(act):
            from actplot.formula import undefined_where

            where = undefined_where(act, x)
            if where:
                notes.append(f"{name} is undefined for {where} (a gap)")
    return notes
