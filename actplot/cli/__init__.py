"""The ``actplot`` command line: parse, validate, call the library, report.

``actplot NAME...`` plots (through the hidden ``plot`` command); other verbs
are subcommands, one module each, imported only when that command runs (or
``--help`` lists them): ``actplot sigmoid`` loads ``plot`` alone. Nothing
here computes: the catalogue evaluates, ``render`` draws, ``output`` writes.
matplotlib is imported only once a figure is made, so ``--help``,
``--version`` and ``list`` stay fast.
"""

from __future__ import annotations

from actplot.cli.group import main
from actplot.cli.options import look_options

__all__ = ["look_options", "main"]
