"""``python -m autograd``: the ``chainrule`` command line."""

from .shell.cli import main

raise SystemExit(main())
