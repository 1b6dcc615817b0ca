"""The lecture notes the demos reproduce, named by what they are.

Each note is a set of slides extracted to plain text. A demo names the note
by its title and, where the note says so, its author and course; the text
file's name comes last, only to find it among the extracted notes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """One lecture note: what it is, and the file it was extracted to."""

    title: str
    file: str
    author: str = ""
    course: str = ""

    @property
    def short(self):
        """The title, with the author's surname when the note gives one."""
        if self.author:
            return f"{self.author.split()[-1]}, “{self.title}”"
        return f"“{self.title}”"

    @property
    def citation(self):
        """Title, author and course as far as the note gives them, then its file name."""
        parts = [f"“{self.title}”"]
        if self.author:
            parts.append(self.author)
        if self.course:
            parts.append(self.course)
        return ", ".join(parts) + f" [{self.file}]"

    def __str__(self):
        return self.citation


MATRIX_FORM = Note(
    title="Feedforward and Backpropagation (in matrix form)",
    file="000_d6efa2bbe7a48a1a.txt")

BISHOP_LECTURE = Note(
    title="Machine Learning, Session 10: Deep Learning",
    course="a lecture following chapter 5 of Bishop's book",
    file="001_1dd5d5d05fbbafd6.txt")

CHAIN_RULE = Note(
    title="Deep Learning: how does the algorithm make a decision?",
    file="002_7c8720603095b74c.txt")

YEUM_NEURAL_NETWORK = Note(
    title="Neural Network",
    author="Chul Min Yeum",
    course="CIVE 497 / CIVE 700 Smart Structure Technology, University of Waterloo (2019)",
    file="003_ed726ea1a8c8f513.txt")

XOR_BACKPROPAGATION = Note(
    title="Introduction to Deep Learning: Backpropagation (XOR)",
    file="004_2be3bcbe64a9e0e2.txt")

ALL = [MATRIX_FORM, BISHOP_LECTURE, CHAIN_RULE, YEUM_NEURAL_NETWORK, XOR_BACKPROPAGATION]
