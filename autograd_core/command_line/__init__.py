"""The engine from a terminal: ``python -m autograd_core trace "y = 3*x - 2; z = y**2" x=2``.

``expression`` reads the notes' notation safely (an allow-list over Python's
own parser, never ``eval``); ``commands`` is the command line built on it.
"""

from .expression import ExpressionError, parse_expression

__all__ = ["parse_expression", "ExpressionError"]
