"""An operation as one record: everything the engine and the people reading it need to know.

Every node of a graph points at the record of the operation that made it
(``node.op``). The record holds, in one place:

- its **name** (``"*"``, ``"sigmoid"``, ``"Σw·x+b"``, ``"*3"``) and **arity**;
- its **float rule**, ``forward(*numbers) -> (value, local derivatives)``: what
  ``backward()`` needs, computed when the node is made;
- the same local derivatives **written with Values**,
  ``local_grads_as_values(*inputs, out)``, for derivatives of derivatives;
- how the operation **prints**, its result as a formula of its inputs
  (``x − 2``, ``2 − x``, ``σ(net)``), in text and LaTeX;
- the **formula of each local derivative** in the inputs' and the result's
  names (∂out/∂net = out·(1 − out)), in text and LaTeX.

An operation with a constant (``x − 2``, ``x ** 3``, ``elu`` with its α) is a
*family*: ``family.with_constant(c)`` is the record of one member, which
carries its constant, so nothing ever reads a number back out of a name.

Pictures, traces, the tutor and the player ask the record; they never look
at the characters of an operation's name. Users define records of their own
with the same class (see ``autograd_core.Operation``).
"""

import math
import numbers
import re
from string import Template

from .numbers import as_float, checked_label, short_repr
from .writing import LEVEL_ATOM, Call, bracketed, constant_text, number_argument

#: A family keeps at most this many members (one per constant) for reuse.
MAX_MEMBERS = 4096


class Formula:
    """The formula of one local derivative, as text and as LaTeX.

    The templates name the operation's inputs (``$x``, ``$y``, as the record's
    ``input_names`` say), its result ``$out`` and its constant ``$c``:

        >>> Formula("$out·(1 − $out)").write({"out": "out_o1"})
        'out_o1·(1 − out_o1)'
    """

    def __init__(self, text, latex=None):
        self.text = Template(text)
        self.latex = Template(latex if latex is not None else text)

    def write(self, names, latex=False):
        return (self.latex if latex else self.text).substitute(names)


class Operation:
    """The record of one operation: name, arity, float rule, Value rule, and how it is written.

    ``Operation(name, value, local_grads, local_grads_as_values=None)`` defines
    an operation of your own (see ``autograd_core.Operation`` for the whole
    story); call the record on ``Value`` s (or numbers) to make a node:

        >>> from autograd_core import Value
        >>> cube = Operation("cube", value=lambda x: x ** 3,
        ...                  local_grads=lambda x, out: [3 * x ** 2],
        ...                  local_grads_as_values=lambda x, out: [3 * x ** 2],
        ...                  formula="$x³", derivative_formulas=["3·$x²"])
        >>> y = cube(Value(2.0, label="a"))
        >>> y.data, y.local_grads, y.op.write([("a", 4)])[0], y.op.local_formula(0, ["a"], "y")
        (8.0, (12.0,), 'a³', '3·a²')

    ``value(*numbers)`` gives the result, ``local_grads(*numbers, out=result)``
    one float per input. ``arity`` (how many inputs; None for any number)
    is checked when the record is called. ``formula`` writes the result
    and ``derivative_formulas`` each local derivative, as templates in the
    inputs ``$x``, ``$y``, ``$z`` (or ``$x1``, ``$x2``, … beyond three) and
    ``$out``; without them the result is written ``name(x, y)`` and each local
    derivative ``∂name/∂x``, shown with its number.

    Raises:
        ValueError: an empty name, or an ``arity`` that is not an int >= 0.
        TypeError: a ``value`` or ``local_grads`` that is not a function; later,
            when the record is called, inputs of the wrong number or kind.

    Examples:
        >>> Operation("", value=abs, local_grads=lambda x, out: [1.0])
        Traceback (most recent call last):
          ...
        ValueError: Operation(name=...): needs a name, got ''
    """

    def __init__(self, name, value, local_grads, local_grads_as_values=None, *, arity=None,
                 formula=None, formula_latex=None, derivative_formulas=None,
                 derivative_formulas_latex=None):
        checked_label(name, "Operation(name=...)")
        if not name:
            raise ValueError("Operation(name=...): needs a name, got ''")
        for argument, function in (("value", value), ("local_grads", local_grads)):
            if not callable(function):
                raise TypeError(f"Operation {name!r}: {argument} must be a function, "
                                f"got {type(function).__name__}: {short_repr(function)}")
        if local_grads_as_values is not None and not callable(local_grads_as_values):
            raise TypeError(f"Operation {name!r}: local_grads_as_values must be a function "
                            f"or None, got {type(local_grads_as_values).__name__}")
        if arity is not None and (isinstance(arity, bool) or not isinstance(arity, numbers.Integral)
                                  or arity < 0):
            raise ValueError(f"Operation {name!r}: arity must be an int >= 0 or None, got {arity!r}")
        for what, texts in (("formula", [formula, formula_latex]),
                            ("derivative_formulas", derivative_formulas),
                            ("derivative_formulas_latex", derivative_formulas_latex)):
            if isinstance(texts, (list, tuple)):
                for text in texts:
                    _check_template(name, what, text)
        self._setup(name, forward=_UserRule(name, value, local_grads), arity=arity,
                    as_values=local_grads_as_values,
                    writer=_TemplateWriter(formula, formula_latex) if formula else Call(name),
                    derivatives=_user_formulas(name, derivative_formulas, derivative_formulas_latex))
        self.user_defined = True

    @classmethod
    def builtin(cls, name, forward, as_values, writer, derivatives, arity=1, input_names=("x",),
                constant_name=None, rerun=None):
        """A built-in operation's record (the engine's own: ``value.py``, ``sums.py``).

        ``forward(*numbers[, c])`` returns (value, tuple of local derivatives);
        ``as_values(*inputs, out[, c])`` the local derivatives written with
        Values, or ``CONSTANT`` when they are numbers that never change;
        ``derivatives`` one ``Formula`` per input (or a function
        ``(position, names, node, latex) -> text`` for an operation of any
        arity). A family (an operation with a constant) is made by giving
        ``constant_name``, a function ``c -> name``; its members come from
        ``with_constant``. ``rerun(node, numbers)`` replaces the float rule
        where the node holds part of it (a weighted sum's number factors).
        """
        record = cls.__new__(cls)
        record._setup(name, forward=forward, arity=arity, as_values=as_values, writer=writer,
                      derivatives=derivatives, input_names=input_names)
        record.constant_name = constant_name
        record.rerun_rule = rerun
        return record

    def _setup(self, name, forward, arity, as_values, writer, derivatives, input_names=None):
        self.name = name
        self.forward = forward
        self.arity = arity
        self.as_values = as_values
        self.writer = writer
        self.derivatives = derivatives
        self.input_names = input_names
        self.constant = None          # a member of a family: its constant
        self.family = None            # ... and the family it belongs to
        self.constant_name = None
        self.members = {}
        self.user_defined = False
        self.rerun_rule = None

    # ------------------------------------------------------------------
    # A family and its members: one record per constant.
    # ------------------------------------------------------------------

    def with_constant(self, c):
        """The member of this family for the constant ``c`` (made once, then reused)."""
        key = c if c or type(c) is not float else (c, math.copysign(1.0, c))   # 0.0 vs -0.0
        member = self.members.get(key)
        if member is None:
            member = Operation.__new__(Operation)
            member.__dict__.update(self.__dict__)
            member.name = self.constant_name(c)
            member.constant = c
            member.family = self
            member.members = {}
            if self.forward is not None:
                member.forward = _bound(self.forward, c)
            if len(self.members) < MAX_MEMBERS:
                self.members[key] = member
        return member

    # ------------------------------------------------------------------
    # The numbers.
    # ------------------------------------------------------------------

    def value(self, *numbers):
        """The result for these input numbers (floats)."""
        return self.forward(*numbers)[0]

    def local_grads(self, *numbers):
        """The local derivatives, one float per input, for these input numbers."""
        return self.forward(*numbers)[1]

    def rerun(self, node, numbers):
        """(value, local derivatives) of ``node`` 's operation with its inputs set to ``numbers``.

        What the tutor uses to follow a student's own numbers through the graph.
        Raises ``ValueError`` for an operation whose float rule is not known
        (a node made by hand).
        """
        if self.rerun_rule is not None:
            return self.rerun_rule(node, numbers)
        if self.forward is None:
            raise ValueError(f"operation {self.name!r} cannot be computed on other numbers: "
                             f"its node was made by hand, without a record")
        return self.forward(*numbers)

    def is_a(self, record):
        """True when this is ``record`` or a member of the family ``record``."""
        return self is record or self.family is record

    def local_grads_as_values(self, node):
        """The local derivatives of ``node`` written with Values (or numbers, where constant).

        Raises ``ValueError`` for an operation whose derivative is known only
        as floats, which cannot be differentiated again.
        """
        rule = self.as_values
        if rule is None and not self.user_defined:
            raise ValueError(
                f"operation {self.name!r} (of node {node!r}) has no derivative written with "
                f"Values, so it cannot be differentiated twice; define it with "
                f"autograd_core.Operation and local_grads_as_values=...")
        if rule is None:
            raise ValueError(
                f"operation {self.name!r} was defined without local_grads_as_values=..., so its "
                f"derivative is known only as numbers and cannot be differentiated again; "
                f"define it with its local derivatives written with Values")
        if rule is CONSTANT:
            return node.local_grads
        if self.family is not None:
            grads = rule(*node.inputs, out=node, c=self.constant)
        else:
            grads = rule(*node.inputs, out=node)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        if len(grads) != len(node.inputs):
            raise ValueError(
                f"operation {self.name!r}: its local_grads_as_values gave {len(grads)} "
                f"derivatives for {len(node.inputs)} inputs; give one per input")
        return grads

    # ------------------------------------------------------------------
    # The formulas.
    # ------------------------------------------------------------------

    @property
    def precedence(self):
        """How tightly the written result binds (see ``writing``): brackets go by it."""
        return self.writer.precedence

    def write(self, args, node=None, latex=False):
        """The result written as a formula of ``args``: (text, precedence).

        ``args`` holds one (text, precedence) per input: a name, a number or a
        whole formula; ``node`` is the node written (a weighted sum reads its
        constant factors there).
        """
        if getattr(self.writer, "needs_node", False):
            return self.writer.write(args, self.constant, latex, node)
        return self.writer.write(args, self.constant, latex)

    def local_formula(self, position, args, out, node=None, latex=False):
        """The formula of ∂out/∂(input ``position``) in the texts ``args`` and ``out``.

        ``args`` are texts (names, numbers or formulas) of the inputs, ``out``
        of the result; each is put in brackets where it is not an atom.
        """
        names = self.formula_names(args, out, latex)
        derivatives = self.derivatives
        if callable(derivatives):
            return derivatives(position, names, node, latex)
        return derivatives[position].write(names, latex)

    def formula_names(self, args, out, latex=False):
        """The ``$``-names of the formulas: each input's text (as an atom), ``out`` and ``c``."""
        names = {"out": _atom(out, latex)}
        input_names = self.input_names or default_input_names(len(args))
        for name, text in zip(input_names, args):
            names[name] = _atom(text, latex)
        if self.constant is not None and isinstance(self.constant, float):
            names["c"] = bracketed(number_argument(self.constant, latex), LEVEL_ATOM, latex)
        return names

    # ------------------------------------------------------------------

    def __eq__(self, other):
        if isinstance(other, str):
            return self.name == other
        return self is other

    def __hash__(self):
        return hash(self.name)

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"Operation({self.name!r})"

    def __reduce__(self):
        raise TypeError(f"Operation {self.name!r} holds functions and cannot be pickled")

    def __call__(self, *inputs):
        """A new node: this operation applied to ``inputs`` (Values, or numbers made leaves)."""
        from .value import apply_operation
        return apply_operation(self, inputs)


CONSTANT = "constant"
"""The Value rule of an operation whose local derivatives never change (``+``, ``*3``, ``relu``)."""


def default_input_names(count):
    """``x``, ``y``, ``z`` for up to three inputs, else ``x1``, ``x2``, …."""
    if count <= 3:
        return ("x", "y", "z")[:count]
    return tuple(f"x{k}" for k in range(1, count + 1))


def operation_of(node):
    """The record of the operation that made ``node``.

    A node made by hand (``node.op = "my product"``, a plain string) gets a
    record that knows only its name: written ``my product(x, y)``, its local
    derivatives known as numbers only.
    """
    op = node.op
    if isinstance(op, Operation):
        return op
    record = _OPAQUE.get(op)
    if record is None:
        record = Operation.builtin(str(op), forward=None, as_values=None, writer=Call(str(op)),
                                   derivatives=_generic_formula(str(op)), arity=None,
                                   input_names=None)
        if len(_OPAQUE) < MAX_MEMBERS:
            _OPAQUE[op] = record
    return record


_OPAQUE = {}


def _atom(text, latex):
    """A text as an argument of a formula: bare if one word or number, else in brackets."""
    if isinstance(text, tuple):
        return bracketed(text, LEVEL_ATOM, latex)
    if _is_atom(text):
        return text
    return rf"\left({text}\right)" if latex else f"({text})"


def _is_atom(text):
    if not text:
        return False
    if text[0] == "(" and text[-1] == ")" and _balanced_inside(text):
        return True
    if text[0] in "−-":
        return False
    return all(ch.isalnum() or ch in "_.'′⁺⁻⁽⁾₍₎⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉σ" for ch in text)


def _balanced_inside(text):
    depth = 0
    for ch in text[1:-1]:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def _bound(forward, c):
    """The float rule of a family with its constant filled in."""
    def member_forward(*numbers):
        return forward(*numbers, c=c)
    return member_forward


class _UserRule:
    """The float rule of a user-defined operation: its value, then its local derivatives, checked.

    Every failure names the operation and its input numbers; the text of the
    numbers is made only when an error is raised, so a call costs time in
    proportion to its number of inputs.
    """

    def __init__(self, name, value, local_grads):
        self.name = name
        self.value = value
        self.local_grads = local_grads

    def __call__(self, *numbers):
        name = self.name
        try:
            out = self.value(*numbers)
        except (ArithmeticError, ValueError) as error:
            raise ValueError(f"operation {name!r} at {_shown(numbers)}: its value could not be "
                             f"computed: {error}") from error
        except TypeError as error:
            raise TypeError(f"operation {name!r} was called with {len(numbers)} input(s), "
                            f"and its value function refused them: {error}") from error
        except Exception as error:
            raise RuntimeError(f"operation {name!r} at {_shown(numbers)}: its value function "
                               f"raised {type(error).__name__}: {error}") from error
        out = _user_number(out, name, numbers, "its value")
        try:
            grads = self.local_grads(*numbers, out=out)
        except (ArithmeticError, ValueError) as error:
            raise ValueError(f"operation {name!r} at {_shown(numbers)}: its local derivatives "
                             f"could not be computed: {error}") from error
        except TypeError as error:
            raise TypeError(f"operation {name!r}: local_grads is called as local_grads(*inputs, "
                            f"out=result), here with {len(numbers)} input(s), and refused: "
                            f"{error}") from error
        except Exception as error:
            raise RuntimeError(f"operation {name!r} at {_shown(numbers)}: its local_grads "
                               f"function raised {type(error).__name__}: {error}") from error
        if not isinstance(grads, (list, tuple)):
            raise TypeError(f"operation {name!r}: local_grads must return a list of numbers, one "
                            f"per input, got {type(grads).__name__}: {short_repr(grads)}")
        if len(grads) != len(numbers):
            raise ValueError(f"operation {name!r}: local_grads returned {len(grads)} "
                             f"derivatives for {len(numbers)} inputs; it must return one per input")
        if _FLOAT_TYPE.issuperset(map(type, grads)) and math.isfinite(sum(grads)):
            return out, tuple(grads)       # all finite floats: checked at C speed
        return out, tuple(_user_number(g, name, numbers, f"local derivative {i}")
                          for i, g in enumerate(grads))


_FLOAT_TYPE = frozenset([float])


def _user_number(x, name, numbers, what):
    """``x`` as a finite float, or an error naming the operation; a bool is not a number here."""
    if type(x) is float and math.isfinite(x):
        return x
    if isinstance(x, bool):
        raise TypeError(f"operation {name!r} at {_shown(numbers)}: {what} must be a number, "
                        f"got bool: {x!r}")
    return as_float(x, f"operation {name!r} at {_shown(numbers)}: {what}")


def _shown(numbers, limit=8):
    """The input numbers for a message, cut short for an operation of many inputs."""
    shown = ", ".join(repr(x) for x in numbers[:limit])
    if len(numbers) > limit:
        shown += f", … ({len(numbers)} inputs)"
    return f"({shown})"


class _TemplateWriter:
    """A user's formula for the result, as a template in ``$x``, ``$y``, … (an atom when written)."""

    precedence = LEVEL_ATOM

    def __init__(self, text, latex):
        self.formula = Formula(text, latex)

    def write(self, args, constant=None, latex=False):
        names = dict(zip(default_input_names(len(args)),
                         (bracketed(arg, LEVEL_ATOM, latex) for arg in args)))
        text = self.formula.write(names, latex)
        return (text if _is_atom(text) else f"({text})"), LEVEL_ATOM


def _user_formulas(name, texts, latexes):
    """The derivative formulas of a user's operation: their templates, or ∂name/∂x."""
    if texts is None:
        return _generic_formula(name)
    if not isinstance(texts, (list, tuple)) or not all(isinstance(t, str) for t in texts):
        raise TypeError(f"Operation {name!r}: derivative_formulas must be a list of strings, "
                        f"one per input, got {short_repr(texts)}")
    latexes = latexes if latexes is not None else [None] * len(texts)
    formulas = [Formula(text, latex) for text, latex in zip(texts, latexes)]

    def write(position, names, node, latex):
        if position >= len(formulas):
            return f"∂{name}/∂{_nth_input_name(position, names)}"
        try:
            return formulas[position].write(names, latex)
        except (KeyError, ValueError):
            raise ValueError(f"Operation {name!r}: derivative formula {position} uses a name "
                             f"other than $x, $y, $z (or $x1, $x2, …) and $out") from None
    return write


_INPUT_NAMES = re.compile(r"x|y|z|x[1-9][0-9]*")


def _check_template(name, what, text):
    """A user's template names only the inputs ($x, $y, $z or $x1, $x2, …), a derivative also $out."""
    if not isinstance(text, str):
        return
    result = what == "formula"
    for match in Template.pattern.finditer(text):
        named = match.group("named") or match.group("braced")
        if (match.group("invalid") is not None
                or named and not (_INPUT_NAMES.fullmatch(named) or named == "out" and not result)):
            shown = match.group(0) if named is None else "$" + named
            names = "" if result else " and the result $out"
            raise ValueError(f"Operation {name!r}: {what} {short_repr(text)} uses {shown}; it may "
                             f"name the inputs $x, $y, $z (or $x1, $x2, …){names}; $$ writes a $")


def _generic_formula(name):
    def write(position, names, node, latex):
        return f"∂{name}/∂{_nth_input_name(position, names)}"
    return write


def _nth_input_name(position, names):
    inputs = [text for key, text in names.items() if key not in ("out", "c")]
    return inputs[position] if position < len(inputs) else f"x{position + 1}"


__all__ = ["Operation", "Formula", "CONSTANT", "operation_of", "constant_text"]
