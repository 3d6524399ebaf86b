"""The shell: typed expressions parsed safely (``expr``) and the ``chainrule`` command (``cli``)."""
