"""The ``actplot`` command line: parse, validate, call the library, report.

``actplot NAME...`` plots (through the hidden ``plot`` command); other verbs
are subcommands, one module each. Nothing here computes: the catalogue
evaluates, ``render`` draws, ``output`` writes. matplotlib is imported only
once a figure is made, so ``--help``, ``--version`` and ``list`` stay fast.
"""

from __future__ import annotations

from actplot.cli.gallery import gallery
from actplot.cli.group import main
from actplot.cli.listing import info, list_command
from actplot.cli.options import look_options
from actplot.cli.plot import plot
from actplot.cli.table import table
from actplot.cli.vanish import vanish

__all__ = ["look_options", "main"]

for _command in (plot, list_command, info, gallery, vanish, table):
    main.add_command(_command)
