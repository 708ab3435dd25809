"""Describing activations in words: the data and text of ``list`` and ``info``.

Library code (no click, no matplotlib): the CLI calls these and prints the
result. Formulas are turned from the catalogue's mathtext into readable
Unicode text (``\\frac{1}{1+e^{-x}}`` becomes ``1/(1 + e^(−x))``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

from actplot.analysis.properties import (
    MeasuredProperties,
    continuity_label,
    mismatches,
    to_json_value,
)
from actplot.analysis.slopes import slope_bounds
from actplot.catalogue import CATALOGUE, Activation, Param, conventions, lookup
from actplot.text.labels import labels_for

__all__ = [
    "KINK_CONVENTION",
    "info_record",
    "info_text",
    "interval_text",
    "list_records",
    "list_markdown",
    "list_text",
    "plain",
    "table",
]

KINK_CONVENTION = "right-hand value"

# ---------------------------------------------------------------- mathtext -> text

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ",
    "phi": "φ", "Phi": "Φ", "psi": "ψ", "omega": "ω",
    "geq": "≥", "leq": "≤", "neq": "≠", "cdot": "·", "times": "×", "ldots": "…",
    "cdots": "…", "infty": "∞", "pm": "±",
    "tanh": "tanh", "sinh": "sinh", "cosh": "cosh", "sin": "sin", "cos": "cos",
    "arctan": "arctan", "ln": "ln", "log": "log", "exp": "exp", "max": "max",
    "min": "min", "else": "else",
}  # fmt: skip
_FUNCTIONS = {"tanh", "sinh", "cosh", "sin", "cos", "arctan", "ln", "log", "exp"}
_SUPER = str.maketrans("0123456789+-=()nix", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣ")
_SUB = str.maketrans("0123456789+-=()aeilorx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₗₒᵣₓ")


def _group(tex: str, i: int) -> tuple[str, int]:
    """The argument starting at ``tex[i]``: a {...} group or one token."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i < len(tex) and tex[i] == "{":
        depth = 0
        for j in range(i, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            if depth == 0:
                return tex[i + 1 : j], j + 1
        return tex[i + 1 :], len(tex)
    if i < len(tex) and tex[i] == "\\":
        m = re.match(r"\\[A-Za-z]+", tex[i:])
        if m:
            return m.group(0), i + m.end()
    return tex[i : i + 1], i + 1


def _atomic(text: str) -> bool:
    """Whether ``text`` needs no brackets as an operand."""
    text = text.rstrip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱˣ")
    if re.fullmatch(r"\d+(\.\d+)?|[A-Za-zα-ωΦ√]\w*", text):
        return True
    # A name applied to one bracket group, or one bracket group: "f(a)", "(a+b)",
    # but not "cos(x) x-sin(x)" or "(a)+(b)", whose first group closes early.
    call = re.match(r"[A-Za-zα-ωΦ√]\w*(?=\()", text)
    rest = text[call.end() :] if call else text
    return rest.startswith("(") and _closing_bracket(rest) == len(rest) - 1


def _closing_bracket(text: str) -> int:
    """Index of the bracket closing ``text[0]``, or -1."""
    depth = 0
    for k, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return k
    return -1


def _wrap(text: str) -> str:
    return text if _atomic(text) else f"({text})"


def _script(text: str, table: dict[int, int], mark: str) -> str:
    # Unicode has super/subscripts for few characters; otherwise ^(...) / _(...).
    if all(ord(ch) in table for ch in text):
        return text.translate(table)
    single = len(text) == 1 or re.fullmatch(r"[\d.]+", text) is not None
    single = single or (mark == "_" and text.isalnum())
    return f"{mark}{text}" if single else f"{mark}({text})"


def _convert(tex: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            word = m.group(1) if m else ""
            i += m.end() if m else 1
            if word == "frac":
                num, i = _group(tex, i)
                den, i = _group(tex, i)
                text = f"{_wrap(_convert(num))}/{_wrap(_convert(den))}"
                # a/b followed by a factor reads as a/(b·factor): bracket it.
                rest = re.sub(r"^(\\,|\s|\\left)+", "", tex[i:])
                factor = re.match(r"[\w(]|\\(?!geq|leq|right|,| )", rest)
                out.append(f"({text})" if factor else text)
            elif word == "sqrt":
                arg, i = _group(tex, i)
                out.append(f"√{_wrap(_convert(arg))}")
            elif word in ("mathrm", "operatorname", "text", "mathit"):
                arg, i = _group(tex, i)
                out.append(_convert(arg))
            elif word in ("left", "right"):
                continue
            elif word in (",", " ", ";", "!", "quad"):
                out.append(" ")
            elif word in ("{", "}"):
                out.append(word)
            elif word in _FUNCTIONS:
                # tanh x, x tanh x, ln σ(x): keep the name apart from operands.
                if out and out[-1][-1:].isalnum():
                    out.append(" ")
                nxt = "(" if tex.startswith("\\left", i) else tex[i : i + 1]
                out.append(word + ("" if nxt in ("(", "^", " ", "") else " "))
            else:
                out.append(_SYMBOLS.get(word, word))
        elif ch in "^_":
            arg, i = _group(tex, i + 1)
            text = _convert(arg)
            table = _SUPER if ch == "^" else _SUB
            out.append(_script(text, table, ch))
        elif ch in "{}":
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def plain(tex: str) -> str:
    """Readable Unicode text for a mathtext formula.

    >>> plain(r"\\frac{1}{1+e^{-x}}")
    '1/(1+e⁻ˣ)'
    """
    text = _convert(tex)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"([≥≤]) ", r"\1", text)
    return text.replace("-", "−")


# ---------------------------------------------------------------- tables


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """A plain aligned table, no trailing spaces; CJK characters count two columns.

    tabulate's "plain" format (with wcwidth for wide characters), the header
    given as the first row so its columns get no extra padding.
    """
    cells = [list(headers), *[list(map(str, r)) for r in rows]]
    text = tabulate(cells, tablefmt="plain", disable_numparse=True)
    return "\n".join(line.rstrip() for line in text.splitlines())


def _num(value: float) -> str:
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if math.isnan(value):
        return "nan"
    return f"{value:.6g}"


def _moment(value: float, lang: str = "en") -> str:
    if math.isnan(value):
        return labels_for(lang).heading("undefined (f is NaN on part of the line)")
    return _num(value)


def _param_record(p: Param, value: float | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"name": p.name, "symbol": p.symbol, "default": p.default}
    if value is not None:
        record["value"] = value
    record["range"] = p.describe_range()
    return record


# ---------------------------------------------------------------- list


def list_records(*, slopes: bool = True) -> list[dict[str, Any]]:
    """One record per catalogue entry, for ``actplot list --json``.

    With ``slopes``, each has its slope range and Lipschitz constant at the
    defaults (measured: about 20 ms per function).
    """
    return [
        {
            "name": e.name,
            "label": e.label,
            "aliases": list(e.aliases),
            "parameters": [_param_record(p) for p in e.params],
            "formula": plain(e.formula),
            "formula_tex": e.formula,
            **(slope_bounds(lookup(e.name) or e).to_dict() if slopes else {}),
        }
        for e in CATALOGUE
    ]


def _list_rows() -> list[tuple[str, str, str, str, str]]:
    """name, label, aliases, parameters (defaults), formula: one row per entry."""
    return [
        (
            r["name"],
            r["label"],
            ", ".join(r["aliases"]) or "-",
            ", ".join(f"{p['name']}={_num(p['default'])}" for p in r["parameters"]) or "-",
            r["formula"],
        )
        for r in list_records(slopes=False)
    ]


def list_text(lang: str = "en") -> str:
    """The catalogue as an aligned table: name, aliases, parameters, formula."""
    word = labels_for(lang).heading
    rows = [(name, aliases, params, f) for name, _, aliases, params, f in _list_rows()]
    return table(rows, (word("name"), word("aliases"), word("parameters"), "f(x)"))


def list_markdown() -> str:
    """The catalogue as a Markdown table (the README's, kept equal by a test)."""
    lines = ["| name | function | aliases | parameters (default) | f(x) |", "|---|---|---|---|---|"]
    for name, label, aliases, params, formula in _list_rows():
        cells = (f"`{name}`", label, aliases, params, formula)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------- info


def info_record(act: Activation, measured: MeasuredProperties) -> dict[str, Any]:
    """Everything ``actplot info`` shows, as strict-JSON-ready data."""
    return {
        "name": act.name,
        "label": act.label,
        "aliases": list(act.aliases),
        "formula": plain(act.formula),
        "formula_tex": act.formula,
        "derivative_formula": plain(act.derivative_formula),
        "derivative_formula_tex": act.derivative_formula,
        "parameters": [_param_record(p, act.values[p.name]) for p in act.params],
        "reference": act.reference,
        "kinks": [k + 0.0 for k in act.kink_points],  # no -0.0
        "derivative_at_kinks": conventions.kink_note(act),
        "convention": act.convention or "actplot",
        "properties": measured.to_dict(),
        "declared_mismatches": {
            field: {"declared": to_json_value(want), "measured": to_json_value(got)}
            for field, (want, got) in _declared_mismatches(act, measured).items()
        },
    }


def _declared_mismatches(act: Activation, measured: MeasuredProperties) -> dict[str, tuple]:
    """Declared properties (they hold at the defaults) that the measurement contradicts."""
    if act.properties is None or not act.is_default:
        return {}
    return mismatches(act.properties, measured)


_YES = {True: "yes", False: "no"}


def _kink_text(act: Activation, word: Any) -> str:
    """What f' is at the kinks: actplot's right-hand value (in ``word``'s language) or
    a framework convention's (its own words)."""
    note = conventions.kink_note(act)
    return word(CONVENTION_NOTE) if note == KINK_CONVENTION else f"(f' there: {note})"


def _text_title(act: Activation) -> str:
    """The title as plain text (a formula activation's label is mathtext)."""
    title = act.title
    return plain(title.replace("$", "")) if "$" in title else title


def _end(value: float) -> str:
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"  # the hyphen of the other numbers
    return _num(value)


def interval_text(m: MeasuredProperties, lang: str = "en") -> str:
    """The output range in words: ``open interval (0, 1)``, ``half-open interval [0, ∞)``.

    An end is closed where f takes the value there (see
    :attr:`MeasuredProperties.range_attained`); a function that jumps may
    skip values between its bounds, and is said to.
    """
    word = labels_for(lang).heading
    (lo, hi), (has_lo, has_hi) = m.output_range, m.range_attained
    text = f"{'[' if has_lo else '('}{_end(lo)}, {_end(hi)}{']' if has_hi else ')'}"
    if m.continuity < 0:
        return word(JUMP_RANGE).format(interval=text)
    kind = "closed" if has_lo and has_hi else "half-open" if has_lo or has_hi else "open"
    return f"{word(f'{kind} interval')} {text}"


def _range_text(p: Param, lang: str) -> str:
    word = labels_for(lang).heading
    text = p.describe_range()
    return text.replace("any finite number", word("any finite number")).replace(
        " and ", word(" and ")
    )


def info_text(act: Activation, measured: MeasuredProperties, lang: str = "en") -> str:
    """The human-readable ``actplot info`` page, every word in ``lang``.

    The measured properties start with the bias shift, the mean output for a
    standard normal input: what decides whether a layer's outputs are centred.
    """
    words = labels_for(lang)
    word = words.heading
    m = measured
    lines = [f"{_text_title(act)}  ({act.name})"]
    if act.aliases:
        lines.append(f"{word('aliases')}: {', '.join(act.aliases)}")
    lines += [
        "",
        f"  f(x)  = {plain(act.formula)}",
        f"  f'(x) = {plain(act.derivative_formula)}",
    ]
    if act.params:
        lines += ["", f"{word('parameters')}:"]
        lines += [
            "  " + line
            for line in table(
                [
                    (
                        f"{p.name} ({p.symbol})",
                        _num(act.values[p.name]),
                        _num(p.default),
                        _range_text(p, lang),
                    )
                    for p in act.params
                ],
                (word("name"), word("value"), word("default"), word("valid range")),
            ).splitlines()
        ]
    kinks = ", ".join(_num(k) for k in act.kink_points)
    lines += [
        "",
        f"{word('kinks')}: {kinks or word('none')}"
        + (f"  {_kink_text(act, word)}" if kinks else ""),
    ]
    if act.reference:
        lines.append(f"{word('reference')}: {act.reference}")
    left, right = m.saturation
    continuity = continuity_label(m.continuity).replace("(jump)", f"({word('jump')})")
    rows = []
    if m.domain != (-math.inf, math.inf):
        lo, hi = m.domain
        left, right = "(" if math.isinf(lo) else "[", ")" if math.isinf(hi) else "]"
        shown = f"{left}{_end(lo)}, {_end(hi)}{right}"
        rows.append((word("domain (f defined)"), shown))
    rows += [
        (word("output range"), interval_text(m, lang)),
        (word("monotonic"), word(_YES[m.monotonic])),
        (word("monotonic derivative"), word(_YES[m.monotonic_derivative])),
        (word("continuity"), continuity),
        (word("≈ identity near 0"), word(_YES[m.identity_near_zero])),
        (word("f(0) = 0, both signs"), word(_YES[m.crosses_zero])),
        (f"{word('saturation')} ({word('left')}, {word('right')})", f"{word(left)}, {word(right)}"),
        ("f(0)", _num(m.f0)),
        ("f'(0)", _num(m.df0)),
        ("max |f'|", _num(m.max_abs_derivative)),
        (
            word("slope range"),
            f"[{_num(m.slope_range[0])}, {_num(m.slope_range[1])}] {word(SLOPE_NOTE)}",
        ),
        (
            word("Lipschitz constant"),
            _num(m.lipschitz) + (f" {word(JUMPS_NOTE)}" if m.continuity < 0 else ""),
        ),
        (word("Var f(Z)"), _moment(m.gaussian_var, lang)),
        (word("E |f'(Z)|"), _moment(m.gaussian_mean_abs_derivative, lang)),
    ]
    lines += ["", f"{word('properties (measured)')}:"]
    lines.append("  " + word(BIAS_SHIFT).format(mean=_moment(m.gaussian_mean, lang)))
    lines += ["  " + line for line in table(rows, ("", "")).splitlines()[1:]]
    for field, (want, got) in _declared_mismatches(act, m).items():
        note = word(MISMATCH_NOTE).format(field=field, want=repr(want), got=repr(got))
        lines.append(note)
    return "\n".join(words.punctuate(line) for line in lines)


CONVENTION_NOTE = f"(f' there: the {KINK_CONVENTION})"
SLOPE_NOTE = "(min f', max f')"
JUMPS_NOTE = "(f jumps)"
JUMP_RANGE = "within {interval} (f jumps: values between may be skipped)"
BIAS_SHIFT = "bias shift: E f(Z) = {mean} for Z ~ N(0, 1), the mean output"
MISMATCH_NOTE = "note: the catalogue declares {field} = {want}; measured {got}"
