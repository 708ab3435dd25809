"""Every kernel against the mpmath reference, over the whole float64 line.

The bar is the catalogue's: relative error <= 1e-12 (absolute 1e-300 where the
true value underflows), inf only beyond float64's range, no NaN except where
the catalogue requires it, no RuntimeWarning. Near a zero of f (or f') where
the problem itself is ill-conditioned, the allowance grows with the condition
number |x g'(x) / g(x)| of the quantity g being computed.

Parametrized over ``CATALOGUE`` (a new entry is tested at its defaults for
free) and over ``NON_DEFAULT`` (parameter sets that exercise other branches);
both, and the points, are in ``precision_cases.py``.

Stored reference. Evaluating mpmath one point at a time took minutes, so
``tests/make_reference.py`` computes the reference (``mpmath_reference.py``)
once: f, f' and their condition numbers at every point of every case, in
``tests/data/precision_reference.npz``, as scipy.special's ``_precompute``
does. The values are stored as double-doubles, so the error of a kernel is
known as exactly as against live mpmath, and the few values float64 cannot
carry (beyond its range, or tiny with a large allowance) as exact mpf; the
comparison is the one against mpmath, point for point.

Stale data. With the data are digests of ``mpmath_reference.py``, of the
generator and of every case (name, parameter values, points). Change a
reference formula, add a catalogue entry or a ``NON_DEFAULT`` case, move a
kink or the points, and the affected tests fail, saying to run
``python tests/make_reference.py`` (a few minutes on all cores) and to commit
the new data file with the change. That is the workflow: a new catalogue
entry is still tested for free, once its reference is generated.

Live check. So the stored data cannot silently part from mpmath, a few points
of every case (one extreme, one tiny, one at a kink or a special point, one on
the grid; ``SPOT_PER_CASE``) are recomputed with mpmath here: the stored
numbers must be those, the kernels must meet the bar against them, and the
stored comparison must give mpmath's verdicts on values near the bar.
"""

from __future__ import annotations

import functools
import math
import sys
import warnings
import zlib
from collections.abc import Callable
from typing import NamedTuple, NoReturn

import make_reference as gen
import mpmath
import mpmath_reference as ref
import numpy as np
import pytest
from mpmath import mp, mpf
from precision_cases import (
    CASES,
    DATA,
    DENSE,
    FAR,
    GENERATOR_SOURCE,
    NON_DEFAULT,
    REFERENCE_SOURCE,
    REGENERATE,
    SMALLEST_NORMAL,
    WHICH,
    Case,
    around,
    case_hash,
    case_id,
    points,
    source_hash,
)

import actplot
from actplot.catalogue import CATALOGUE

REL_TOL = 1e-12
ABS_TOL = 1e-300  # true values below this may underflow, subnormals included
FLOAT_MAX = sys.float_info.max

assert (REL_TOL, ABS_TOL) == (gen.REL_TOL, gen.ABS_TOL)  # the generator flags by these

_case_id = case_id  # test_float_line and test_underflow take the cases from here
__all__ = ["CASES", "NON_DEFAULT", "_case_id", "stored_reference"]


# ---------------------------------------------------------------- the kernels


def _evaluate(act: actplot.Activation, which: str, x: np.ndarray) -> np.ndarray:
    """One vectorised call with every floating-point warning an error.

    On a warning, find the first x that causes it, for a useful message.
    """
    fn = act if which == "value" else act.derivative

    def call(arg):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                return np.asarray(fn(arg))

    try:
        return call(x)
    except (FloatingPointError, RuntimeWarning) as whole:
        for xi in x:
            try:
                call(np.array([xi]))
            except (FloatingPointError, RuntimeWarning) as exc:
                pytest.fail(f"{_title(act)} {which} at x={xi!r} warns: {exc}")
        pytest.fail(f"{_title(act)} {which} warns on the array: {whole}")


def _show(true: mpf) -> str:
    text = mpmath.nstr(true, 17)
    return text if len(text) < 40 else text[:30] + "…"  # e^(1e300) has a long exponent


def _title(act: actplot.Activation) -> str:
    params = ", ".join(f"{k}={v!r}" for k, v in act.values.items())
    return f"{act.name}({params})" if params else act.name


def _mismatch(got: float, true: mpf, cond: Callable[[], mpf]) -> str | None:
    """None if ``got`` meets the bar for ``true`` (an mpf), else the reason."""
    if mpmath.isnan(true):
        return None if math.isnan(got) else "expected NaN (outside the domain)"
    if math.isnan(got):
        return "NaN"
    if mpmath.isinf(true):  # softexponential's domain edge: the limit, or NaN
        return None if got == float(true) else "expected the infinite limit"
    if math.isinf(got):
        if abs(true) > FLOAT_MAX and (got > 0) == (true > 0):
            return None
        return "inf where the true value is finite"
    err = abs(mpf(got) - true)
    if err <= ABS_TOL or err <= REL_TOL * abs(true):
        return None
    allowance = max(mpf(1), cond())
    if err <= REL_TOL * allowance * abs(true):
        return None
    if true == 0:
        return f"error {mpmath.nstr(err, 3)}"
    return f"relative error {mpmath.nstr(err / abs(true), 3)}"


# ---------------------------------------------------------------- the stored reference


class Stored(NamedTuple):
    """One case's stored f or f' (see make_reference.py): per point, and the exceptions."""

    hi: np.ndarray
    lo: np.ndarray
    allowance: np.ndarray
    exceptions: dict[int, tuple[mpf, mpf]]  # index -> (true value, condition number)
    far_hi: np.ndarray  # at precision_cases.FAR, for test_underflow.py
    far_below_normal: np.ndarray


@functools.cache
def _data() -> dict[str, np.ndarray] | None:
    if not DATA.exists():
        return None
    with np.load(DATA, allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


@functools.cache
def _source_hashes() -> tuple[str, str]:
    return source_hash(REFERENCE_SOURCE), source_hash(GENERATOR_SOURCE)


def _stale(why: str) -> NoReturn:
    pytest.fail(
        f"tests/data/{DATA.name} is stale: {why}.\n"
        f"Regenerate it with `{REGENERATE}` (minutes; all cores) and commit it.",
        pytrace=False,
    )


def _from_text(text: str) -> mpf:
    """The inverse of make_reference.exact_text."""
    if text in ("nan", "inf", "-inf"):
        return mpf(text)
    man, exp = (int(part) for part in text.split())
    with mp.workprec(gen.EXC_PREC):
        return mpf((man, exp))


def _stored(case: Case, x: np.ndarray) -> dict[str, Stored]:
    """The stored reference at ``x`` for ``case``; a stale-data failure if it is not current."""
    data = _data()
    if data is None:
        _stale("it does not exist")
    reference, generator = _source_hashes()
    if str(data["reference_sha256"]) != reference:
        _stale("tests/mpmath_reference.py has changed since it was made")
    if str(data["generator_sha256"]) != generator:
        _stale("tests/make_reference.py has changed since it was made")
    name, params = case
    cid = case_id(case)
    ids = data["case_ids"].tolist()
    if cid not in ids:
        _stale(f"it has no reference for {cid} (a new catalogue entry or case?)")
    k = ids.index(cid)
    if str(data["case_sha256"][k]) != case_hash(name, actplot.get(name, **params).values, x):
        _stale(f"the points or parameter values of {cid} have changed")
    start, stop = data["offsets"][k : k + 2].tolist()
    stored = {}
    for which in WHICH:
        index = data[f"{which}_exceptions"]
        inside = np.flatnonzero((index >= start) & (index < stop))
        exceptions = {
            int(index[j]) - start: (
                _from_text(str(data[f"{which}_exception_true"][j])),
                _from_text(str(data[f"{which}_exception_cond"][j])),
            )
            for j in inside
        }
        stored[which] = Stored(
            *(data[f"{which}_{part}"][start:stop] for part in ("hi", "lo", "allowance")),
            exceptions,
            data[f"{which}_far_hi"][k],
            data[f"{which}_far_below_normal"][k],
        )
    return stored


def stored_reference(case: Case) -> dict[str, Stored]:
    """The case's stored reference, "value" and "derivative"; fails the test if stale."""
    return _stored(case, _points_of(case))


_REASONS = (
    None,
    "expected NaN (outside the domain)",
    "NaN",
    "expected the infinite limit",
    "inf where the true value is finite",
    "error",
)


def _verdicts(got: np.ndarray, stored: Stored) -> np.ndarray:
    """_mismatch for every point at once, on the stored double-doubles: an index into _REASONS.

    Exceptions are left to _mismatch. Elsewhere an infinite ``hi`` is an
    infinite true value (a finite one beyond float64 is an exception), and the
    tolerance max(1e-300, 1e-12 allowance |true|) is one float64 product.
    """
    hi, lo, allowance = stored.hi, stored.lo, stored.allowance
    with np.errstate(all="ignore"):  # the comparison's own arithmetic, not the kernel's
        err = np.abs((got - hi) - lo)
        bound = np.maximum(ABS_TOL, REL_TOL * allowance * np.abs(hi))
        code = np.where(err <= bound, 0, 5)
    code = np.where(np.isinf(got), 4, code)
    code = np.where(np.isinf(hi), np.where(got == hi, 0, 3), code)
    code = np.where(np.isnan(got), 2, code)
    return np.where(np.isnan(hi), np.where(np.isnan(got), 0, 1), code)


def _check(case: Case, which: str) -> None:
    name, params = case
    act = actplot.get(name, **params)
    x = _points_of(case)
    stored = _stored(case, x)[which]
    got = _evaluate(act, which, x)
    assert got.shape == x.shape, f"{name}: shape {got.shape} for input {x.shape}"
    assert got.dtype == np.float64, f"{name}: dtype {got.dtype}"

    code = _verdicts(got, stored)
    problems: dict[int, str] = {}
    for i in np.flatnonzero(code).tolist():
        if i in stored.exceptions:
            continue
        hi, gi = float(stored.hi[i]), float(got[i])
        reason = _REASONS[code[i]]
        if reason == "error":
            err = abs((gi - hi) - float(stored.lo[i]))
            reason = f"relative error {err / abs(hi):.3g}" if hi else f"error {err:.3g}"
        problems[i] = f"  x={float(x[i])!r}: got {gi!r}, expected {hi!r} ({reason})"
    for i, (true, cond) in stored.exceptions.items():
        gi = float(got[i])
        reason = _mismatch(gi, true, lambda cond=cond: cond)
        if reason:
            problems[i] = f"  x={float(x[i])!r}: got {gi!r}, expected {_show(true)} ({reason})"
    if problems:
        failures = [problems[i] for i in sorted(problems)]
        shown = "\n".join(failures[:12])
        more = f"\n  … and {len(failures) - 12} more" if len(failures) > 12 else ""
        pytest.fail(
            f"{_title(act)} {which}: {len(failures)} of {x.size} points miss the bar\n{shown}{more}"
        )


_POINTS: dict[str, np.ndarray] = {}


def _points_of(case: Case) -> np.ndarray:
    """points() of the case, computed once (the value and derivative tests share them)."""
    cid = case_id(case)
    if cid not in _POINTS:
        name, params = case
        _POINTS[cid] = points(actplot.get(name, **params))
        _POINTS[cid].setflags(write=False)
    return _POINTS[cid]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_value_matches_reference(case):
    _check(case, "value")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_derivative_matches_reference(case):
    _check(case, "derivative")


def test_stored_cases_are_the_cases():
    data = _data()
    if data is None:
        _stale("it does not exist")
    extra = sorted(set(data["case_ids"].tolist()) - {case_id(c) for c in CASES})
    if extra:
        _stale(f"it has cases that are no longer tested: {', '.join(extra)}")


# ---------------------------------------------------------------- the live check

SPOT_PER_CASE = 4


def _spot_indices(case: Case, act: actplot.Activation, x: np.ndarray) -> list[int]:
    """Indices into x, one per group, the same every run, differing by case."""
    rng = np.random.default_rng(zlib.crc32(case_id(case).encode()))
    ax = np.abs(x)
    kinks = [p for k in act.kink_points for p in around(k)]
    if act.name == "softexponential" and act.values["alpha"] < 0:
        alpha = act.values["alpha"]
        kinks += around(1 / alpha - alpha)
    near = np.isin(x, kinks) if kinks else ~np.isin(x, DENSE) & (ax > 1e-8) & (ax < 700)
    groups = [ax >= 700, (ax > 0) & (ax <= 1e-8), near, np.isin(x, DENSE) & ~near]
    return [int(rng.choice(np.flatnonzero(g))) for g in groups if g.any()][:SPOT_PER_CASE]


def _same(a: float, b: float) -> bool:
    """Equal, the sign of a zero included, or both NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


def _near_the_bar(stored_hi: float, allowance: float) -> list[float]:
    """Results just inside and just outside the tolerance, and the special ones."""
    if not math.isfinite(stored_hi) or stored_hi == 0:
        return [stored_hi, 0.0, 1e-300, 2e-300, math.inf, -math.inf, math.nan, FLOAT_MAX]
    out = [stored_hi, -stored_hi, math.inf, -math.inf, math.nan, 0.0, FLOAT_MAX]
    for k in (0.5, 0.999, 1.001, 2.0):
        step = k * REL_TOL * allowance
        for s in (1, -1):
            with np.errstate(all="ignore"):
                out.append(float(np.float64(stored_hi) * (1 + s * step)))
    return out


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_stored_reference_is_live_mpmath(case):
    """At a few points, the stored reference is mpmath's, and so are the verdicts."""
    name, params = case
    act = actplot.get(name, **params)
    values = dict(act.values)
    x = _points_of(case)
    stored = _stored(case, x)
    spots = _spot_indices(case, act, x)
    assert len(spots) >= 3, f"{case_id(case)}: spot groups {spots}"
    for which in WHICH:
        true_of = ref.value if which == "value" else ref.derivative
        cond_of = ref.value_condition if which == "value" else ref.derivative_condition
        got = _evaluate(act, which, x)
        s = stored[which]
        for i in spots:
            xi = float(x[i])
            where = f"{_title(act)} {which} at x={xi!r}"
            true = true_of(name, xi, values)
            finite = not (mpmath.isnan(true) or mpmath.isinf(true) or true == 0)
            cond = cond_of(name, xi, values) if finite else None
            hi, lo, allowance, exceptional = gen.encode(true, cond)
            # The stored numbers are the live ones.
            assert _same(float(s.hi[i]), hi) and _same(float(s.lo[i]), lo), (
                f"{where}: stored {s.hi[i]!r} + {s.lo[i]!r}, mpmath {hi!r} + {lo!r}"
            )
            assert (i in s.exceptions) == exceptional, f"{where}: exception {not exceptional}"
            assert math.isclose(float(s.allowance[i]), allowance, rel_tol=1e-9), (
                f"{where}: stored allowance {s.allowance[i]!r}, mpmath {allowance!r}"
            )

            def live_cond(cond=cond, xi=xi, cond_of=cond_of):  # lazily, as _check did
                return cond_of(name, xi, values) if cond is None else cond

            if exceptional:
                stored_true, stored_cond = s.exceptions[i]
                assert gen.exact_text(stored_true) == gen.exact_text(true), where
                assert mpmath.almosteq(stored_cond, cond, rel_eps=1e-9), where
            # The kernel meets the bar against live mpmath.
            problem = _mismatch(float(got[i]), true, live_cond)
            assert problem is None, f"{where}: got {got[i]!r}, mpmath {_show(true)} ({problem})"
            # The stored comparison gives mpmath's verdict, near the bar too.
            if not exceptional:
                trial = np.array(_near_the_bar(hi, allowance))
                one = Stored(*(np.full(trial.shape, v) for v in (hi, lo, allowance)), {}, *s[4:])
                fast = _verdicts(trial, one)
                for t, code in zip(trial.tolist(), fast.tolist(), strict=True):
                    slow = _mismatch(t, true, live_cond)
                    assert (code == 0) == (slow is None), (
                        f"{where}: result {t!r} is {_REASONS[code]} on the stored data, "
                        f"{slow} against mpmath"
                    )
        # And one of test_underflow.py's points.
        j = zlib.crc32(case_id(case).encode()) % len(FAR)
        true = true_of(name, FAR[j], values)
        assert _same(float(s.far_hi[j]), gen.nearest_float(true)), f"{_title(act)} at {FAR[j]}"
        assert bool(s.far_below_normal[j]) == (abs(true) < mpf(SMALLEST_NORMAL))
    # And the reference there is precise: 100 more digits change nothing.
    assert gen.precision_problems(act, [float(x[i]) for i in spots]) == []


# ---------------------------------------------------------------- the reference


@pytest.mark.parametrize("name", [e.name for e in CATALOGUE])
def test_every_function_has_a_reference(name):
    assert name in ref.REFERENCES, f"{name}: add it to tests/mpmath_reference.py"


def test_no_reference_without_a_function():
    assert set(ref.REFERENCES) <= set(actplot.names())


def test_every_parametrized_function_has_a_non_default_case():
    covered = {name for name, _ in NON_DEFAULT}
    for entry in CATALOGUE:
        if entry.params:
            assert entry.name in covered, f"{entry.name}: add a NON_DEFAULT case"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_reference_derivative_is_the_derivative(case):
    """The hand-derived derivatives agree with mpmath.diff of the values.

    (make_reference.py checks this, and the reference's precision at every
    extreme point, before it writes the data.)
    """
    act = actplot.get(case[0], **case[1])
    problems = gen.derivative_problems(act, gen.SMOOTH_POINTS)
    assert not problems, f"{_title(act)}: " + "; ".join(problems)


def test_softexponential_is_nan_outside_its_domain():
    act = actplot.get("softexponential", alpha=-0.5)  # domain: x > -1.5
    x = np.array([-1e300, -20.0, -1.6, -1.5000000000000002])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            assert np.isnan(act(x)).all()
            assert np.isnan(act.derivative(x)).all()
