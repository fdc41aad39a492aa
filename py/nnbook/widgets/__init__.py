"""Python halves of the textbook's widgets.

The widget ``js/widgets/NAME.mjs`` computes through the module
``nnbook.widgets.NAME`` (dashes become underscores), whose entry points
``fn(ns, **args)`` get the page's namespace and plain JSON data and return
plain JSON-ready values, so the same numbers can be checked in CPython by the
tests. ``common`` holds what they all share; ``network_state`` (chapter 3's
``net`` and ``x``) and ``training_run`` (one training run) serve several.
"""
