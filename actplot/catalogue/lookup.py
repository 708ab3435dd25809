"""Lookup by name over a table of records.

:class:`Index` is built once from the ``CATALOGUE`` tuple (``__init__`` passes
it), rejecting two records that claim the same name or alias; its methods are
the package's ``names``, ``lookup``, ``suggest`` and ``get``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from types import MappingProxyType

from .records import Activation

__all__ = ["Index", "UnknownActivationError", "normalize"]


def normalize(name: str) -> str:
    """The lookup key of a name: case, ``-``, ``_`` and spaces ignored."""
    return "".join(ch for ch in name.lower() if ch not in "-_ ")


def _build_index(entries: tuple[Activation, ...]) -> Mapping[str, Activation]:
    index: dict[str, Activation] = {}
    for entry in entries:
        for spelling in (entry.name, *entry.aliases):
            key = normalize(spelling)
            if key in index and index[key] is not entry:
                raise RuntimeError(
                    f"catalogue: {spelling!r} of {entry.name} clashes with {index[key].name}"
                )
            index[key] = entry
    return MappingProxyType(index)


class UnknownActivationError(LookupError):
    """No activation of that name; the message suggests the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        if len(suggestions) > 1:
            hint = f"; did you mean {', '.join(suggestions[:-1])} or {suggestions[-1]}?"
        elif suggestions:
            hint = f"; did you mean {suggestions[0]}?"
        else:
            hint = ""
        super().__init__(f"unknown activation {name!r}{hint}")

    def __str__(self) -> str:  # LookupError would show the repr of args
        return self.args[0]


class Index:
    """Names, aliases and lookup for a table of records, in its order."""

    def __init__(self, entries: tuple[Activation, ...]):
        self._entries = entries
        self._index = _build_index(entries)

    def names(self, *, aliases: bool = False) -> list[str]:
        """Canonical names in catalogue order (with ``aliases=True``, aliases too)."""
        if aliases:
            return [n for e in self._entries for n in (e.name, *e.aliases)]
        return [e.name for e in self._entries]

    def lookup(self, name: str) -> Activation | None:
        """The catalogue entry (default parameters) for a name, or None."""
        entry = self._index.get(normalize(name))
        if entry is None:
            return None
        return dataclasses.replace(
            entry, values=MappingProxyType({p.name: p.default for p in entry.params})
        )

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The canonical names closest to ``name``."""
        key = normalize(name)
        close = difflib.get_close_matches(key, list(self._index), n=n * 2, cutoff=0.6)
        found: list[str] = []
        for match in close:
            canonical = self._index[match].name
            if canonical not in found:
                found.append(canonical)
        return found[:n]

    def get(self, name: str, **params: float) -> Activation:
        """The activation called ``name``, with parameters set by keyword.

        Parameters
        ----------
        name
            A canonical name or alias; case, ``-``, ``_`` and spaces are ignored,
            so ``"LeakyReLU"`` and ``"leaky-relu"`` both work.
        **params
            Parameter values, named as in the catalogue (``alpha=0.1``).

        Raises
        ------
        UnknownActivationError
            (a ``LookupError``) if no activation has that name.
        ValueError
            If a parameter is unknown or out of its valid range.
        """
        entry = self.lookup(name)
        if entry is None:
            raise UnknownActivationError(name, self.suggest(name))
        return entry.with_params(**params) if params else entry
