"""Comparing measured properties with the catalogue's declarations, and showing them.

Split from :mod:`actplot.analysis.properties` (which measures): how a
measurement is written as JSON, how an order of continuity reads, and where a
declaration disagrees with the measurement.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.catalogue import Properties

if TYPE_CHECKING:
    from actplot.analysis.properties import MeasuredProperties

__all__ = ["CONTINUITY_CAP", "continuity_label", "mismatches", "to_json_value"]

CONTINUITY_CAP = 3  # highest order of continuity examined ("at least C3")
_CAP = CONTINUITY_CAP


def to_json_value(value: Any) -> Any:
    """``value`` with inf as ``"inf"``/``"-inf"`` and NaN as None, recursively."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float | np.floating):
        value = float(value)
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, tuple | list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value


def continuity_label(order: float) -> str:
    """Text for an order of continuity: ``C∞``, ``C1``, ``≥C3``, ``C-1 (jump)``."""
    if order == math.inf:
        return "C∞"
    if order < 0:
        return "C-1 (jump)"
    if order >= _CAP:
        return f"≥C{_CAP}"
    return f"C{int(order)}"


def mismatches(declared: Properties, measured: MeasuredProperties) -> dict[str, tuple]:
    """Fields whose declared value differs from the measured one.

    Returns ``{field: (declared, measured)}``; empty when all agree. Range ends
    agree within 1e-9 relative (1e-12 absolute); a declared continuity ≥ 3 agrees
    with a measured "at least C3".
    """
    out: dict[str, tuple] = {}
    got = measured.declared_fields()
    for f in fields(Properties):
        want, have = getattr(declared, f.name), getattr(got, f.name)
        if not _same(f.name, want, have):
            out[f.name] = (want, have)
    return out


def _same(field: str, want: Any, have: Any) -> bool:
    if field == "output_range":
        return all(_close(float(w), float(h)) for w, h in zip(want, have, strict=True))
    if field == "continuity":
        if have == _CAP and have != math.inf:
            return want >= _CAP
        return float(want) == float(have)
    return tuple(want) == tuple(have) if isinstance(want, tuple) else want == have


def _close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-12 + 1e-9 * max(abs(a), abs(b))


# ---------------------------------------------------------------- evaluation
