"""The precision tests' cases and points, shared by the tests and the generator.

``test_precision.py`` compares every kernel with reference values at these
points; ``make_reference.py`` computes those values with
``mpmath_reference.py`` and stores them. Both import the cases from here, so
they cannot drift apart: :func:`case_hash` digests a case (its name, its
parameters with the defaults filled in, its points) and a stored entry whose
digest differs is stale.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import numpy as np

import actplot
from actplot.catalogue import CATALOGUE

Case = tuple[str, dict[str, float]]

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data" / "precision_reference.npz"
REFERENCE_SOURCE = TESTS / "mpmath_reference.py"
GENERATOR_SOURCE = TESTS / "make_reference.py"
REGENERATE = "python tests/make_reference.py"

# Parameter sets besides the defaults: at least one per parametrized function.
NON_DEFAULT: list[Case] = [
    ("leaky_relu", {"alpha": 0.2}),
    ("leaky_relu", {"alpha": -0.5}),
    ("prelu", {"alpha": 0.1}),
    ("prelu", {"alpha": 3.0}),  # alpha x overflows near 1.7e308: no warning
    ("rrelu", {"lower": 0.1, "upper": 0.3}),
    ("rrelu", {"lower": -3.0, "upper": -1.0}),
    ("elu", {"alpha": 0.5}),
    ("elu", {"alpha": 2.0}),
    ("elu", {"alpha": -1e8}),  # alpha e^x far left: below 1e-300, not alpha e^-700
    ("celu", {"alpha": 0.5}),
    ("celu", {"alpha": -1.0}),
    ("celu", {"alpha": -2.0}),  # alpha (e^(x/alpha) - 1) overflows after e^
    ("swish", {"beta": 0.5}),
    ("swish", {"beta": 2.0}),
    ("softplus", {"beta": 2.0}),
    ("softplus", {"beta": 0.5}),
    ("softplus", {"beta": 1e-8}),  # ln(1 + e^-b|x|)/b far out: below 1e-300
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    ("softshrink", {"lambd": 0.0}),
    ("softshrink", {"lambd": 1.0}),
    ("hardshrink", {"lambd": 0.0}),
    ("hardshrink", {"lambd": 1.0}),
    ("isru", {"alpha": 3.0}),
    ("isrlu", {"alpha": 0.5}),
    ("squareplus", {"b": 1.0}),
    ("softexponential", {"alpha": -0.5}),
    ("softexponential", {"alpha": 0.0}),
    ("softexponential", {"alpha": 2.0}),
    ("softexponential", {"alpha": 1.0}),  # f = e^x: expm1(x) + 1 lost it far left
    ("softexponential", {"alpha": -1.0}),  # f' = 1/x past 1/5.6e-309: inf, no warning
    ("srelu", {"t_left": -2.0, "a_left": 0.2, "t_right": 3.0, "a_right": 0.5}),
    ("smht", {"a": 0.5, "b": 1.0, "c": 2.0, "d": 1.5}),
    ("smht", {"a": 1.0, "b": 1.0, "c": 1e-8, "d": 1e-8}),  # e^(kn - kd) > 1.8e308 > f
    ("smht", {"a": 0.0, "b": 0.0, "c": 1.0, "d": 1.0}),  # f = 0: so is f' (exactly)
    ("snake", {"a": 0.5}),
    ("snake", {"a": -2.0}),
    ("snake", {"a": 0.7}),  # a x rounded: tan(fl(a x)) is unrelated to tan(a x) at 1e300
    ("threshold", {"threshold": 1.0, "value": -2.0}),
]

# Every catalogue entry at its defaults (a new entry is a new case for free).
CASES: list[Case] = [(e.name, {}) for e in CATALOGUE] + NON_DEFAULT

WHICH = ("value", "derivative")


def case_id(case: Case) -> str:
    name, params = case
    if not params:
        return name
    return f"{name}(" + ",".join(f"{k}={v:g}" for k, v in params.items()) + ")"


_SPECIAL = [s * m for m in (30, 100, 700, 710, 1000, 1e300) for s in (1, -1)]
_SPECIAL += [s * m for m in (5e-324, 1e-300, 1e-20, 1e-8) for s in (1, -1)]
# Geometric steps between the tiny and the dense: where x - tanh x and the
# like lose digits gradually (1e-3 is cancellation a grid of 0.02 misses).
_SPECIAL += [s * m for m in np.logspace(-15, 3, 37).tolist() for s in (1, -1)]
# And on to the top of the float64 line, where exponentials overflow.
_SPECIAL += [s * m for m in np.logspace(3, 300, 34).tolist() for s in (1, -1)]
SPECIAL: tuple[float, ...] = tuple(_SPECIAL)
# Odd count, so the grid also hits 0; step 0.02. (mpmath, one point at a
# time, was the cost when the test computed the reference itself.)
DENSE = np.linspace(-20.0, 20.0, 2001)


def around(point: float) -> list[float]:
    """A point, its float neighbours, and points a little way off."""
    scale = max(1.0, abs(point))
    near = [point, np.nextafter(point, -np.inf), np.nextafter(point, np.inf)]
    for step in (1e-12, 1e-6, 1e-3):
        near += [point - step * scale, point + step * scale]
    return near


def points(act: actplot.Activation) -> np.ndarray:
    """The points a case is checked at: the grid, the special points, the kinks."""
    special = [0.0, *SPECIAL]
    for k in act.kink_points:
        special += around(k)
    if act.name == "softexponential" and act.values["alpha"] < 0:
        alpha = act.values["alpha"]
        special += around(1 / alpha - alpha)  # edge of the domain
    return np.unique(np.concatenate([DENSE, np.array(special, dtype=np.float64)]))


# test_underflow.py's points, where many true values are below float64's normal range.
FAR: tuple[float, ...] = tuple(
    s * m for m in (760.0, 1000.0, 1e5, 1e20, 1e100, 1e300) for s in (1.0, -1.0)
)
SMALLEST_NORMAL = float(np.finfo(np.float64).tiny)


def extreme_points(act: actplot.Activation) -> list[float]:
    """Where the reference is hardest to get right: the special points and kinks."""
    return [0.0, *SPECIAL, *(p for k in act.kink_points for p in around(k))]


def case_hash(name: str, values: dict[str, float], x: np.ndarray) -> str:
    """Digest of one case: the function, all its parameter values, its points (and FAR)."""
    digest = hashlib.sha256()
    digest.update(json.dumps([name, sorted((k, float(v)) for k, v in values.items())]).encode())
    digest.update(np.ascontiguousarray(x, dtype="<f8").tobytes())
    digest.update(np.array(FAR, dtype="<f8").tobytes())
    return digest.hexdigest()


def source_hash(path: Path) -> str:
    """Digest of a source file's code, as stored with the data it produced.

    The syntax tree without docstrings is hashed, so editing a comment or a
    docstring does not make the data stale; any change to the code does.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()
