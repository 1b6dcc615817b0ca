"""Checking a student's own numbers: the judge of written numbers, and the tutor.

- ``judge``: does a number written by hand agree with the exact value, to its digits?
- ``tutor``: ``check(root, claims)``, which finds the first wrong step and says why.
"""

from .tutor import CheckReport, CheckResult, check

__all__ = ["check", "CheckReport", "CheckResult"]
