"""The low-precision section of ``actplot info --dtype``: text and strict JSON.

Library code (no click, no matplotlib): it words a
:class:`~actplot.analysis.precision.PrecisionReport`.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from actplot.analysis.precision import PrecisionReport
from actplot.analysis.properties import to_json_value
from actplot.text.describe import table

__all__ = ["precision_record", "precision_text"]

_FORM = {"rounded": "correctly rounded", "framework": "as frameworks compute it"}
_QUANTITY = {
    "f": "f",
    "rounded": "f' correctly rounded",
    "framework": "f' as frameworks compute it",
}
_CAUSE = {
    "exact": "f' itself is 0",
    "underflow": "underflow (the exact f' rounds to 0)",
    "saturation": "numerically hard-saturated",
}


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


def precision_text(report: PrecisionReport) -> str:
    """The section ``info --dtype`` adds: thresholds, overflows and errors, in words."""
    fmt = report.fmt
    lines = [
        f"in {fmt.name} ({fmt.bits} significant bits; largest {_num(fmt.max)}, smallest "
        f"normal {_num(fmt.smallest_normal)}, smallest subnormal "
        f"{_num(fmt.smallest_subnormal)}), inputs rounded to {fmt.name} first:",
    ]
    if report.framework_formula:
        lines.append(f"  f' as frameworks compute it: {report.framework_formula}")
        lines += textwrap.wrap(
            f"following {report.framework_kernel}",
            width=92,
            initial_indent="    ",
            subsequent_indent="    ",
        )
    else:
        lines.append(
            "  f' as frameworks compute it: the correctly rounded f' (their kernels compute "
            "it in float32 and round once)"
        )
    rows: list[tuple[str, ...]] = []
    for t in report.thresholds:
        op = "≥" if t.side == "right" else "≤"
        start = "whole side" if t.last_nonzero is None else f"{op} {_num(t.at)}"
        rows.append((_FORM[t.form], t.side, start, _num(t.first_input), _CAUSE[t.cause]))
    if rows:
        lines.append("  where f' becomes exactly 0 and stays 0:")
        header = ("form", "side", "from x", f"first {fmt.name} input", "why")
        lines += ["    " + line for line in table(rows, header).splitlines()]
    else:
        lines.append("  f' never becomes 0 for good in either form")
    for o in report.overflows:
        op = "≥" if o.side == "right" else "≤"
        what = "infinite" if o.kind == "inf" else "NaN"
        lines.append(
            f"  {_QUANTITY[o.quantity]} is {what} from x {op} {_num(o.at)} "
            f"(first input {_num(o.first_input)})"
        )
    lo, hi = report.error_range
    lines.append(
        f"  largest relative error on [{_num(lo)}, {_num(hi)}] (where the exact value is a "
        f"normal {fmt.name} number):"
    )
    rows = [
        (_QUANTITY[e.quantity], _num(e.max_relative), f"at x = {_num(e.at)}") for e in report.errors
    ]
    lines += ["    " + line for line in table(rows, ("", "", "")).splitlines()[1:]]
    return "\n".join(lines)


def precision_record(report: PrecisionReport) -> dict[str, Any]:
    """The same as strict-JSON-ready data (inf as "inf")."""
    fmt = report.fmt
    return to_json_value(
        {
            "dtype": fmt.name,
            "significand_bits": fmt.bits,
            "max": fmt.max,
            "smallest_normal": fmt.smallest_normal,
            "smallest_subnormal": fmt.smallest_subnormal,
            "framework_form": (
                {"formula": report.framework_formula, "kernel": report.framework_kernel}
                if report.framework_formula
                else None
            ),
            "zero_from": [
                {
                    "form": t.form,
                    "side": t.side,
                    "at": t.at,
                    "first_input": t.first_input,
                    "last_nonzero": t.last_nonzero,
                    "cause": t.cause,
                }
                for t in report.thresholds
            ],
            "overflows": [
                {
                    "quantity": o.quantity,
                    "side": o.side,
                    "kind": o.kind,
                    "at": o.at,
                    "first_input": o.first_input,
                }
                for o in report.overflows
            ],
            "error_range": list(report.error_range),
            "max_relative_errors": [
                {"quantity": e.quantity, "max_relative": e.max_relative, "at": e.at}
                for e in report.errors
            ],
        }
    )
