"""The notes' notation as text: ``parse_expression("y = 3*x - 2; z = y**2", x=2)``.

An expression is what a student writes on paper, in Python's spelling:

- numbers (``3``, ``0.5``, ``1e-3``), always taken as floats;
- names (``x``, ``w1``, ``out_h1``, ``θ``), each given a number or assigned;
- ``+ - * / **``, unary minus, parentheses; the notes' own signs are read
  too: ``−`` (U+2212) as ``-``, ``·`` and ``×`` as ``*``;
- the engine's functions: ``exp log sqrt sin cos tanh sigmoid relu step arctan
  softplus abs``, and ``leaky_relu(x, alpha)`` and ``elu(x, alpha)`` with an
  optional number;
- assignments that name intermediate results, one per line or separated by
  ``;``: ``"y = 3*x - 2; z = y**2"`` labels y and z, so a trace reads dz/dy,
  dz/dx. The last statement is the result.

Nothing else: no attributes, subscripts, lists, strings, lambdas, other
calls, keywords or names that start with ``_``. The text is read by Python's
own parser (``ast``) and every node is checked against an allow-list before
anything is computed; the result is built by calling ``Value`` 's operators
and the methods in ``FUNCTIONS``, never by ``eval``. Numbers are floats, so
``9**9**9`` is an overflow error at once rather than a big-integer
computation that never ends; the length of the text, its nesting and its
number of nodes are bounded before anything else is done. A long sum
``a + b + c + …`` is not nested: its terms count towards the number of
nodes, not the depth.

    >>> from autograd_core import parse_expression, backward_steps
    >>> z = parse_expression("y = 3*x - 2; z = y**2", x=2)
    >>> z
    Value(data=16.0, grad=0.0, op='**2', label='z')
    >>> for step in backward_steps(z):
    ...     print(step)
    dz/dy += dz/dz · ∂z/∂y = 1 · 8 = 8
    dz/dv1 += dz/dy · ∂y/∂v1 = 8 · 1 = 8
    dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24
"""

import ast
import math
import numbers
import textwrap
import unicodedata
import warnings

from autograd_core import Value, no_grad

#: The longest expression read, in characters.
MAX_LENGTH = 10_000
#: The deepest nesting of brackets, checked on the text before it is parsed.
MAX_BRACKETS = 50
#: The deepest nesting of operations: ``exp(-(x*y))`` is 4 deep. A run of
#: sums and differences (``a + b - c + …``), or of products and quotients,
#: is one level however long: it is computed left to right, not nested.
MAX_DEPTH = 200
#: The most numbers, names, operations and calls in one expression.
MAX_NODES = 5_000

#: The functions an expression may call, each a method of ``Value``.
FUNCTIONS = {
    "exp": Value.exp, "log": Value.log, "sqrt": Value.sqrt, "sin": Value.sin,
    "cos": Value.cos, "tanh": Value.tanh, "sigmoid": Value.sigmoid, "relu": Value.relu,
    "step": Value.step, "arctan": Value.arctan, "softplus": Value.softplus, "abs": Value.abs,
    "leaky_relu": Value.leaky_relu, "elu": Value.elu,
}
#: Functions that take a number after x: ``leaky_relu(x, 0.1)``, ``elu(x, 0.5)``.
_WITH_ALPHA = {"leaky_relu", "elu"}

#: The notes' signs, read as Python's: − (U+2212) is -, · (U+00B7) and × are *.
NOTATION = str.maketrans({"\u2212": "-", "\u00b7": "*", "\u00d7": "*"})

#: Operators a run is made of, computed left to right: one level of nesting.
_RUNS = ({ast.Add, ast.Sub}, {ast.Mult, ast.Div})

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}

_GRAMMAR = ("an expression has numbers, names, + - * / **, parentheses, assignments "
            "(y = ...) and the functions " + ", ".join(FUNCTIONS))
_REFUSED_HERE = "cannot be used in an expression; " + _GRAMMAR

#: What a refused piece of Python is, in words, and sometimes what to write instead.
_REFUSED = {
    ast.Attribute: "attribute access (.name)",
    ast.Subscript: "subscripts ([...])",
    ast.Lambda: "lambda",
    ast.List: "lists", ast.Tuple: "tuples (a comma)", ast.Set: "sets", ast.Dict: "dicts",
    ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "generator expressions",
    ast.Starred: "starred arguments (*...)",
    ast.JoinedStr: "strings", ast.FormattedValue: "strings",
    ast.BoolOp: "and / or", ast.Compare: "comparisons", ast.IfExp: "if ... else",
    ast.NamedExpr: ":=", ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
    ast.Slice: "slices",
}
#: Names a student may write for one of the functions (as the notes or other tools spell it).
_OTHER_SPELLINGS = {"ln": "log", "σ": "sigmoid", "sigma": "sigmoid", "logistic": "sigmoid",
                    "atan": "arctan", "Th": "step", "heaviside": "step", "prelu": "leaky_relu"}
#: Superscript digits, which the notes use for powers.
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_REFUSED_OPERATORS = {
    ast.BitXor: "^ (it is not a power here: write x**2)",
    ast.FloorDiv: "// (write / for division)", ast.Mod: "%", ast.MatMult: "@",
    ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>",
    ast.Not: "not", ast.Invert: "~",
}


class ExpressionError(ValueError):
    """An expression that is not in the grammar, or cannot be computed.

    ``str(error)`` is one line saying what is wrong and where (line and
    column), then the offending line with a caret under the offending part.

    Attributes:
        message: what is wrong, in one line.
        line: the line of the offending part (1-based; None when it is about the whole text).
        column: its column (1-based; None when it is about the whole text).
        excerpt: the offending line (cut around the column if long), and a
            line with ``^`` under the offending part; "" without a position.

    Raises:
        Nothing: it is what ``parse_expression`` raises.

    Examples:
        >>> try:
        ...     parse_expression("y = 3*x; y = x", x=1)
        ... except ExpressionError as error:
        ...     print(error.line, error.column, error.message)
        1 10 y is assigned twice; give the second result another name
    """

    def __init__(self, message, text="", line=None, column=None, width=1):
        self.message = message
        self.line = line
        self.column = column
        self.excerpt = _excerpt(text, line, column, width) if line else ""
        where = ""
        if line is not None:
            many_lines = "\n" in text
            where = f"line {line}, column {column}: " if many_lines else f"column {column}: "
        super().__init__(where + message + ("\n" + self.excerpt if self.excerpt else ""))


class Expression:
    """What ``parse_statements`` read: the result and the named nodes.

    Attributes:
        result: the ``Value`` of the last statement.
        inputs: {name: leaf} for the names given a number, in order of first use.
        assigned: {name: node} for the names assigned in the text, in order.
    """

    def __init__(self, result, inputs, assigned):
        self.result = result
        self.inputs = inputs
        self.assigned = assigned

    def named(self):
        """Every named node, inputs first, then the assigned ones: {name: Value}."""
        return {**self.inputs, **self.assigned}

    def __repr__(self):
        return (f"Expression(result={self.result!r}, inputs={list(self.inputs)}, "
                f"assigned={list(self.assigned)})")


def parse_expression(text, /, **values):
    """The ``Value`` that ``text`` computes, with each name's number from ``values``.

    Args:
        text: statements in the notes' notation (see this module), e.g.
            ``"y = 3*x - 2; z = y**2"``; the last statement is the result.
        values: a number (or a ``Value``) for each name the text uses without
            assigning it. A given ``Value`` is used as it is (so its
            ``.grad`` fills in after ``backward()``), labelled with its name
            if it has no label.

    Returns:
        Value: the result, each assigned node labelled with its name, each
            input a leaf labelled with its name; an expression of numbers only
            gives a leaf holding its number.

    Raises:
        ExpressionError: (a ``ValueError``) naming the problem and pointing
            at it: anything outside the grammar, a name with no number, a
            number for a name the text does not use or assigns, a name
            assigned twice or used before it is assigned, a text too long or
            nested too deeply, numbers too large for a float, and anything
            the engine refuses to compute (``log(0)``, ``1/0``).
        TypeError: a text that is not a str, or a value that is neither a
            number nor a ``Value``.

    Examples:
        >>> z = parse_expression("relu(w*x + b)", w=0.5, x=2, b=-0.25)
        >>> z.data
        0.75
        >>> try:
        ...     parse_expression("2 * x.__class__", x=1)
        ... except ExpressionError as error:
        ...     print(error.message[:39])
        ...     print(error.excerpt)
        attribute access (.name) cannot be used
        2 * x.__class__
             ^^^^^^^^^^
    """
    return parse_statements(text, values).result


def parse_statements(text, values):
    """``text`` read with ``values`` ({name: number or Value}): an ``Expression``.

    Refuses what ``parse_expression`` refuses, with the same errors.
    """
    return _Reader(text, values).read()


def input_names(text):
    """The names ``text`` uses without assigning them, in order of first use.

    Refuses what ``parse_expression`` refuses, but for missing numbers.
    """
    return _Reader(text, {}).input_names()


# ----------------------------------------------------------------------
# Reading: bounds, parsing, the allow-list, the names; then computing.
# ----------------------------------------------------------------------

class _Reader:

    def __init__(self, text, values):
        if not isinstance(text, str):
            raise TypeError(f"parse_expression: the expression must be a str, "
                            f"got {type(text).__name__}")
        self.text = text
        self.given = _checked_values(values)
        self.lines = []
        self.constants = {}       # ast.Constant -> its float
        self.bindings = {}        # name -> Value, as the statements are computed

    # -- errors ---------------------------------------------------------

    def product_hint(self, call):
        """``2*(x + 1), not 2(x + 1)`` for a call of something that is not a function."""
        text = ast.get_source_segment("\n".join(self.lines), call) or ""
        depth, start = 0, None
        for position in range(len(text) - 1, -1, -1):      # the ( that opens the last (...)
            depth += {")": 1, "(": -1}.get(text[position], 0)
            if depth == 0:
                start = position
                break
        if not start or len(text) > 60 or "\n" in text:
            return "2*(x + 1), not 2(x + 1)"
        return f"{text[:start]}*{text[start:]}, not {text}"

    def error(self, message, node=None):
        if node is None:
            return ExpressionError(message)
        line = self.lines[node.lineno - 1]
        start = _characters(line, node.col_offset)
        if isinstance(node, ast.Attribute) and node.value.end_lineno == node.lineno:
            start = _characters(line, node.value.end_col_offset)      # point at .name
        if getattr(node, "end_lineno", None) == node.lineno and node.end_col_offset is not None:
            width = max(1, _characters(line, node.end_col_offset) - start)
        else:
            width = max(1, len(line) - start)
        return ExpressionError(message, self.text, node.lineno, start + 1, width)

    # -- the steps --------------------------------------------------------

    def read(self):
        tree = self.parse()
        self.check_grammar(tree)
        inputs = self.resolve_names(tree)
        self.check_given(inputs)
        return self.compute(tree, inputs)

    def input_names(self):
        tree = self.parse()
        self.check_grammar(tree)
        return list(self.resolve_names(tree))

    def parse(self):
        text = self.text
        if len(text) > MAX_LENGTH:
            raise ExpressionError(f"the expression is {len(text):,} characters long; "
                                  f"at most {MAX_LENGTH:,} are read")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        for position, character in enumerate(text):
            if not (character.isprintable() or character in "\n\t"):
                line = text.count("\n", 0, position) + 1
                column = position - (text.rfind("\n", 0, position) + 1) + 1
                self.text = text
                raise ExpressionError(
                    f"the expression holds the control character U+{ord(character):04X}",
                    text, line, column)
        # Blanks common to every line are dropped (Python would read them as an
        # indented block), so an expression may be written indented, as in a
        # triple-quoted string; positions are those of the text without them.
        text = textwrap.dedent(text)
        self.text = text                # as written, for the excerpts
        # The notes' signs become Python's, one character for one, so every
        # column is the same in both; self.lines are what ast reads.
        source = text.translate(NOTATION)
        self.lines = source.split("\n")
        self.check_brackets()
        if not text.strip():
            raise ExpressionError("the expression is empty")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ast.parse(source, mode="exec")
        except SyntaxError as error:
            raise self.syntax_error(error) from None
        except (RecursionError, MemoryError):
            raise ExpressionError(f"the expression is too long or nested too deeply to read (at "
                                  f"most {MAX_NODES:,} numbers, names and operations, and "
                                  f"{MAX_DEPTH} operations inside each other); name parts of "
                                  f"it with assignments: y = ...; z = ...") from None

    def check_brackets(self):
        depth = 0
        for number, line in enumerate(self.lines, start=1):
            for column, character in enumerate(line, start=1):
                if character in "([{":
                    depth += 1
                    if depth > MAX_BRACKETS:
                        raise ExpressionError(
                            f"brackets are nested more than {MAX_BRACKETS} deep",
                            self.text, number, column)
                elif character in ")]}":
                    depth -= 1

    def syntax_error(self, error):
        message = error.msg or "invalid syntax"
        if message.startswith("invalid decimal literal"):
            message += " (a product needs its *: write 3*x, not 3x)"
        elif message.startswith("invalid character") and message[19:20] in _SUPERSCRIPTS:
            power = message[19:20].translate(str.maketrans(_SUPERSCRIPTS, "0123456789"))
            message += f" (a power is written with **: y**{power}, not y{message[19:20]})"
        elif message.startswith("Exceeds the limit"):       # an integer of thousands of digits
            message = "this number is too large for a float (at most about 1.8e308)"
        elif message == "invalid syntax":
            message = "this is not an expression " + "(" + _GRAMMAR + ")"
        line = error.lineno or 1
        if line > len(self.lines):
            return ExpressionError(message)
        offset = error.offset or 1
        column = max(1, min(offset, len(self.lines[line - 1]) + 1))
        width = 1
        if error.end_lineno == line and error.end_offset and error.end_offset > offset:
            width = error.end_offset - offset
        return ExpressionError(message, self.text, line, column, width)

    def check_grammar(self, tree):
        """Refuse every node outside the grammar, before anything is computed."""
        statements = tree.body
        for position, statement in enumerate(statements):
            last = position == len(statements) - 1
            if isinstance(statement, ast.Assign):
                if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
                    raise self.error("an assignment names one result: y = ...",
                                     statement.targets[0] if len(statement.targets) == 1
                                     else statement)
                self.check_name(statement.targets[0])
                value = statement.value
            elif isinstance(statement, ast.Expr):
                if not last:
                    raise self.error("only the last statement may be a bare expression: "
                                     "name this one (y = ...) or drop it", statement)
                value = statement.value
            else:
                raise self.error(f"{_statement_kind(statement)} {_REFUSED_HERE}", statement)
            self.check_expression(value)

    def check_expression(self, root):
        """The allow-list, walked without recursion, with the depth and node bounds."""
        count = 0
        pending = [(root, 1)]
        while pending:
            node, depth = pending.pop()
            count += 1
            if count > MAX_NODES:
                raise self.error(f"the expression has more than {MAX_NODES:,} numbers, "
                                 f"names and operations", root)
            if depth > MAX_DEPTH:
                raise self.error(f"the expression is nested too deeply (at most {MAX_DEPTH} "
                                 f"operations inside each other); name parts of it with "
                                 f"assignments: y = ...; z = ...", node)
            for child in self.allowed_children(node):
                pending.append((child, depth if _continues_run(node, child) else depth + 1))

    def allowed_children(self, node):
        """The sub-expressions of an allowed ``node``; an error for any other node."""
        if isinstance(node, ast.Constant):
            self.constants[node] = self.number(node)
            return ()
        if isinstance(node, ast.Name):
            self.check_name(node)
            if node.id in FUNCTIONS:
                raise self.error(f"{node.id} is a function: call it, as in {node.id}(x)", node)
            return ()
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _OPERATORS:
                raise self.error(f"{_REFUSED_OPERATORS.get(type(node.op), 'this operator')} "
                                 f"{_REFUSED_HERE}", node)
            return (node.right, node.left)
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd)):
                raise self.error(f"{_REFUSED_OPERATORS.get(type(node.op), 'this operator')} "
                                 f"{_REFUSED_HERE}", node)
            return (node.operand,)
        if isinstance(node, ast.Call):
            return self.call_arguments(node)
        what = _REFUSED.get(type(node), type(node).__name__)
        raise self.error(f"{what} {_REFUSED_HERE}", node)

    def call_arguments(self, node):
        function = node.func
        if isinstance(function, (ast.Constant, ast.BinOp, ast.UnaryOp, ast.Call)):
            raise self.error(f"a product needs its *: write {self.product_hint(node)}", node)
        if not isinstance(function, ast.Name):
            what = _REFUSED.get(type(function), "this")
            raise self.error(f"only the engine's functions can be called ({', '.join(FUNCTIONS)}), "
                             f"not {what}", function)
        self.check_name(function)
        name = function.id
        if name not in FUNCTIONS:
            meant = _OTHER_SPELLINGS.get(name) or _OTHER_SPELLINGS.get(name.lower()) or next(
                (known for known in FUNCTIONS if known == name.lower()), None)
            hint = f"; write {meant}(...)" if meant else (
                f" (for a product, write {name}*(...))" if len(name) <= 2 else "")
            raise self.error(f"{name} is not one of the functions an expression can call: "
                             f"{', '.join(FUNCTIONS)}{hint}", function)
        if node.keywords:
            keyword = node.keywords[0]
            raise self.error(f"{name}: keyword arguments are not allowed; write the numbers "
                             f"in order, as in leaky_relu(x, 0.1)", keyword)
        most = 2 if name in _WITH_ALPHA else 1
        if not 1 <= len(node.args) <= most:
            takes = "x and, optionally, a number alpha" if most == 2 else "one argument"
            raise self.error(f"{name} takes {takes}; got {len(node.args)}", node)
        return tuple(reversed(node.args))

    def check_name(self, node):
        if node.id.startswith("_"):
            raise self.error(f"names that start with _ are not allowed ({node.id})", node)

    def number(self, node):
        value = node.value
        if type(value) not in (int, float):
            what = {str: "strings", bytes: "bytes", bool: "True and False",
                    complex: "complex numbers"}.get(type(value), repr(value))
            raise self.error(f"{what} {_REFUSED_HERE}", node)
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self.error("this number is too large for a float (at most about 1.8e308)",
                             node)
        return number

    def resolve_names(self, tree):
        """Which names are inputs (used, never assigned); errors for names misused.

        A name is either an input, used but never assigned, or assigned once
        before any use. Returns {name: its first use} for the inputs.
        """
        assigned_at = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign):
                target = statement.targets[0]
                if target.id in FUNCTIONS:
                    raise self.error(f"{target.id} is a function; name the result "
                                     f"something else", target)
                if target.id in assigned_at:
                    raise self.error(f"{target.id} is assigned twice; give the second "
                                     f"result another name", target)
                if target.id in self.given:
                    raise self.error(f"{target.id} is given a number, but the expression "
                                     f"computes it here; give numbers to inputs only", target)
                assigned_at[target.id] = target
        inputs, known = {}, set()
        for statement in tree.body:
            for node in _names_in_order(statement.value):
                name = node.id
                if name in known:
                    continue
                if name in assigned_at:
                    raise self.error(f"{name} is used before it is assigned", node)
                inputs.setdefault(name, node)
            if isinstance(statement, ast.Assign):
                known.add(statement.targets[0].id)
        return inputs

    def check_given(self, inputs):
        """A number for every input, and for nothing else."""
        missing = [name for name in inputs if name not in self.given]
        if missing:
            raise self.error(
                f"no number was given for {_listing(missing)} (give each as "
                f"{missing[0]}=NUMBER)", inputs[missing[0]])
        unused = [name for name in self.given if name not in inputs]
        if unused:
            has = f"its inputs are {_listing(list(inputs))}" if inputs else "it has no inputs"
            raise ExpressionError(f"a number was given for {_listing(unused)}, which the "
                                  f"expression does not use ({has})")

    def compute(self, tree, inputs):
        named_inputs = {}
        for name in inputs:
            value = self.given[name]
            if not isinstance(value, Value):
                value = Value(value, label=name)
            elif not value.label:
                value.label = name
            named_inputs[name] = value
        self.bindings = dict(named_inputs)
        assigned = {}
        result = None
        for statement in tree.body:
            result = self.evaluate(statement.value)
            if isinstance(statement, ast.Assign):
                target = statement.targets[0]
                result = self.label(result, target.id, statement.value)
                self.bindings[target.id] = assigned[target.id] = result
        if not isinstance(result, Value):
            result = Value(result)
        return Expression(result, named_inputs, assigned)

    def label(self, result, name, node):
        if not isinstance(result, Value):
            return Value(result, label=name)          # a named constant: a leaf
        if result.label:
            raise self.error(f"{name} = {result.label} would only give {result.label} a "
                             f"second name; write {result.label} where you mean {name}", node)
        result.label = name
        return result

    # -- computing: only Value's operators and the methods of FUNCTIONS ---

    def evaluate(self, node):
        """The value of ``node``: a ``Value``, or a float where only numbers are involved.

        A run of operations ``a + b - c + …`` is computed left to right in a
        loop, so only nesting (at most ``MAX_DEPTH``) costs Python's stack.
        """
        operations = []
        while isinstance(node, ast.BinOp):
            operations.append(node)
            node = node.left
        value = self.evaluate_operand(node)
        for operation in reversed(operations):
            right = self.evaluate(operation.right)
            value = self.apply(operation, value, right)
        return value

    def evaluate_operand(self, node):
        if isinstance(node, ast.Constant):
            return self.constants[node]
        if isinstance(node, ast.Name):
            return self.bindings[node.id]
        if isinstance(node, ast.UnaryOp):
            operand = self.evaluate(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        return self.call(node)

    def apply(self, node, left, right):
        """``left op right`` for the ``ast.BinOp`` ``node``; its errors in the words written."""
        symbol = _OPERATORS[type(node.op)]
        if not (isinstance(left, Value) or isinstance(right, Value)):
            try:
                return _number_operation(symbol, left, right)
            except (ArithmeticError, ValueError) as error:
                raise self.error(_first_line(error), node) from None
        problem = _operation_problem(symbol, _number(left), _number(right),
                                     isinstance(right, Value))
        operands = [(node.left, left), (node.right, right)]
        if problem is not None:
            which, reason = problem
            raise self.failed(node, [operands[which]], reason)
        try:
            return _apply(symbol, left, right)
        except (ArithmeticError, ValueError) as error:
            raise self.failed(node, operands, self.reason(error, symbol, left, right)) from None

    def call(self, node):
        name = node.func.id
        x = self.evaluate(node.args[0])
        extra = [self.evaluate(argument) for argument in node.args[1:]]
        for argument, value in zip(node.args[1:], extra):
            if isinstance(value, Value):
                raise self.error(f"{name}: alpha must be a number, not something computed "
                                 f"from the inputs", argument)
        reason = _FUNCTION_PROBLEMS.get(name, lambda number, recording: None)(
            _number(x), isinstance(x, Value))
        if reason is not None:
            raise self.failed(node, [(node.args[0], x)], reason)
        method = FUNCTIONS[name]
        try:
            if isinstance(x, Value):
                return method(x, *extra)
            with no_grad():
                return method(Value(x), *extra).data
        except (ArithmeticError, ValueError, TypeError) as error:
            if isinstance(error, OverflowError):
                reason = "too large for a float"
            else:
                reason = _first_line(error)
            raise self.failed(node, [(node.args[0], x)], reason) from None

    def reason(self, error, symbol, left, right):
        """Why the engine refused ``left symbol right``, in words that name no x of its own."""
        if isinstance(error, OverflowError):
            try:
                _number_operation(symbol, _number(left), _number(right))
            except (ArithmeticError, ValueError):
                return "too large for a float"
            return "its local derivative is too large for a float"
        return _first_line(error)

    def failed(self, node, operands, reason):
        """An error for ``node``: the part as written, its operands' values, and why.

        ``operands`` holds (ast node, value) pairs. ``(-x)**0.5 with -x = -2:
        a negative base needs an integer exponent``; an operand written as a
        number is not repeated.
        """
        values = [f"{self.written(operand)} = {_show(_number(value))}"
                  for operand, value in operands if not _is_literal(operand)]
        shown = self.written(node) + (" with " + ", ".join(values) if values else "")
        return self.error(f"{shown}: {reason}", node)

    def written(self, node):
        """The part of the text ``node`` stands for, as the student wrote it (signs included)."""
        lines = self.text.split("\n")
        first, last = node.lineno - 1, node.end_lineno - 1
        start = _characters(self.lines[first], node.col_offset)
        end = _characters(self.lines[last], node.end_col_offset)
        if first == last:
            part = lines[first][start:end]
        else:
            part = " ".join([lines[first][start:], *lines[first + 1:last], lines[last][:end]])
        part = " ".join(part.split())
        return part if len(part) <= 60 else part[:59] + "…"


def _apply(symbol, left, right):
    """``left symbol right`` with Value's operators; two numbers give a float."""
    if isinstance(left, Value) or isinstance(right, Value):
        if symbol == "+":
            return left + right
        if symbol == "-":
            return left - right
        if symbol == "*":
            return left * right
        if symbol == "/":
            return left / right
        return left ** right
    return _number_operation(symbol, left, right)


def _operation_problem(symbol, a, b, computed_exponent):
    """(which operand, why) ``a symbol b`` cannot be computed with a gradient, else None.

    The engine would refuse these too; here they are said in the student's
    terms, naming the operand as written rather than the x of a formula.
    """
    if symbol == "/" and b == 0.0:
        return 1, "division by zero"
    if symbol != "**":
        return None
    if computed_exponent:
        if a <= 0.0:
            return 0, ("a power whose exponent is computed needs a base > 0 (its derivative "
                       "with respect to the exponent holds ln of the base)")
        return None
    if a < 0.0 and not b.is_integer():
        return 0, "a negative base needs an integer exponent"
    if a == 0.0 and b < 0.0:
        return 0, "zero to a negative power divides by zero"
    if a == 0.0 and 0.0 < b < 1.0:
        return 0, f"a power {_show(b)}, below 1, has an infinite derivative at 0"
    return None


#: Inputs a function refuses, and why: name -> f(number, has_gradient) -> reason or None.
_FUNCTION_PROBLEMS = {
    "log": lambda x, gradient: "log needs its input > 0" if x <= 0.0 else None,
    "sqrt": lambda x, gradient: ("sqrt needs its input >= 0" if x < 0.0 else
                                 "the derivative of sqrt is infinite at 0"
                                 if x == 0.0 and gradient else None),
}


def _continues_run(node, child):
    """True when ``child`` is the left operand of ``node`` in one run, as a + b in a + b - c."""
    if not (isinstance(node, ast.BinOp) and isinstance(child, ast.BinOp) and child is node.left):
        return False
    return any(type(node.op) in run and type(child.op) in run for run in _RUNS)


def _is_literal(node):
    """A number as written (``2``, ``-0.5``): its value is in the text already."""
    while isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant)


def _show(x):
    """A number in full, as ``repr`` writes it, without a trailing ``.0``."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _number_operation(symbol, a, b):
    """``a symbol b`` for two floats, refusing what is not a finite float."""
    shown = f"{_bracketed(a)} {symbol} {_bracketed(b)}"
    try:
        if symbol == "+":
            result = a + b
        elif symbol == "-":
            result = a - b
        elif symbol == "*":
            result = a * b
        elif symbol == "/":
            result = a / b
        else:
            result = a ** b
    except ZeroDivisionError:
        raise ZeroDivisionError(f"{shown} divides by zero") from None
    except OverflowError:
        raise OverflowError(f"{shown} is too large for a float") from None
    if isinstance(result, complex):
        raise ValueError(f"{shown} is not a real number (a negative base needs an "
                         f"integer exponent)")
    if not math.isfinite(result):
        raise OverflowError(f"{shown} is too large for a float")
    return result


# ----------------------------------------------------------------------
# Helpers.
# ----------------------------------------------------------------------

def _checked_values(values):
    given = {}
    for name, value in values.items():
        key = unicodedata.normalize("NFKC", name)    # as Python reads names in the text
        if isinstance(value, Value):
            given[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"parse_expression: the value of {name} must be a number or a "
                            f"Value, got {type(value).__name__}: {value!r:.60}")
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ExpressionError(f"the value of {name} must be a finite number, got {value!r:.60}")
        given[key] = number
    return given


def _names_in_order(root):
    """The ``ast.Name`` nodes under ``root``, left to right, without recursion."""
    names = []
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            names.append(node)
        elif isinstance(node, ast.BinOp):
            pending += [node.right, node.left]
        elif isinstance(node, ast.UnaryOp):
            pending.append(node.operand)
        elif isinstance(node, ast.Call):
            pending += reversed(node.args)
    return names


def _statement_kind(statement):
    kinds = {ast.AugAssign: "an augmented assignment (+=)", ast.AnnAssign: "an annotation",
             ast.Import: "import", ast.ImportFrom: "import", ast.FunctionDef: "def",
             ast.ClassDef: "class", ast.For: "for", ast.While: "while", ast.If: "if",
             ast.With: "with", ast.Return: "return", ast.Delete: "del", ast.Try: "try",
             ast.Raise: "raise", ast.Global: "global", ast.Nonlocal: "nonlocal",
             ast.Assert: "assert", ast.Pass: "pass", ast.Break: "break",
             ast.Continue: "continue", ast.AsyncFunctionDef: "async def"}
    return kinds.get(type(statement), "this statement")


def _characters(line, byte_offset):
    """The character column of ``ast`` 's UTF-8 byte offset into ``line``."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _excerpt(text, line, column, width, room=72):
    """The offending line, cut to ``room`` characters around ``column``, and a caret line."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    source = "".join(c if c.isprintable() else " " if c == "\t" else "\ufffd"
                     for c in lines[line - 1])
    start = column - 1
    width = max(1, min(width, len(source) - start if start < len(source) else 1, room // 2))
    first = max(0, start - room // 2)
    last = min(len(source), max(first + room, start + width))
    shown = source[first:last]
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < len(source) else ""
    caret = " " * (len(prefix) + start - first) + "^" * width
    return prefix + shown + suffix + "\n" + caret


def _listing(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _number(x):
    """The float of a ``Value`` or a float."""
    return x.data if isinstance(x, Value) else x


def _bracketed(x):
    text = _show(x)
    return f"({text})" if x < 0 else text


def _first_line(error):
    return " ".join(str(error).split("\n")[0].split()) or type(error).__name__
