"""Compute the precision tests' mpmath reference values and store them.

    python tests/make_reference.py          # all cores
    python tests/make_reference.py -j 1     # one process

For every case of ``precision_cases.CASES`` (each catalogue entry at its
defaults, and the ``NON_DEFAULT`` parameter sets) and every one of its
points, this evaluates f, f' and their condition numbers with
``mpmath_reference.py`` and writes them to ``tests/data/precision_reference.npz``,
the way scipy.special's ``_precompute`` scripts write ``tests/data``. It first
checks the reference itself (its derivatives against ``mpmath.diff`` of its
values, and its precision at the extreme points against 100 more digits) and
writes nothing if that fails. The output is deterministic: the same sources
give the same bytes.

What is stored, per case and per quantity g (f or f'), at each point x:

``hi``, ``lo``
    g(x) correctly rounded to float64 (ties to even; inf where |g| overflows
    it, signed zero or a subnormal where it underflows, NaN outside the
    domain, the infinite limit where g is infinite), and the rounded rest
    g - hi: a double-double, so ``got - g`` is computed to ~1e-32 |g|, as the
    test's mpmath comparison did.
``allowance``
    max(1, |x g'(x)/g(x)|), the condition number the tolerance grows with
    near a zero of g (1 where g is zero, NaN or infinite: unused there).

``far_hi``, ``far_below_normal``
    g at ``precision_cases.FAR`` (test_underflow.py's points), rounded, and
    whether |g| is below the smallest normal double, decided in mpmath.

Points where float64 cannot carry this faithfully (|g| beyond float64's
range, or a tiny g whose allowance lifts the tolerance above 1e-300, or an
allowance above 1e300) are listed as exceptions, g and the condition number
as exact binary mpf strings, and the test compares them with mpmath.

With the data go digests of ``mpmath_reference.py``, of this script and of
every case (name, parameter values, points): ``test_precision.py`` fails a
case as stale when one differs, and says to run this script.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import sys
import time
import zipfile
from fractions import Fraction
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
if __name__ == "__main__":  # a script: this checkout's actplot, not an installed one
    sys.path[:0] = [str(ROOT), str(TESTS)]

import mpmath  # noqa: E402
import mpmath_reference as ref  # noqa: E402
import numpy as np  # noqa: E402
import precision_cases as pc  # noqa: E402
from mpmath import mp, mpf  # noqa: E402

import actplot  # noqa: E402

REL_TOL = 1e-12  # as in test_precision.py: where the allowance can matter
ABS_TOL = 1e-300
FLOAT_MAX = sys.float_info.max
_DD_FLOOR = mpmath.ldexp(1, -1022 + 53)  # below this, lo is not a full double
EXC_PREC = 128  # bits kept of an exception's g and condition number


# ---------------------------------------------------------------- encoding


def nearest_float(v: mpf) -> float:
    """v correctly rounded to float64, ties to even (float(mpf) truncates)."""
    if mpmath.isnan(v) or mpmath.isinf(v):
        return float(v)
    if v == 0:
        return 0.0
    if abs(v) >= mpmath.ldexp(1, 1025):
        return float(mpmath.sign(v)) * float("inf")
    if abs(v) < mpmath.ldexp(1, -1080):
        return -0.0 if v < 0 else 0.0
    sign, man, exp, _ = v._mpf_  # mpf.man is the magnitude
    exact = Fraction(-man if sign else man) * (Fraction(2) ** exp)
    try:
        return float(exact)  # int / int: correctly rounded, subnormals too
    except OverflowError:
        return -float("inf") if v < 0 else float("inf")


def exact_text(v: mpf) -> str:
    """v to EXC_PREC bits as "man exp" (m 2^e; exact, any exponent), or nan/inf."""
    if mpmath.isnan(v):
        return "nan"
    if mpmath.isinf(v):
        return "inf" if v > 0 else "-inf"
    with mp.workprec(EXC_PREC):
        r = +v
    if r == 0:
        return "0 0"
    sign, man, exp, _ = r._mpf_
    return f"{-man if sign else man} {exp}"


def encode(true: mpf, cond: mpf | None) -> tuple[float, float, float, bool]:
    """(hi, lo, allowance, exceptional) for one reference value."""
    hi = nearest_float(true)
    if mpmath.isnan(true) or mpmath.isinf(true):
        return hi, 0.0, 1.0, False
    if abs(true) > FLOAT_MAX:
        return hi, 0.0, 1.0, True
    lo = nearest_float(mpmath.fsub(true, mpf(hi), exact=True)) if true else 0.0
    if true == 0:
        return hi, lo, 1.0, False  # the tolerance is ABS_TOL: inf * 0 is no allowance
    allowance = max(mpf(1), cond)  # as the test's comparison takes it (NaN -> 1)
    with mp.workdps(30):
        bound = REL_TOL * allowance * abs(true)
    exceptional = (
        allowance > mpf("1e300")
        or bound > mpf("1e300")
        or (abs(true) < _DD_FLOOR and bound > ABS_TOL / 2)
    )
    return hi, lo, nearest_float(allowance), bool(exceptional)


# ---------------------------------------------------------------- one case


def compute_case(index: int) -> dict:
    """Everything stored for CASES[index], and the reference's self-checks."""
    case = pc.CASES[index]
    name, params = case
    act = actplot.get(name, **params)
    values = dict(act.values)
    x = pc.points(act)
    out: dict = {
        "id": pc.case_id(case),
        "hash": pc.case_hash(name, values, x),
        "size": x.size,
        "problems": check_reference(act),
    }
    for which in pc.WHICH:
        true_of = ref.value if which == "value" else ref.derivative
        cond_of = ref.value_condition if which == "value" else ref.derivative_condition
        hi, lo, allowance = (np.empty(x.size) for _ in range(3))
        exceptions: list[tuple[int, str, str]] = []
        for i, xi in enumerate(x.tolist()):
            true = true_of(name, xi, values)
            finite = not (mpmath.isnan(true) or mpmath.isinf(true) or true == 0)
            cond = cond_of(name, xi, values) if finite else None
            hi[i], lo[i], allowance[i], exceptional = encode(true, cond)
            if exceptional:
                exceptions.append((i, exact_text(true), exact_text(cond)))
        far = [true_of(name, xi, values) for xi in pc.FAR]
        below = np.array([abs(t) < mpf(pc.SMALLEST_NORMAL) for t in far])
        out[which] = (hi, lo, allowance, exceptions, [nearest_float(t) for t in far], below)
    return out


SMOOTH_POINTS = (-2.7, -0.9, -0.3, 0.4, 1.3, 2.9)


def check_reference(act: actplot.Activation) -> list[str]:
    """The reference's self-checks for one case; the problems found."""
    return derivative_problems(act, SMOOTH_POINTS) + precision_problems(act, pc.extreme_points(act))


def derivative_problems(act: actplot.Activation, xs) -> list[str]:
    """The hand-derived derivative against mpmath.diff of the value, at smooth xs."""
    values = dict(act.values)
    fn = ref.REFERENCES[act.name].value
    problems = []
    for x in xs:
        if any(abs(x - k) < 0.05 for k in act.kink_points):
            continue
        true = ref.derivative(act.name, x, values)
        if mpmath.isnan(true):
            continue
        # The value 40 digits beyond its usual precision: f(x + h) - f(x) is
        # ~1e-44 while f itself may be large (softplus's ln 2/beta = 7e7 at
        # beta = 1e-8), so the usual precision would leave a few digits only.
        with mp.workdps(40):
            numeric = mpmath.diff(lambda t: ref._evaluate(fn, t, values, ref.BASE_DPS + 40), mpf(x))
        if not abs(numeric - true) <= mpf(10) ** -15 * max(1, abs(true)):
            problems.append(
                f"derivative reference at x={x} is {mpmath.nstr(true, 20)}, "
                f"mpmath.diff gives {mpmath.nstr(numeric, 20)}"
            )
    return problems


def precision_problems(act: actplot.Activation, xs) -> list[str]:
    """At the hard points, 100 more digits must change nothing in the reference."""
    values = dict(act.values)
    problems = []
    for kind in pc.WHICH:
        fn = getattr(ref.REFERENCES[act.name], kind)
        for x in xs:
            low = ref._evaluate(fn, x, values, ref.BASE_DPS)
            high = ref._evaluate(fn, x, values, ref.BASE_DPS + 100)
            if mpmath.isnan(low) or mpmath.isinf(low):
                if not (low == high or (mpmath.isnan(low) and mpmath.isnan(high))):
                    problems.append(f"{kind} reference at x={x!r}: {low} vs {high}")
                continue
            if not (abs(low - high) <= mpf(10) ** -40 * abs(high) or abs(high) < mpf(10) ** -400):
                problems.append(
                    f"{kind} reference at x={x!r} is imprecise: "
                    f"{mpmath.nstr(low, 20)} vs {mpmath.nstr(high, 20)}"
                )
    return problems


# ---------------------------------------------------------------- the file


def assemble(results: list[dict], hashes: tuple[str, str]) -> dict[str, np.ndarray]:
    sizes = [r["size"] for r in results]
    arrays: dict[str, np.ndarray] = {
        "reference_sha256": np.array(hashes[0]),
        "generator_sha256": np.array(hashes[1]),
        "case_ids": np.array([r["id"] for r in results]),
        "case_sha256": np.array([r["hash"] for r in results]),
        "offsets": np.concatenate([[0], np.cumsum(sizes)]).astype("<i8"),
    }
    for which in pc.WHICH:
        for k, part in enumerate(("hi", "lo", "allowance")):
            arrays[f"{which}_{part}"] = np.concatenate([r[which][k] for r in results])
        index, true, cond = [], [], []
        for r, start in zip(results, arrays["offsets"][:-1].tolist(), strict=True):
            for i, t, c in r[which][3]:
                index.append(start + i)
                true.append(t)
                cond.append(c)
        arrays[f"{which}_exceptions"] = np.array(index, dtype="<i8")
        arrays[f"{which}_exception_true"] = np.array(true, dtype=str)
        arrays[f"{which}_exception_cond"] = np.array(cond, dtype=str)
        arrays[f"{which}_far_hi"] = np.array([r[which][4] for r in results], dtype="<f8")
        arrays[f"{which}_far_below_normal"] = np.array([r[which][5] for r in results])
    return arrays


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez_compressed, but byte-for-byte reproducible (fixed zip timestamps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for key in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue(), compresslevel=9)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-j", "--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("-o", "--output", type=Path, default=pc.DATA)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    # The sources as they are now, when this process has imported them.
    hashes = (pc.source_hash(pc.REFERENCE_SOURCE), pc.source_hash(pc.GENERATOR_SOURCE))
    indices = range(len(pc.CASES))
    if args.jobs > 1:
        with multiprocessing.Pool(args.jobs) as pool:
            results = list(pool.imap(compute_case, indices))
    else:
        results = [compute_case(i) for i in indices]
    problems = [f"{r['id']}: {p}" for r in results for p in r["problems"]]
    if problems:
        print("The reference fails its self-checks; nothing written:", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    write_npz(args.output, assemble(results, hashes))
    n = sum(r["size"] for r in results)
    print(
        f"{args.output}: {len(results)} cases, {n} points, "
        f"{args.output.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
