"""Low precision: an activation and its derivative in float32, float16 and bfloat16.

A format holds few values, so what a network computes is not the exact f'.
Each f and f' is evaluated two ways, at inputs first rounded to the format:

correctly rounded
    the exact value rounded once to the format (from the float64 kernels,
    which are within a few parts in 1e15 of the truth: the result is the
    correctly rounded one unless the truth lies that close to a tie).
as frameworks compute it
    the activation computed accurately (PyTorch, JAX and TensorFlow compute a
    bfloat16 or float16 activation in float32) and rounded once to the format,
    then f' by the formula the framework's backward kernel uses -- sigmoid'
    as s(1 - s) from the rounded output s, tanh' as 1 - t^2 -- with every
    operation in the format (numpy rounds each step, as the kernel does in
    the tensor's dtype). The catalogue declares this form where it differs
    (:class:`~actplot.catalogue.records.FrameworkGrad`); elsewhere the
    framework's f' is the correctly rounded one.

bfloat16 comes from ``ml_dtypes`` (the JAX team's numpy dtypes), float16 and
float32 from numpy; their conversions from float64 round correctly (to nearest,
ties to even), with overflow to inf.

:func:`analyse` reports, per side, where each form of f' becomes exactly 0 for
good (:class:`Threshold`: the first input the format holds, and the point on
the real line where the value rounds to 0), where f or f' overflows, and the
largest relative error of each form over ``STANDARD_RANGE`` (where the exact
value is a normal number of the format). For float16 and
bfloat16 every value of the format is tried, so the thresholds are exact; for
float32 and float64 the inputs are sampled and the boundary is then found by
bisection between neighbouring values of the format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from actplot.catalogue import Activation

__all__ = [
    "FORMATS",
    "LOW_PRECISION",
    "STANDARD_RANGE",
    "ErrorBound",
    "Evaluation",
    "Format",
    "Overflow",
    "PrecisionReport",
    "Threshold",
    "analyse",
    "csv_columns",
    "evaluate",
    "format_of",
    "framework_derivative",
    "round_to",
]

FORMATS = ("float64", "float32", "float16", "bfloat16")
LOW_PRECISION = ("float32", "float16", "bfloat16")
STANDARD_RANGE = (-10.0, 10.0)  # the default plot range: where the errors are measured

Form = Literal["rounded", "framework"]
Side = Literal["left", "right"]
_QUIET: dict[str, Any] = {
    "over": "ignore",
    "under": "ignore",
    "invalid": "ignore",
    "divide": "ignore",
}


@dataclass(frozen=True)
class Format:
    """A floating-point format: its numpy dtype and its range."""

    name: str
    dtype: np.dtype
    bits: int  # significand bits, the implicit leading one included
    max: float
    smallest_normal: float
    smallest_subnormal: float

    @property
    def enumerable(self) -> bool:
        """Whether every value can be tried (the 16-bit formats)."""
        return self.dtype.itemsize == 2


def format_of(name: str) -> Format:
    """The format called ``name`` (float64, float32, float16 or bfloat16).

    Raises ValueError naming the valid formats.
    """
    if name not in FORMATS:
        raise ValueError(f"unknown dtype {name!r} (choose {', '.join(FORMATS)})")
    if name == "bfloat16":
        import ml_dtypes

        dtype = np.dtype(ml_dtypes.bfloat16)
        info: Any = ml_dtypes.finfo(ml_dtypes.bfloat16)
    else:
        dtype = np.dtype(name)
        info = np.finfo(dtype)
    return Format(
        name=name,
        dtype=dtype,
        bits=int(info.nmant) + 1,
        max=float(info.max),
        smallest_normal=float(info.smallest_normal),
        smallest_subnormal=float(info.smallest_subnormal),
    )


def round_to(values: Any, fmt: Format) -> np.ndarray:
    """float64 ``values`` rounded to ``fmt`` (to nearest, ties to even; inf beyond its range)."""
    with np.errstate(**_QUIET):  # overflow to inf is the rounding's result
        return np.asarray(values, dtype=np.float64).astype(fmt.dtype)


def _as_float(values: np.ndarray) -> np.ndarray:
    return np.asarray(values).astype(np.float64)  # exact: every format is a subset of float64


def framework_derivative(act: Activation, x: np.ndarray, fmt: Format) -> np.ndarray:
    """f' at ``x`` as frameworks compute it, in ``fmt``'s dtype.

    ``x`` is used as it is: pass values of the format (``round_to``) for what
    a network computes; unrounded x gives the activation value at x itself
    rounded once, which places a threshold on the real line.
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(**_QUIET):
        if act.framework_grad is None:
            return round_to(act.derivative(x), fmt)
        y = round_to(act(x), fmt)
        g = act.framework_grad.grad(x, y, lambda v: round_to(v, fmt), **act.values)
        return np.asarray(g).astype(fmt.dtype)


def _rounded_derivative(act: Activation, inputs: np.ndarray, fmt: Format) -> np.ndarray:
    with np.errstate(**_QUIET):
        return round_to(act.derivative(_as_float(inputs)), fmt)


# ---------------------------------------------------------------- on a grid


@dataclass(frozen=True)
class Evaluation:
    """One activation on a grid in one format (all arrays float64, of x's shape).

    ``inputs`` are x rounded to the format; ``f``, ``rounded`` and
    ``framework`` are f, the correctly rounded f' and the framework's f' at
    those inputs, each a value of the format; ``exact_f`` and ``exact_d`` are
    f and f' at x itself.
    """

    fmt: Format
    x: np.ndarray
    inputs: np.ndarray
    f: np.ndarray
    rounded: np.ndarray
    framework: np.ndarray
    exact_f: np.ndarray
    exact_d: np.ndarray
    has_framework_form: bool

    @property
    def numerically_saturated(self) -> np.ndarray:
        """Where the framework's f' is exactly 0 and the exact f' is not."""
        return (self.framework == 0) & (self.exact_d != 0)

    @property
    def underflow(self) -> np.ndarray:
        """Where even the correctly rounded f' is 0 and the exact f' is not."""
        return (self.rounded == 0) & (self.exact_d != 0)


def evaluate(act: Activation, x: np.ndarray, fmt: Format | str) -> Evaluation:
    """``act`` in ``fmt`` on the grid ``x`` (see :class:`Evaluation`)."""
    fmt = format_of(fmt) if isinstance(fmt, str) else fmt
    x = np.asarray(x, dtype=np.float64)
    inputs = round_to(x, fmt)
    wide = _as_float(inputs)
    with np.errstate(**_QUIET):
        f = _as_float(round_to(act(wide), fmt))
        exact_f, exact_d = act(x), act.derivative(x)
    rounded = _as_float(_rounded_derivative(act, inputs, fmt))
    framework = _as_float(framework_derivative(act, wide, fmt)) if act.framework_grad else rounded
    return Evaluation(
        fmt=fmt,
        x=x,
        inputs=wide,
        f=f,
        rounded=rounded,
        framework=framework,
        exact_f=exact_f,
        exact_d=exact_d,
        has_framework_form=act.framework_grad is not None,
    )


def csv_columns(
    acts: Sequence[Activation],
    names: Sequence[str],
    x: np.ndarray,
    fmt: Format | str,
    *,
    derivative: bool = True,
) -> list[tuple[str, np.ndarray]]:
    """CSV columns: x, x rounded to the format, then per function its exact f
    (and f') at x, f rounded, and both forms of f' (``d_NAME_rounded``,
    ``d_NAME_framework``) at the rounded x."""
    fmt = format_of(fmt) if isinstance(fmt, str) else fmt
    columns: list[tuple[str, np.ndarray]] = [("x", x)]
    columns.append((f"x_{fmt.name}", _as_float(round_to(x, fmt))))
    for act, name in zip(acts, names, strict=True):
        ev = evaluate(act, x, fmt)
        columns.append((name, ev.exact_f))
        if derivative:
            columns.append((f"d_{name}", ev.exact_d))
        columns.append((f"{name}_rounded", ev.f))
        if derivative:
            columns.append((f"d_{name}_rounded", ev.rounded))
            columns.append((f"d_{name}_framework", ev.framework))
    return columns


# ---------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Threshold:
    """Where one form of f' becomes exactly 0, and stays 0, on one side of 0.

    ``first_input`` is the first input of the format (going outwards) from
    which the form is 0 on every input to the end of the format's range;
    ``last_nonzero`` the input just before it (None when the form is 0 on the
    whole side). ``at`` is where that happens on the real line: the form,
    fed the exact x (its activation value rounded once), is 0 from ``at``
    outwards -- sigmoid's s rounds to 1 from ln 511 in bfloat16, while the first
    bfloat16 input there is 6.25. ``cause``: "exact" (f' itself is 0),
    "underflow" (the exact f' rounds to 0), or "saturation" (only the
    framework's formula gives 0, its output having rounded to its limit).
    """

    form: Form
    side: Side
    at: float
    first_input: float
    last_nonzero: float | None
    cause: Literal["exact", "underflow", "saturation"]


@dataclass(frozen=True)
class Overflow:
    """The first input (going outwards) where f or a form of f' is infinite (``kind``
    "inf") or NaN ("nan": a framework formula meeting inf, as 0 · inf)."""

    quantity: Literal["f", "rounded", "framework"]
    side: Side
    kind: Literal["inf", "nan"]
    at: float  # on the real line, as for Threshold
    first_input: float


@dataclass(frozen=True)
class ErrorBound:
    """The largest relative error of a quantity over ``STANDARD_RANGE``, and where.

    Measured at every input of a 16-bit format in the range (400 001 and more
    sampled ones for float32 and float64) where the exact value is at least
    the format's smallest normal number: below, the relative error of rounding
    is unbounded, and the thresholds report the underflow.
    """

    quantity: Literal["f", "rounded", "framework"]
    max_relative: float  # inf where the exact value is 0 and the form is not
    at: float


@dataclass(frozen=True)
class PrecisionReport:
    """What :func:`analyse` finds for one activation in one format."""

    name: str
    fmt: Format
    framework_formula: str | None  # None: the framework's f' is the correctly rounded one
    framework_kernel: str | None
    thresholds: tuple[Threshold, ...]
    overflows: tuple[Overflow, ...]
    errors: tuple[ErrorBound, ...]
    error_range: tuple[float, float] = STANDARD_RANGE

    def threshold(self, form: Form, side: Side) -> Threshold | None:
        """The threshold of ``form`` on ``side``, or None if f' is never 0 there for good."""
        found = [t for t in self.thresholds if t.form == form and t.side == side]
        return found[0] if found else None


def _side_inputs(fmt: Format, side: Side) -> np.ndarray:
    """Inputs of the format on one side of 0, from 0 outwards, as float64."""
    if fmt.enumerable:
        # Consecutive bit patterns are consecutive positive values: every
        # finite positive value of a 16-bit format, in order.
        top = int(np.array(fmt.max, dtype=fmt.dtype).view(np.uint16))
        values = _as_float(np.arange(1, top + 1, dtype=np.uint16).view(fmt.dtype))
    else:
        parts = [
            np.geomspace(fmt.smallest_subnormal, 1.0, 4000),
            np.linspace(0.0, 1024.0, 2**20 + 1)[1:],
            np.geomspace(1024.0, fmt.max, 20000),
        ]
        values = np.unique(_as_float(round_to(np.concatenate(parts), fmt)))
        values = values[np.isfinite(values) & (values > 0)]
    return values if side == "right" else -values


def _next_out(v: float, fmt: Format, side: Side) -> float:
    """The next value of the format after ``v``, going outwards."""
    towards = np.array(np.inf if side == "right" else -np.inf, dtype=fmt.dtype)
    return float(np.nextafter(np.array(v, dtype=fmt.dtype), towards))


def _boundary_inputs(
    zero: np.ndarray,
    is_zero: Callable[[np.ndarray], np.ndarray],
    values: np.ndarray,
    fmt: Format,
    side: Side,
) -> tuple[float | None, float] | None:
    """(last input where not, first input where ``zero`` holds for good), or None.

    ``zero`` is ``is_zero(values)``; ``is_zero`` decides the inputs bisection
    tries between the samples of float32 and float64.
    """
    if not zero[-1]:
        return None
    nonzero = np.nonzero(~zero)[0]
    if nonzero.size == 0:
        return None, float(values[0])
    lo, hi = float(values[nonzero[-1]]), float(values[nonzero[-1] + 1])
    if not fmt.enumerable:  # bisect between the sampled inputs, on values of the format
        for _ in range(400):
            nxt = _next_out(lo, fmt, side)
            if nxt == hi:
                break
            mid = float(_as_float(round_to(0.5 * (lo + hi), fmt)))
            if mid in (lo, hi):
                mid = nxt
            if bool(is_zero(np.array([mid]))[0]):
                hi = mid
            else:
                lo = mid
    return lo, hi


def _boundary_real(
    is_zero: Callable[[np.ndarray], np.ndarray], lo: float | None, hi: float
) -> float:
    """The first float64 x between ``lo`` and ``hi`` from which ``is_zero`` holds."""
    if lo is None:
        return 0.0
    for _ in range(200):
        mid = lo + 0.5 * (hi - lo)
        if mid in (lo, hi):
            break
        if bool(is_zero(np.array([mid]))[0]):
            hi = mid
        else:
            lo = mid
    return hi


def _forms(act: Activation, fmt: Format) -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """Each quantity as a function of unrounded float64 x (its input rounded inside)."""

    def f(x: np.ndarray) -> np.ndarray:
        with np.errstate(**_QUIET):
            return _as_float(round_to(act(round_to(x, fmt).astype(np.float64)), fmt))

    def rounded(x: np.ndarray) -> np.ndarray:
        return _as_float(_rounded_derivative(act, round_to(x, fmt), fmt))

    def framework(x: np.ndarray) -> np.ndarray:
        return _as_float(framework_derivative(act, _as_float(round_to(x, fmt)), fmt))

    return {"f": f, "rounded": rounded, "framework": framework}


def _real_line_forms(act: Activation, fmt: Format) -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """The same quantities fed the exact x: the activation value at x, rounded once."""

    def f(x: np.ndarray) -> np.ndarray:
        with np.errstate(**_QUIET):
            return _as_float(round_to(act(x), fmt))

    def rounded(x: np.ndarray) -> np.ndarray:
        with np.errstate(**_QUIET):
            return _as_float(round_to(act.derivative(x), fmt))

    def framework(x: np.ndarray) -> np.ndarray:
        return _as_float(framework_derivative(act, x, fmt))

    return {"f": f, "rounded": rounded, "framework": framework}


def _zero_of(fun: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    return lambda v: fun(v) == 0


def _test_of(
    fun: Callable[[np.ndarray], np.ndarray], test: Callable[[np.ndarray], np.ndarray]
) -> Callable[[np.ndarray], np.ndarray]:
    return lambda v: test(fun(v))


def _thresholds(act: Activation, fmt: Format) -> tuple[list[Threshold], list[Overflow]]:
    forms, real = _forms(act, fmt), _real_line_forms(act, fmt)
    exact = act.derivative
    thresholds: list[Threshold] = []
    overflows: list[Overflow] = []
    side: Side
    for side in ("left", "right"):
        values = _side_inputs(fmt, side)
        computed = {q: forms[q](values) for q in forms}
        for form in ("rounded", "framework"):
            if form == "framework" and act.framework_grad is None:
                continue
            # A NaN beyond the zeros (0 · inf once x itself overflows) does
            # not end them; it is reported with the overflows.
            table = computed[form]
            found = _boundary_inputs(
                (table == 0) | (np.isnan(table) & (np.cumsum(table == 0) > 0)),
                _zero_of(forms[form]),
                values,
                fmt,
                side,
            )
            if found is None:
                continue
            lo, hi = found
            at = _boundary_real(_zero_of(real[form]), lo, hi)
            with np.errstate(**_QUIET):
                truly = float(exact(np.array([hi]))[0]) == 0.0
            if truly:
                cause = "exact"
            elif form == "framework" and float(forms["rounded"](np.array([hi]))[0]) != 0:
                cause = "saturation"
            else:
                cause = "underflow"
            thresholds.append(Threshold(form, side, at, hi, lo, cause))  # type: ignore[arg-type]
        for quantity in ("f", "rounded", "framework"):
            if quantity == "framework" and act.framework_grad is None:
                continue
            for kind, test in (("inf", np.isinf), ("nan", np.isnan)):
                bad = test(computed[quantity])
                if not bad.any():
                    continue
                i = int(np.argmax(bad))
                lo = float(values[i - 1]) if i > 0 else None
                hi = float(values[i])
                at = _boundary_real(_test_of(real[quantity], test), lo, hi)
                overflows.append(Overflow(quantity, side, kind, at, hi))  # type: ignore[arg-type]
    return thresholds, overflows


def _error_inputs(fmt: Format) -> np.ndarray:
    lo, hi = STANDARD_RANGE
    if fmt.enumerable:
        both = np.concatenate([_side_inputs(fmt, "left"), [0.0], _side_inputs(fmt, "right")])
        return both[(both >= lo) & (both <= hi)]
    grid = np.concatenate(
        [
            np.linspace(lo, hi, 400001),
            np.geomspace(1e-30, 1.0, 2000),
            -np.geomspace(1e-30, 1.0, 2000),
        ]
    )
    return np.unique(_as_float(round_to(grid, fmt)))


def _relative_error(computed: np.ndarray, exact: np.ndarray) -> np.ndarray:
    with np.errstate(**_QUIET):
        err = np.abs(computed - exact) / np.abs(exact)
    err = np.where(exact == 0, np.where(computed == 0, 0.0, np.inf), err)
    return np.where(np.isnan(err), np.inf, err)


def _errors(act: Activation, fmt: Format) -> list[ErrorBound]:
    inputs = _error_inputs(fmt)
    forms = _forms(act, fmt)
    with np.errstate(**_QUIET):
        exact_f, exact_d = act(inputs), act.derivative(inputs)
    out = []
    for quantity in ("f", "rounded", "framework"):
        if quantity == "framework" and act.framework_grad is None:
            continue
        truth = exact_f if quantity == "f" else exact_d
        # Relative error is bounded only for normal numbers: where the exact
        # value is subnormal in the format (or 0), underflow is reported by
        # the thresholds instead.
        defined = np.isfinite(truth) & (np.abs(truth) >= fmt.smallest_normal)
        err = _relative_error(forms[quantity](inputs)[defined], truth[defined])
        if err.size == 0:
            continue
        i = int(np.argmax(err))
        at = float(inputs[defined][i]) + 0.0
        out.append(ErrorBound(quantity, float(err[i]), at))
    return out


def analyse(act: Activation, fmt: Format | str) -> PrecisionReport:
    """Thresholds, overflows and errors of ``act`` in ``fmt`` (see the module docstring)."""
    fmt = format_of(fmt) if isinstance(fmt, str) else fmt
    thresholds, overflows = _thresholds(act, fmt)
    grad = act.framework_grad
    return PrecisionReport(
        name=act.name,
        fmt=fmt,
        framework_formula=grad.formula if grad else None,
        framework_kernel=grad.kernel if grad else None,
        thresholds=tuple(thresholds),
        overflows=tuple(overflows),
        errors=tuple(_errors(act, fmt)),
    )
