"""The catalogue table and lookup: names, aliases, parameters, records.

Parametrized over ``CATALOGUE`` with ``ids=name``, so a new entry is checked
for free. The precision of the kernels is ``test_precision.py``'s job; the
declared properties are ``test_properties.py``'s.
"""

from __future__ import annotations

import inspect
import math
import re
import sys
import warnings

import numpy as np
import pytest

import actplot
from actplot.catalogue import CATALOGUE, UnknownActivationError, normalize

ENTRIES = {e.name: e for e in CATALOGUE}
IDS = [e.name for e in CATALOGUE]

# The catalogue's 47 functions and their aliases (catalogue.md): none may be
# removed or renamed, so the spec's list is checked here, once.
REQUIRED: dict[str, tuple[str, ...]] = {
    "sigmoid": ("logistic",),
    "tanh": (),
    "softsign": ("soft_sign",),
    "relu": (),
    "identity": ("linear",),
    "binary_step": ("heaviside", "step"),
    "leaky_relu": (),
    "prelu": (),
    "rrelu": (),
    "elu": (),
    "selu": (),
    "celu": (),
    "gelu": (),
    "gelu_tanh": (),
    "silu": ("swish1",),
    "swish": (),
    "mish": (),
    "softplus": (),
    "logsigmoid": ("log_sigmoid",),
    "hardsigmoid": ("hard_sigmoid",),
    "hardtanh": ("hard_tanh",),
    "hardswish": ("hard_silu", "hard_swish"),
    "relu6": (),
    "tanhshrink": (),
    "softshrink": (),
    "hardshrink": (),
    "arctan": ("atan",),
    "gaussian": (),
    "bent_identity": (),
    "isru": (),
    "isrlu": (),
    "squareplus": (),
    "sinusoid": ("sin",),
    "sinc": (),
    "softexponential": ("soft_exponential",),
    "srelu": (),
    "smht": ("soboleva",),
    "elish": (),
    "hard_elish": (),
    "threshold": (),
    "exponential": ("exp",),
    "sparse_plus": (),
    "sparse_sigmoid": (),
    "lisht": (),
    "snake": (),
    "relu_squared": ("squared_relu",),
    "quick_gelu": (),
}

REQUIRED_DEFAULTS = {
    "leaky_relu": {"alpha": 0.01},
    "prelu": {"alpha": 0.25},
    "rrelu": {"lower": 1 / 8, "upper": 1 / 3},
    "elu": {"alpha": 1.0},
    "celu": {"alpha": 1.0},
    "swish": {"beta": 1.0},
    "softplus": {"beta": 1.0},
    "hardtanh": {"min_val": -1.0, "max_val": 1.0},
    "softshrink": {"lambd": 0.5},
    "hardshrink": {"lambd": 0.5},
    "isru": {"alpha": 1.0},
    "isrlu": {"alpha": 1.0},
    "squareplus": {"b": 4.0},
    "softexponential": {"alpha": 0.5},
    "srelu": {"t_left": -1.0, "a_left": 0.1, "t_right": 1.0, "a_right": 0.1},
    "smht": {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0},
    "threshold": {"threshold": 0.0, "value": 0.5},
    "snake": {"a": 1.0},
}

SUBCOMMANDS = ("list", "info", "gallery", "vanish", "plot")


# ---------------------------------------------------------------- names


def test_every_required_function_is_there_with_its_aliases():
    assert len(CATALOGUE) >= len(REQUIRED) == 47
    for name, aliases in REQUIRED.items():
        assert name in ENTRIES, f"{name} is missing from the catalogue"
        missing = set(aliases) - set(ENTRIES[name].aliases)
        assert not missing, f"{name}: aliases {sorted(missing)} are missing"


def test_required_defaults():
    for name, defaults in REQUIRED_DEFAULTS.items():
        assert dict(actplot.get(name).values) == pytest.approx(defaults), name
    for name in REQUIRED.keys() - REQUIRED_DEFAULTS.keys():
        assert not ENTRIES[name].params, f"{name} should have no parameters"


def test_catalogue_order_starts_with_the_spec_order():
    assert actplot.names()[: len(REQUIRED)] == list(REQUIRED)


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_canonical_name_is_lower_case_with_underscores(entry):
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", entry.name), entry.name


def test_names_are_unique_and_no_spelling_names_two_entries():
    assert len(set(actplot.names())) == len(CATALOGUE)
    owner: dict[str, str] = {}
    for entry in CATALOGUE:
        for spelling in (entry.name, *entry.aliases):
            key = normalize(spelling)
            assert owner.setdefault(key, entry.name) == entry.name, spelling


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_name_and_aliases_resolve(entry):
    for spelling in (entry.name, *entry.aliases):
        assert actplot.get(spelling).name == entry.name, spelling


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("LeakyReLU", "leaky_relu"),
        ("Leaky-ReLU", "leaky_relu"),
        ("leaky relu", "leaky_relu"),
        ("Hardswish", "hardswish"),
        ("HardSwish", "hardswish"),
        ("hard_silu", "hardswish"),
        ("hard_tanh", "hardtanh"),
        ("Hardtanh", "hardtanh"),
        ("soft_sign", "softsign"),
        ("GELU", "gelu"),
        ("SiLU", "silu"),
        ("ReLU6", "relu6"),
        ("Softplus", "softplus"),
        ("LogSigmoid", "logsigmoid"),
        ("log_sigmoid", "logsigmoid"),
        ("Hardsigmoid", "hardsigmoid"),
        ("hard_sigmoid", "hardsigmoid"),
        ("PReLU", "prelu"),
        ("RReLU", "rrelu"),
        ("ELU", "elu"),
        ("SELU", "selu"),
        ("CELU", "celu"),
        ("Mish", "mish"),
        ("Tanhshrink", "tanhshrink"),
        ("Softshrink", "softshrink"),
        ("Hardshrink", "hardshrink"),
        ("Sigmoid", "sigmoid"),
        ("Tanh", "tanh"),
        ("Softsign", "softsign"),
        ("ReLU", "relu"),
        ("Threshold", "threshold"),
        ("SReLU", "srelu"),
        ("Soft-Exponential", "softexponential"),
        ("QuickGELU", "quick_gelu"),
        ("Sparse Plus", "sparse_plus"),
        ("  relu  ", "relu"),
    ],
)
def test_lookup_ignores_case_dashes_underscores_and_spaces(spelling, name):
    assert actplot.get(spelling).name == name


def test_unknown_name_suggests_the_closest():
    with pytest.raises(LookupError) as info:
        actplot.get("sigmod")
    assert isinstance(info.value, UnknownActivationError)
    assert "sigmod" in str(info.value)
    assert "sigmoid" in str(info.value)


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_no_name_is_a_cli_subcommand(entry):
    for spelling in (entry.name, *entry.aliases):
        assert normalize(spelling) not in SUBCOMMANDS, spelling


# ---------------------------------------------------------------- parameters


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_get_returns_the_defaults(entry):
    act = actplot.get(entry.name)
    assert dict(act.values) == {p.name: p.default for p in entry.params}
    assert act.is_default


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_defaults_are_valid(entry):
    for p in entry.params:
        assert p.check(p.default) == p.default, p.name
    defaults = {p.name: p.default for p in entry.params}
    assert entry.check(defaults) is None
    if entry.params:  # through the public path too
        assert actplot.get(entry.name, **defaults).is_default


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_unknown_parameter_is_refused_naming_the_valid_ones(entry):
    with pytest.raises(ValueError) as info:
        actplot.get(entry.name, bogus=1.0)
    message = str(info.value)
    assert "bogus" in message
    for p in entry.params:
        assert p.name in message


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_parameter_names_are_the_kernels_keywords(entry):
    for kernel in (entry.fn, entry.grad):
        signature = inspect.signature(kernel)
        for p in entry.params:
            assert p.name in signature.parameters, f"{kernel.__name__}: {p.name}"


_PARAMS = [(e, p) for e in CATALOGUE for p in e.params]
_PARAM_IDS = [f"{e.name}.{p.name}" for e, p in _PARAMS]


def _refused(entry, param, value):
    """Setting ``param`` to ``value`` raises a ValueError naming its range."""
    with pytest.raises(ValueError) as info:
        actplot.get(entry.name, **{param.name: value})
    message = str(info.value)
    assert param.name in message, message
    return message


@pytest.mark.parametrize(("entry", "param"), _PARAMS, ids=_PARAM_IDS)
def test_out_of_range_parameter_is_refused_with_its_range(entry, param):
    for bad in (math.nan, math.inf, -math.inf, "abc"):
        _refused(entry, param, bad)
    if param.low > -math.inf:
        just_below = param.low if param.low_open else np.nextafter(param.low, -np.inf)
        assert param.describe_range() in _refused(entry, param, just_below)
        if not param.low_open:
            actplot.get(entry.name, **{param.name: param.low})  # the boundary
        actplot.get(entry.name, **{param.name: np.nextafter(param.low, np.inf)})
    if param.high < math.inf:
        just_above = param.high if param.high_open else np.nextafter(param.high, np.inf)
        assert param.describe_range() in _refused(entry, param, just_above)
        if not param.high_open:
            actplot.get(entry.name, **{param.name: param.high})
    if param.nonzero:
        assert param.describe_range() in _refused(entry, param, 0.0)
        actplot.get(entry.name, **{param.name: 5e-324})
        actplot.get(entry.name, **{param.name: -5e-324})


def test_declared_ranges():
    """The ranges the catalogue prescribes (beta > 0, b > 0, lambd >= 0, ...)."""

    def refused(name, **params):
        with pytest.raises(ValueError) as info:
            actplot.get(name, **params)
        return str(info.value)

    for name, param in [("swish", "beta"), ("softplus", "beta"), ("squareplus", "b")]:
        assert f"{param} > 0" in refused(name, **{param: 0.0})
        assert f"{param} > 0" in refused(name, **{param: -1.0})
    for name in ("softshrink", "hardshrink"):
        assert "lambd ≥ 0" in refused(name, lambd=-1e-300)
        assert actplot.get(name, lambd=0.0).values["lambd"] == 0
    assert "a ≠ 0" in refused("snake", a=0.0)
    assert "alpha ≠ 0" in refused("celu", alpha=0.0)
    assert actplot.get("snake", a=-2.0).values["a"] == -2
    for name in ("isru", "isrlu"):
        assert "alpha > 0" in refused(name, alpha=0.0)
    for name in ("leaky_relu", "prelu", "elu", "softexponential"):
        actplot.get(name, alpha=-3.0)


@pytest.mark.parametrize(
    ("name", "bad", "good", "relation"),
    [
        (
            "hardtanh",
            [{"min_val": 1.0}, {"min_val": 2.0}, {"max_val": -1.0}],
            {"min_val": -2.0, "max_val": 3.0},
            "min_val must be < max_val",
        ),
        (
            "rrelu",
            [{"lower": 0.5}, {"lower": 0.3, "upper": 0.2}],
            {"lower": 0.2, "upper": 0.2},
            "lower must be ≤ upper",
        ),
        (
            "srelu",
            [{"t_left": 1.0}, {"t_left": 2.0}, {"t_right": -1.0}],
            {"t_left": -2.0, "t_right": -1.5},
            "t_left must be < t_right",
        ),
    ],
)
def test_cross_parameter_checks(name, bad, good, relation):
    for params in bad:
        with pytest.raises(ValueError) as info:
            actplot.get(name, **params)
        assert relation in str(info.value), str(info.value)
    act = actplot.get(name, **good)
    assert {k: act.values[k] for k in good} == good


def test_with_params_keeps_the_others_and_titles_show_them():
    act = actplot.get("srelu", a_left=0.2).with_params(t_right=3.0)
    assert dict(act.values) == {
        "t_left": -1.0,
        "a_left": 0.2,
        "t_right": 3.0,
        "a_right": 0.1,
    }
    assert not act.is_default
    assert "3" in act.title and act.label in act.title


# ---------------------------------------------------------------- records


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_record_is_complete(entry):
    assert entry.label.strip()
    assert entry.formula.strip()
    assert entry.derivative_formula.strip()
    assert entry.reference.strip()
    assert entry.properties is not None
    for p in entry.params:
        assert p.symbol and p.tex, p.name


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_kernels_and_record_stand_together_in_a_family_module(entry):
    family = sys.modules[entry.fn.__module__]
    assert family.__name__.startswith("actplot.catalogue."), family.__name__
    assert entry.fn is getattr(family, entry.name)
    assert entry.grad is getattr(family, f"{entry.name}_grad")
    assert getattr(family, entry.name.upper()) is entry


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_formulas_are_valid_mathtext(entry):
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    symbol = (entry.tex_symbol,) if entry.tex_symbol else ()
    texts = (entry.formula, entry.derivative_formula, *symbol, *(p.tex for p in entry.params))
    for text in texts:
        assert "$" not in text
        parser.parse(f"${text}$")  # raises ValueError on bad mathtext


def test_conventional_symbols():
    symbols = {e.name: e.tex_symbol for e in CATALOGUE if e.tex_symbol}
    assert symbols == {
        "sigmoid": r"\sigma",
        "tanh": r"\tanh",
        "arctan": r"\arctan",
        "sinusoid": r"\sin",
        "exponential": r"\exp",
    }


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_kinks_match_the_declared_smoothness(entry):
    """Kinks (f or f' jumps) exactly when the entry is declared below C1."""
    act = actplot.get(entry.name)
    assert all(math.isfinite(k) for k in act.kink_points)
    assert bool(act.kink_points) == (entry.properties.continuity < 1), (
        f"{entry.name}: kinks {act.kink_points}, continuity {entry.properties.continuity}"
    )


def _quiet(fn, x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            return fn(x)


# Parameter sets whose kinks lie elsewhere than the defaults'.
_KINK_CASES = [(e.name, {}) for e in CATALOGUE] + [
    ("hardtanh", {"min_val": -2.0, "max_val": 3.0}),
    ("softshrink", {"lambd": 1.0}),
    ("hardshrink", {"lambd": 1.0}),
    ("srelu", {"t_left": -2.0, "a_left": 0.2, "t_right": 3.0, "a_right": 0.5}),
    ("threshold", {"threshold": 1.0, "value": -2.0}),
    ("elu", {"alpha": 2.0}),
]


@pytest.mark.parametrize(
    ("name", "params"),
    _KINK_CASES,
    ids=[n + ("-" + "-".join(map(str, p.values())) if p else "") for n, p in _KINK_CASES],
)
def test_derivative_at_a_kink_is_the_right_hand_limit(name, params):
    act = actplot.get(name, **params)
    for k in act.kink_points:
        at = float(_quiet(act.derivative, np.float64(k)))
        for right in (np.nextafter(k, np.inf), k + 1e-9 * max(1.0, abs(k))):
            limit = float(_quiet(act.derivative, np.float64(right)))
            assert at == pytest.approx(limit, rel=1e-6, abs=1e-6), (
                f"{act.title}: f'({k}) = {at}, but f'({right!r}) = {limit}"
            )


# ---------------------------------------------------------------- arrays


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
@pytest.mark.parametrize(
    "x",
    [np.float64(0.5), np.linspace(-3, 3, 7), np.linspace(-3, 3, 12).reshape(3, 4)],
    ids=["0-d", "1-d", "2-d"],
)
def test_shape_and_dtype_are_preserved(entry, x):
    act = actplot.get(entry.name)
    for fn in (act, act.derivative):
        out = np.asarray(_quiet(fn, x))
        assert out.shape == np.shape(x)
        assert out.dtype == np.float64


@pytest.mark.parametrize("entry", CATALOGUE, ids=IDS)
def test_python_numbers_and_lists_are_accepted(entry):
    act = actplot.get(entry.name)
    assert np.shape(_quiet(act, 1)) == ()
    assert np.shape(_quiet(act.derivative, [-1.0, 0.0, 2])) == (3,)
