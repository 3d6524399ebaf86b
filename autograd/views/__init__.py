"""Views of a graph, all taking their words from one ``Vocabulary``: the text tree, explanations (text,
tables, LaTeX), backward steps, drawings (rendered by the system ``dot`` or WebAssembly Graphviz) and the
step-through page. Views import the engine, never the reverse."""
