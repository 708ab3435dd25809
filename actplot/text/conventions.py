"""Framework conventions in words: ``list --convention`` and the line ``info`` adds.

Library code (no click, no matplotlib), from :mod:`actplot.catalogue.conventions`.
"""

from __future__ import annotations

from typing import Any

from actplot.analysis.properties import to_json_value
from actplot.catalogue import CATALOGUE, Activation, conventions, lookup
from actplot.text.describe import table

__all__ = ["convention_line", "convention_record", "convention_records", "convention_text"]


def _num(value: float) -> str:
    return f"{value:.6g}"


def _meaning(name: str, convention: str) -> Activation | None:
    entry = lookup(name)
    if entry is None or conventions.usage(name, convention) is None:
        return None
    return conventions.resolve(entry, convention)


def convention_record(act: Activation) -> dict[str, Any]:
    """What ``act`` follows: its framework, the framework's spelling, its f' at kinks."""
    convention = act.convention or "actplot"
    found = conventions.usage(act.name, convention)
    return to_json_value(
        {
            "convention": convention,
            "framework": conventions.LABELS[convention],
            "api": found.api if found is not None and convention != "actplot" else None,
            "function": act.name,
            "parameters": dict(act.values),
            "derivative_at_kinks": [list(pair) for pair in conventions.kink_values(act)],
        }
    )


def convention_line(act: Activation) -> str:
    """``convention: JAX (jax.nn.gelu(approximate=True))`` for ``info``."""
    record = convention_record(act)
    api = f" ({record['api']})" if record["api"] else ""
    return f"convention: {record['framework']}{api}"


def convention_records(convention: str) -> dict[str, dict[str, Any] | None]:
    """For each catalogue name, what it is in ``convention`` (None: not provided there)."""
    conventions.check_convention(convention)
    out: dict[str, dict[str, Any] | None] = {}
    for entry in CATALOGUE:
        act = _meaning(entry.name, convention)
        out[entry.name] = None if act is None else convention_record(act)
        if act is not None and convention != "actplot":
            found = conventions.usage(entry.name, convention)
            out[entry.name]["api"] = found.api if found else None  # type: ignore[index]
    return out


def convention_text(convention: str) -> str:
    """The catalogue as ``convention`` sees it: one row per name it provides."""
    label = conventions.LABELS[conventions.check_convention(convention)]
    rows = []
    missing = []
    for name, record in convention_records(convention).items():
        if record is None:
            missing.append(name)
            continue
        params = ", ".join(f"{k}={_num(v)}" for k, v in record["parameters"].items()) or "-"
        kinks = ", ".join(f"{_num(g)} at {_num(k)}" for k, g in record["derivative_at_kinks"])
        means = record["function"] if record["function"] != name else "="
        rows.append((name, record["api"] or "-", means, params, kinks or "-"))
    text = table(rows, ("name", label, "computes", "parameters", "f' at kinks"))
    if missing:
        text += f"\n\nnot in {label}: {', '.join(missing)}"
    return text
