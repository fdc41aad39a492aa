"""Python halves of the textbook's widgets.

Each widget in the page (``js/widgets/NAME.mjs``) computes through the page's
Python session; the functions it calls live here, one module per widget
family, and return plain JSON-ready values (lists, floats, strings), so the
same numbers can be checked in CPython by the tests.
"""
