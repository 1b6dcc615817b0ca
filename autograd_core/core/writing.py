"""How an operation is written: its result as a formula of its inputs, in text and LaTeX.

Every operation record carries a *writer* that turns the texts of its inputs
into the text of its result: ``x − 2``, ``2 − x``, ``w5·out_h1``, ``σ(net_o1)``,
``(0.01 − out_o1)²``. Inputs that bind less tightly than the operation are put
in brackets, by precedence, as a person writes them:

    >>> DIFFERENCE.write([("x", LEVEL_ATOM), ("2", LEVEL_ATOM)])
    ('x − 2', 1)
    >>> DIFFERENCE.write([("x", LEVEL_ATOM), ("y − z", LEVEL_SUM)])
    ('x − (y − z)', 1)
    >>> TIMES.write([("a + b", LEVEL_SUM), ("c", LEVEL_ATOM)])
    ('(a + b)·c', 2)

A writer never looks at a node; the record hands it the texts (names, numbers
or whole sub-formulas) and, for an operation with a constant, the constant.
"""

LEVEL_SUM = 1         # a + b, a − b, and a negative: −a, −3 (so a·(−3), x − (−a))
LEVEL_PRODUCT = 2     # a·b, a / b
LEVEL_POWER = 3       # a², a^b
LEVEL_ATOM = 4        # a name, a number, f(a), |a|, anything in brackets

_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def constant_text(c):
    """A constant as it is written: the shortest text that reads back as the same float.

    3.0 -> '3', 0.1 -> '0.1', -2.0 -> '-2'.
    """
    text = repr(float(c))
    return text[:-2] if text.endswith(".0") else text


def number_argument(c, latex=False):
    """A constant as an argument of a formula: (text, precedence); a negative number binds as −a.

    The minus sign is the typeset ``−`` in text and ASCII ``-`` in LaTeX, which
    LaTeX typesets as a minus itself (and ``−`` would stop pdflatex).
    """
    text = constant_text(c)
    if not text.startswith("-"):
        return text, LEVEL_ATOM
    return (text if latex else "−" + text[1:]), LEVEL_SUM


def bracketed(argument, at_least, latex=False):
    """The text of ``argument`` = (text, precedence), in brackets if it binds less than ``at_least``."""
    text, precedence = argument
    if precedence >= at_least:
        return text
    return rf"\left({text}\right)" if latex else f"({text})"


class Infix:
    """``a ∘ b``: an operator between two inputs (or an input and the constant)."""

    def __init__(self, symbol, precedence, latex_symbol, right_strict=False, constant_side=None):
        self.symbol = symbol
        self.precedence = precedence
        self.latex_symbol = latex_symbol
        # a − (b − c), a / (b·c): the right side needs brackets at equal precedence too
        self.right_strict = right_strict
        self.constant_side = constant_side     # "left" (c − x), "right" (x − c) or None

    def write(self, args, constant=None, latex=False):
        args = _with_constant(args, constant, self.constant_side, latex)
        left = bracketed(args[0], self.precedence, latex)
        right = bracketed(args[1], self.precedence + (1 if self.right_strict else 0), latex)
        symbol = self.latex_symbol if latex else self.symbol
        return f"{left}{symbol}{right}", self.precedence


class Fraction(Infix):
    """``a / b``, written as \\frac{a}{b} in LaTeX."""

    def __init__(self, constant_side=None):
        super().__init__(" / ", LEVEL_PRODUCT, "", right_strict=True, constant_side=constant_side)

    def write(self, args, constant=None, latex=False):
        if not latex:
            return super().write(args, constant)
        numerator, denominator = _with_constant(args, constant, self.constant_side, latex)
        return rf"\frac{{{numerator[0]}}}{{{denominator[0]}}}", LEVEL_ATOM


class Power:
    """``a²``, ``a^b``, ``2^x``: the base in brackets unless it is an atom."""

    def __init__(self, constant_side=None):
        self.constant_side = constant_side
        self.precedence = LEVEL_POWER

    def write(self, args, constant=None, latex=False):
        base, exponent = _with_constant(args, constant, self.constant_side, latex)
        base_text = bracketed(base, LEVEL_ATOM, latex)
        if latex:
            return f"{base_text}^{{{exponent[0]}}}", LEVEL_POWER
        text = exponent[0]
        if self.constant_side == "right" and text.lstrip("−").isdigit():
            return base_text + text.replace("−", "-").translate(_SUPERSCRIPTS), LEVEL_POWER
        if exponent[1] < LEVEL_ATOM:
            return f"{base_text}^({text})", LEVEL_POWER
        return f"{base_text}^{text}", LEVEL_POWER


class Prefix:
    """``−a``: binds like a sum from outside (``x·(−a)``), its input in brackets unless a power."""

    def __init__(self, symbol, latex_symbol):
        self.symbol = symbol
        self.latex_symbol = latex_symbol
        self.precedence = LEVEL_SUM

    def write(self, args, constant=None, latex=False):
        symbol = self.latex_symbol if latex else self.symbol
        return symbol + bracketed(args[0], LEVEL_POWER, latex), LEVEL_SUM


class Call:
    """``f(a, b)``: a function of its inputs, with any options after them (``elu(x, α=0.5)``)."""

    def __init__(self, name, latex_name=None, option=None, default=None):
        self.name = name
        self.latex_name = latex_name if latex_name is not None else rf"\operatorname{{{name}}}"
        self.option = option        # the constant's name, shown as "name=value", or None
        self.default = default      # ... except when it has this value
        self.precedence = LEVEL_ATOM

    def write(self, args, constant=None, latex=False):
        texts = [text for text, _ in args]
        if self.option is not None and constant is not None and constant != self.default:
            option = _LATEX_NAMES.get(self.option, self.option) if latex else self.option
            texts.append(f"{option}={constant_text(constant)}")
        name = self.latex_name if latex else self.name
        if latex:
            return rf"{name}\left({', '.join(texts)}\right)", LEVEL_ATOM
        return f"{name}({', '.join(texts)})", LEVEL_ATOM


class Bars:
    """``|a|``."""

    precedence = LEVEL_ATOM

    def write(self, args, constant=None, latex=False):
        text = args[0][0]
        return (rf"\left|{text}\right|" if latex else f"|{text}|"), LEVEL_ATOM


class Terms:
    """``a + b + c``: a sum of any number of inputs (and a constant term)."""

    precedence = LEVEL_SUM

    def write(self, args, constant=None, latex=False):
        terms = [bracketed(arg, LEVEL_SUM, latex) for arg in args]
        if constant:
            terms.append(constant_text(constant))
        return join_terms(terms, latex) if terms else "0", LEVEL_SUM


def join_terms(terms, latex=False):
    """``a + b − c`` from the terms ``a``, ``b``, ``−c``: a term's own sign replaces the plus."""
    minus = " - " if latex else " − "
    text = terms[0]
    for term in terms[1:]:
        if term.startswith(("−", "-")):
            text += minus + term[1:]
        else:
            text += " + " + term
    return text


_LATEX_NAMES = {"α": r"\alpha"}


def _with_constant(args, constant, side, latex=False):
    if side is None:
        return args
    number = number_argument(constant, latex)
    return [number, args[0]] if side == "left" else [args[0], number]


DIFFERENCE = Infix(" − ", LEVEL_SUM, " - ", right_strict=True)
TIMES = Infix("·", LEVEL_PRODUCT, r" \cdot ")
