"""``python -m autograd``: the ``chainrule`` command line."""

from .cli import main

raise SystemExit(main())
