"""Checking a student's own numbers: the judge of written numbers, and the tutor.

- ``judge``: does a number written by hand say the exact value, to its digits?
- ``claims``: reading the keys, and the order a person computes them;
- ``graph``: the graph as the tutor reads it (names, regions, exact gradients);
- ``following``: the student's own numbers followed through the graph;
- ``allowances``: the float computation's noise, and rounding along the way;
- ``verdicts``: right, rounded, more digits, carried or wrong;
- ``diagnosis``: the kind of slip, in words a student understands;
- ``explaining``: the right computation, formula then numbers;
- ``updates``: update steps w⁺ = w − η·dE/dw;
- ``report``: the verdicts printed, as Markdown, LaTeX and in Jupyter;
- ``tutor``: ``check(root, claims)``, which puts them together;
- ``exercises``: ``make_exercise(kind, seed)``, fresh problems with worked solutions.
"""

from .diagnosis import Mistake
from .exercises import Exercise, ExerciseSheet, make_exercise, make_sheet
from .report import CheckReport, CheckResult
from .tutor import check

__all__ = ["check", "CheckReport", "CheckResult", "Mistake", "make_exercise", "make_sheet",
           "Exercise", "ExerciseSheet"]
