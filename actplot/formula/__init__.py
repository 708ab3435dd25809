"""Your own activation: a formula in x, with its exact derivative.

>>> from actplot.formula import get
>>> act = get("x*sigmoid(1.702*x)")
>>> act.name, act.formula
('x*sigmoid(1.702*x)', 'x\\\\,\\\\sigma(1.702x)')
>>> float(act(1.0)), float(act.derivative(0.0))
(0.8457957659328212, 0.5)

A formula uses numbers, ``x``, ``+ - * / **``, brackets, the constants and
elementary functions of :mod:`actplot.formula.primitives` (``pi``, ``e``;
``exp``, ``log1p``, ``erf``, ``min`` and ``max`` of two arguments...:
``primitives.help_text()`` lists them all) and every catalogue function by
name, with its default parameters or with parameters given after x
(``leaky_relu(x, 0.1)``, ``elu(x, alpha=a)``). Any other name is a parameter
of the formula, set by keyword.

The text is never evaluated as Python (see :mod:`actplot.formula.parse`).
The derivative is forward-mode automatic differentiation with each
primitive's analytic derivative (:mod:`actplot.formula.evaluate`).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

import actplot.catalogue as catalogue
from actplot.catalogue import Activation
from actplot.formula.derivative import differentiate
from actplot.formula.display import param_symbol, param_tex, to_tex, to_text
from actplot.formula.evaluate import check_env, derivative, evaluate, kinks
from actplot.formula.parse import FormulaError, parse
from actplot.formula.tree import Node, Param, depends_on_x, walk

__all__ = [
    "FormulaError",
    "from_formula",
    "get",
    "is_formula",
    "is_formula_activation",
    "named",
    "undefined_intervals",
    "undefined_where",
]

_X_WORD = re.compile(r"(?<![A-Za-z0-9_])x(?![A-Za-z0-9_])")
_NAME_LIKE = re.compile(r"[A-Za-z0-9_\- ]*")


# Errors from numpy are silenced only while a formula is evaluated: there a
# NaN marks where the formula is undefined (a gap), and inf is a true limit.
def _quiet() -> np.errstate:
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def is_formula(spec: str) -> bool:
    """Whether ``spec`` (not a catalogue name) is to be read as a formula.

    It is when it mentions ``x`` as a name, or contains anything a name
    cannot (brackets, operators...), so that ``().__class__`` is reported as
    bad syntax rather than as an unknown activation.
    """
    return bool(_X_WORD.search(spec)) or not _NAME_LIKE.fullmatch(spec)


def get(spec: str, **params: float) -> Activation:
    """The activation called ``spec``, or the one its formula defines.

    Parameters
    ----------
    spec
        A catalogue name or alias (looked up first), or a formula in x such
        as ``"x*sigmoid(1.702*x)"`` or ``"log1p(exp(beta*x))/beta"``.
    **params
        Parameter values: the catalogue's, or the formula's free names.

    Raises
    ------
    UnknownActivationError
        (a ``LookupError``) if ``spec`` is neither a catalogue name nor a formula.
    FormulaError
        (a ``ValueError``) if the formula is not in the grammar.
    ValueError
        If a parameter is unknown or out of its valid range.
    """
    if catalogue.lookup(spec) is not None or not is_formula(spec):
        return catalogue.get(spec, **params)
    return from_formula(spec, **params)


def from_formula(text: str, **params: float) -> Activation:
    """An :class:`Activation` computed from the formula ``text``.

    Its name is the normalised text, its label and ``formula`` the mathtext
    of f (the label with ``$`` signs, for titles and legends). The formula's
    free names are its parameters, with default NaN (unset) until given here
    or with :meth:`Activation.with_params`.

    Raises
    ------
    FormulaError
        If the text is not in the grammar, has no x, or is unusable.
    """
    root = parse(text)
    if not depends_on_x(root):
        raise FormulaError(
            f"{text.strip()!r} is not a catalogue name, and a formula must contain x"
        )
    free = list(dict.fromkeys(n.name for n in walk(root) if isinstance(n, Param)))
    check_env(root, dict.fromkeys(free, math.nan))  # constant inner parameters
    normal = to_text(root)
    tex = to_tex(root)
    act = Activation(
        name=normal,
        # Titles and legends show the label: as mathtext, $x\,\sigma(1.702x)$.
        label=f"${tex}$",
        fn=_Evaluator(root, tuple(free), normal, derivative=False),
        grad=_Evaluator(root, tuple(free), normal, derivative=True),
        formula=tex,
        derivative_formula=_derivative_tex(root, tex),
        params=tuple(
            catalogue.Param(
                name=name, default=math.nan, symbol=param_symbol(name), tex=param_tex(name)
            )
            for name in free
        ),
        kinks=lambda values: kinks(root, values),
        check=lambda values: _check(root, values),
        values=MappingProxyType(dict.fromkeys(free, math.nan)),
    )
    return act.with_params(**params) if params else act


# A displayed derivative longer than this is shown as d/dx[f] instead.
_MAX_DERIVATIVE_TEX = 240


def _derivative_tex(root: Node, tex: str) -> str:
    """Mathtext of f', written out when that stays short."""
    try:
        written = to_tex(differentiate(root))
    except RecursionError:  # cannot happen within the parser's depth limit
        written = ""
    if 0 < len(written) <= _MAX_DERIVATIVE_TEX:
        return written
    return r"\frac{d}{dx}\left[" + tex + r"\right]"


def is_formula_activation(act: Activation) -> bool:
    """Whether ``act`` was made from a formula (rather than taken from the catalogue)."""
    return isinstance(act.fn, _Evaluator)


def named(act: Activation, name: str) -> Activation:
    """``act`` under another display name (``--name`` of the CLI)."""
    return dataclasses.replace(act, name=name, label=name)


def _check(root: Node, values: Mapping[str, float]) -> str | None:
    try:
        check_env(root, {k: np.float64(v) for k, v in values.items()})
    except FormulaError as err:
        return str(err)
    return None


class _Evaluator:
    """f or f' of a formula, called like a catalogue kernel: ``fn(x, **values)``."""

    def __init__(self, root: Node, params: tuple[str, ...], text: str, derivative: bool):
        self.root = root
        self.params = params
        self.text = text
        self.derivative = derivative

    def __repr__(self) -> str:
        kind = "derivative" if self.derivative else "value"
        return f"<formula {kind} {self.text!r}>"

    def __call__(self, x: Any, **values: float) -> np.ndarray:
        env = self._env(values)
        x = np.asarray(x, dtype=np.float64)
        with _quiet():
            if not self.derivative:
                out = evaluate(self.root, x, env)
            else:
                out = derivative(self.root, x, env)
                if out is None:  # x-free: cannot happen for a formula in x
                    out = 0.0
        out = np.asarray(out, dtype=np.float64)
        if out.shape != x.shape:
            out = np.broadcast_to(out, x.shape).copy()
        return out

    def _env(self, values: Mapping[str, float]) -> dict[str, np.float64]:
        unknown = set(values) - set(self.params)
        if unknown:
            valid = ", ".join(self.params) or "none"
            raise FormulaError(
                f"{self.text} has no parameter {sorted(unknown)[0]!r} (its parameters: {valid})"
            )
        env = {}
        for name in self.params:
            value = values.get(name, math.nan)
            if not math.isfinite(value):
                raise FormulaError(
                    f"parameter {name} of {self.text} is not set: "
                    f"set it with -p {name}=VALUE (or {name}=... in get())"
                )
            env[name] = np.float64(value)
        return env


# ---------------------------------------------------------------- gaps


def undefined_intervals(
    act: Activation, x: np.ndarray, *, refine: bool = True
) -> list[tuple[float, float]]:
    """The x-intervals of a sorted grid where f or f' is NaN (undefined).

    Each interval runs from the first to the last undefined point of a run;
    with ``refine`` its ends are moved to the boundary between defined and
    undefined found by bisection (so ``log(x)`` on [-5, 5] gives
    ``[(-5.0, 0.0)]`` whatever the grid spacing).
    """
    x = np.asarray(x, dtype=np.float64)
    bad = np.isnan(act(x)) | np.isnan(act.derivative(x))
    if not bad.any():
        return []
    edges = np.flatnonzero(np.diff(bad.astype(np.int8)))
    starts = [0] if bad[0] else []
    starts += [int(i) + 1 for i in edges if not bad[i]]
    ends = [int(i) for i in edges if bad[i]]
    ends += [len(x) - 1] if bad[-1] else []
    # Boundaries found by bisection are snapped to a millionth of the grid's
    # width, so that log(x) is undefined for x < 0, not for x < -8.7e-21.
    scale = float(x[-1] - x[0]) * 1e-6 or 1.0
    intervals = []
    for i, j in zip(starts, ends, strict=True):
        lo, hi = float(x[i]), float(x[j])
        if refine and i > 0:
            lo = round(_boundary(act, float(x[i - 1]), lo) / scale) * scale
        if refine and j < len(x) - 1:
            hi = round(_boundary(act, float(x[j + 1]), hi) / scale) * scale
        intervals.append((lo, hi))
    return intervals


def _boundary(act: Activation, good: float, bad: float) -> float:
    """Bisect between a defined and an undefined point; return the bad side."""
    for _ in range(60):
        mid = 0.5 * (good + bad)
        if mid in (good, bad):
            break
        ok = not (np.isnan(act(mid)) or np.isnan(act.derivative(mid)))
        good, bad = (mid, bad) if ok else (good, mid)
    return bad


def undefined_where(act: Activation, x: np.ndarray) -> str | None:
    """Where f is undefined on the grid ``x``, in words; None if nowhere.

    For example ``"x < 0"`` for ``log(x)`` on [-5, 5], or
    ``"x < -1 and x > 1"`` for ``sqrt(1-x**2)``.
    """
    x = np.asarray(x, dtype=np.float64)
    intervals = undefined_intervals(act, x)
    if not intervals:
        return None
    first, last = float(x[0]), float(x[-1])
    parts = []
    for lo, hi in intervals:
        if lo == hi:
            parts.append(f"x = {_short(lo)}")
        elif lo == first and hi == last:
            parts.append(f"all of [{_short(first)}, {_short(last)}]")
        elif lo == first:
            parts.append(f"x < {_short(hi)}")
        elif hi == last:
            parts.append(f"x > {_short(lo)}")
        else:
            parts.append(f"{_short(lo)} < x < {_short(hi)}")
    return " and ".join(parts)


def _short(value: float) -> str:
    text = f"{value:.4g}"
    return "0" if text == "-0" else text
