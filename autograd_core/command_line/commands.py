"""``autograd-core``: the chain rule of an expression, from a terminal.

    $ autograd-core trace "y = 3*x - 2; z = y**2" x=2
    z = 16, with x = 2
    the backward pass, one chain-rule step at a time:
      1. dz/dy += dz/dz · ∂z/∂y = 1 · 8 = 8
      2. dz/dv1 += dz/dy · ∂y/∂v1 = 8 · 1 = 8
      3. dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24
    dz/dx = 24

Every subcommand takes an expression in the notes' notation (see
``expression``; ``-`` reads it from standard input) and a number for each
input as NAME=VALUE. ``trace`` prints the backward pass, ``forward`` the
forward-mode steps, ``grad`` the value and every d/dNAME, ``paths`` the
chain-rule paths, ``draw`` writes a picture (SVG or PNG) or a page that steps
through the pass, and ``check`` judges numbers worked out by hand.

A number, for an input or in a claim, is digits (``2``, ``-0.5``, ``1e-3``;
the notes' ``−`` too) or numbers combined (``1/3``): see ``numbers``.

Exit status: 0 done (for ``check``: every claim right or rounded), 1 a claim
is wrong or needs more digits, 2 a bad expression, value, claim or file (one message on standard error,
never a traceback), 130 interrupted by Ctrl-C, 141 the reader of the output
went away (``| head``), quietly, as other tools do (128 + SIGPIPE).
"""

import argparse
import os
import sys
import textwrap

from autograd_core import backward_steps, chain_rule_paths, check, forward_steps

from .drawing import DrawingError, check_outputs, draw, one_line
from .expression import (FUNCTIONS, MAX_LENGTH, ExpressionError, input_names,
                         parse_statements)
from .numbers import NumberError, claimed_number, value_number

PROGRAM = "autograd-core"

#: Exit statuses.
OK, CLAIM_WRONG, USAGE, INTERRUPTED, PIPE_CLOSED = 0, 1, 2, 130, 141

#: ``paths`` prints at most this many local derivatives in all (each path is
#: as long as the graph is deep, and there may be thousands of paths).
MAX_PATH_FACTORS = 100_000

_FUNCTION_LIST = textwrap.fill(", ".join(FUNCTIONS), width=76, initial_indent="    ",
                               subsequent_indent="    ")
_EXAMPLES = f"""\
an expression is written as in the notes, in Python's spelling:
  numbers, names, + - * / ** (power), unary minus, parentheses, the functions
{_FUNCTION_LIST},
  and assignments that name intermediate results: "y = 3*x - 2; z = y**2".
  The notes' signs are read too: − for -, · and × for *.
  The last statement is the result. Give each input a number: x=2 (or x=1/3).

examples:
  {PROGRAM} trace "y = 3*x - 2; z = y**2" x=2
  {PROGRAM} forward "y = 3*x - 2; z = y**2" x=2 --wrt x
  {PROGRAM} grad "sigmoid(w*x + b)" w=0.5 x=2 b=-1
  {PROGRAM} paths "a = x*y; b = a + x; c = a*b" x=2 y=3 --wrt x
  {PROGRAM} draw "y = 3*x - 2; z = y**2" x=2 -o chain.svg --player chain.html
  {PROGRAM} check "y = 3*x - 2; z = y**2" x=2 y=4 dz/dy=8 dz/dx=8

exit status: 0 done (check: every claim right or rounded), 1 a claim is wrong
  or needs more digits, 2 a mistake in what was typed, 130 Ctrl-C, 141 the
  output's reader went away.
"""


class UsageError(Exception):
    """A mistake in what was typed: one line for standard error, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line (and no usage block) and no exit of its own."""

    def error(self, message):
        raise UsageError(f"{message} (see {self.prog} --help)")


class _Once(argparse.Action):
    """An option that may be given once: a second ``-o`` is refused, not silently preferred."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest) is not None:
            parser.error(f"{option_string} is given twice; give it once")
        setattr(namespace, self.dest, values)


def main(argv=None, prog=PROGRAM):
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); the exit status.

    Returns 0 when done (for ``check``: every claim right or rounded), 1 when
    ``check`` found a claim wrong or asks for more digits, 2 for a usage error (a bad expression, value,
    claim or file: one message on standard error, no traceback), 130
    when interrupted by Ctrl-C and 141 (128 + SIGPIPE, what a shell shows
    for a tool stopped by a closed pipe) when the reader of standard output
    went away, as ``| head`` does, with nothing on standard error.
    """
    try:
        return _main(argv, prog)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away: stop quietly. What is still buffered goes to
        # nowhere, so Python's own flush at exit does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return PIPE_CLOSED


def _main(argv, prog):
    parser = _build_parser(prog)
    try:
        options = parser.parse_args(_protect_leading_minus(argv, parser))
        if options.command is None:
            parser.print_help()
            return OK
        return options.run(options)
    except ExpressionError as error:
        _complain(prog, str(error))
    except (UsageError, DrawingError) as error:
        _complain(prog, str(error))
    except BrokenPipeError:
        raise
    except (ValueError, TypeError, ArithmeticError, RuntimeError, ImportError, OSError) as error:
        _complain(prog, one_line(error))
    return USAGE


def _complain(prog, message):
    """The error, its first line naming the program; an expression's excerpt after it."""
    sys.stderr.write(f"{prog}: error: {message}\n")
    sys.stderr.flush()


# ----------------------------------------------------------------------
# The arguments.
# ----------------------------------------------------------------------

def _build_parser(prog):
    parser = _Parser(prog=prog, description="The chain rule of an expression, step by step.",
                     epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name, run, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text,
                                  epilog=_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("expression", metavar="EXPR",
                         help='the expression, e.g. "y = 3*x - 2; z = y**2" (- reads it '
                              'from standard input)')
        sub.set_defaults(run=run)
        return sub

    trace = command("trace", _trace, "print the backward pass one chain-rule step at a time, "
                                     "then the gradients")
    _values_argument(trace)
    forward = command("forward", _forward, "print forward mode: each node's derivative with "
                                           "respect to one input, in computation order")
    _values_argument(forward)
    _wrt_argument(forward, "the input (or named node) to differentiate with respect to "
                           "(default: each input in turn)")
    grad = command("grad", _grad, "print the value and its derivative with respect to every "
                                  "named input")
    _values_argument(grad)
    paths = command("paths", _paths, "print the chain-rule paths from each named input to the "
                                     "result, and their products")
    _values_argument(paths)
    _wrt_argument(paths, "only the paths from this input (or named node)")
    draw = command("draw", _draw, "draw the graph with its gradients to an SVG or PNG file, "
                                  "or a web page that steps through the pass")
    _values_argument(draw)
    draw.add_argument("-o", "--output", metavar="FILE", action=_Once,
                      help="the picture: FILE.svg or FILE.png")
    draw.add_argument("--player", metavar="FILE.html", action=_Once,
                      help="a page that steps through the backward pass (with --wrt: the "
                           "forward pass), one chain-rule step per key press")
    _wrt_argument(draw, "with --player: step through the forward pass for d/dNAME instead")
    judge = command("check", _check, "judge numbers worked out by hand: node values (y=4) and "
                                     "derivatives (dz/dx=24)")
    judge.add_argument("assignments", nargs="*", metavar="NAME=VALUE|CLAIM=NUMBER",
                       help="a number for each input, then the claims: a named node's value "
                            "(y=4), a derivative dA/dB (dz/dx=24), or with --learning-rate an "
                            "input after one step of gradient descent (x+=1.76)")
    judge.add_argument("--learning-rate", metavar="η", action=_Once,
                       help="judge x+ (or x⁺) as x − η·dresult/dx, one step of gradient descent")
    return parser


def _values_argument(sub):
    sub.add_argument("assignments", nargs="*", metavar="NAME=VALUE",
                     help="a number for each input, e.g. x=2 (a VALUE may be written with "
                          "numbers and operators: x=1/3)")


def _wrt_argument(sub, help_text):
    sub.add_argument("--wrt", metavar="NAME", action=_Once, help=help_text)


def _protect_leading_minus(argv, parser):
    """An expression such as ``-x**2`` would look like an option to argparse: a blank
    in front (dropped again by the parser of expressions) keeps it an argument."""
    argv = list(sys.argv[1:] if argv is None else argv)
    options = {"-h", "--help", "-o", "--output", "--player", "--wrt", "--learning-rate", "--version"}
    protected = []
    for position, argument in enumerate(argv):
        option = argument.split("=", 1)[0]
        if (argument.startswith("-") and argument != "-" and option not in options
                and not (position > 0 and argv[position - 1] in options)):
            argument = " " + argument
        protected.append(argument)
    return protected


def _version():
    try:
        from importlib.metadata import version
        return version("autograd-core")
    except Exception:           # not installed, only on the path
        return "(version unknown)"


# ----------------------------------------------------------------------
# Reading the expression and its numbers.
# ----------------------------------------------------------------------

def _read_text(expression):
    if expression != "-":
        return expression
    return sys.stdin.read(MAX_LENGTH + 1)       # more is refused by the parser, unread


def _split(assignment):
    written = assignment.strip()        # as typed, without the blank _protect_leading_minus adds
    name, equals, value = written.partition("=")
    name, value = name.strip(), value.strip()
    if written.startswith("-") and not equals:
        raise UsageError(f"{written:.80} is not an option of this command (see --help); "
                         f"after the expression come NAME=VALUE pairs")
    if not equals or not name or not value:
        raise UsageError(f"expected NAME=VALUE, got {written!r:.80}")
    return name, value


def _number(name, text):
    """The number written for the input ``name``: digits, or numbers combined (1/3)."""
    try:
        return value_number(text)
    except NumberError as error:
        raise UsageError(f"{name}={text:.80}: {error}") from None


def _claimed(key, text):
    """The number claimed for ``key``: digits as written, or exactly what numbers combine to."""
    try:
        return claimed_number(text)
    except NumberError as error:
        raise UsageError(f"{key}={text:.80}: {error}") from None


def _read(options):
    """The expression with the numbers given: an ``expression.Expression``."""
    text = _read_text(options.expression)
    values = {}
    for assignment in options.assignments:
        name, value = _split(assignment)
        if name in values:
            raise UsageError(f"{name} is given twice")
        values[name] = _number(name, value)
    expression = parse_statements(text, values)
    _name_the_result(expression)
    return expression


def _name_the_result(expression):
    """An unnamed result is called f (or f1, f2, … if f is taken), so the steps read df/dx."""
    result = expression.result
    if result.label:
        return
    taken = set(expression.named())
    name, number = "f", 0
    while name in taken:
        number += 1
        name = f"f{number}"
    result.label = name


def _inputs_to_show(expression, wrt):
    """[(name, node)]: the node ``--wrt`` names, or every named leaf."""
    named = expression.named()
    if wrt is not None:
        if wrt not in named:
            known = ", ".join(named) or "(none)"
            raise UsageError(f"--wrt {wrt!r:.40}: the expression has no node "
                             f"of that name (its names: {known})")
        return [(wrt, named[wrt])]
    return [(name, node) for name, node in named.items() if not node.inputs]


def _show(x):
    """A number in full: the shortest text that reads back as the same float."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _given(expression):
    return ", ".join(f"{name} = {_show(node.data)}" for name, node in expression.inputs.items())


def _headline(expression):
    root = expression.result
    given = _given(expression) if root.inputs else ""
    return f"{root.label} = {_show(root.data)}" + (f", with {given}" if given else "")


# ----------------------------------------------------------------------
# The subcommands. Each prints to standard output and returns the exit status.
# ----------------------------------------------------------------------

def _trace(options):
    expression = _read(options)
    root = expression.result
    print(_headline(expression))
    print("the backward pass, one chain-rule step at a time:")
    count = 0
    for count, step in enumerate(backward_steps(root), start=1):
        print(f"  {count}. {step}")
    if count == 0:
        why = "is an input itself" if root in expression.inputs.values() else "has no inputs"
        print(f"  (none: {root.label} {why})")
    for name, node in _inputs_to_show(expression, None):
        print(f"d{root.label}/d{name} = {_show(node.grad)}")
    return OK


def _forward(options):
    expression = _read(options)
    root = expression.result
    shown = _inputs_to_show(expression, options.wrt)
    print(_headline(expression))
    for name, node in shown:
        print(f"forward mode for d/d{name}, one node at a time, in computation order:")
        derivative = 1.0 if node is root else 0.0
        count = 0
        for count, step in enumerate(forward_steps(root, node), start=1):
            print(f"  {count}. {step}")
            if step.node is root:
                derivative = step.derivative
        if count == 0:
            print(f"  (none: {root.label} does not depend on {name})" if node is not root
                  else f"  (none: {name} is the result itself)")
        print(f"d{root.label}/d{name} = {_show(derivative)}")
    return OK


def _grad(options):
    expression = _read(options)
    root = expression.result
    root.backward()
    print(f"{root.label} = {_show(root.data)}")
    for name, node in _inputs_to_show(expression, None):
        print(f"d{root.label}/d{name} = {_show(node.grad)}")
    return OK


def _paths(options):
    expression = _read(options)
    root = expression.result
    shown = _inputs_to_show(expression, options.wrt)
    paths = []
    for name, node in shown:
        try:
            paths.append(chain_rule_paths(root, node))
        except ValueError:          # more paths than chain_rule_paths lists
            raise UsageError(f"paths: more chain-rule paths lead from {name} to {root.label} "
                             f"than can be listed (their number grows exponentially with "
                             f"depth); grad gives d{root.label}/d{name} itself") from None
    factors = sum(len(path.local_grads) for each in paths for path in each)
    if factors > MAX_PATH_FACTORS:
        raise UsageError(f"paths: the paths hold {factors:,} local derivatives in all, more "
                         f"than the {MAX_PATH_FACTORS:,} printed; give --wrt one input, name "
                         f"fewer steps, or see the derivatives with grad")
    print(_headline(expression))
    for each in paths:
        print(each)
    return OK


def _draw(options):
    check_outputs(options.output, options.player, options.wrt)
    expression = _read(options)                 # once: standard input is read once
    wrt = None
    if options.wrt:
        (_, wrt), = _inputs_to_show(expression, options.wrt)
    for path in draw(expression.result, options.output, options.player, wrt):
        print(f"wrote {path}")
    return OK


def _check(options):
    text = _read_text(options.expression)
    inputs = set(input_names(text))
    values, claims = {}, {}
    for assignment in options.assignments:
        name, number = _split(assignment)
        target = values if name in inputs else claims
        if name in target:
            raise UsageError(f"{name} is given twice")
        target[name] = _number(name, number) if target is values else _claimed(name, number)
    expression = parse_statements(text, values)
    _name_the_result(expression)
    if not claims:
        raise UsageError(f"check: no claims to judge: add your numbers, as "
                         f"y=4 or d{expression.result.label}/dx=24")
    learning_rate = None
    if options.learning_rate is not None:
        learning_rate = _number("--learning-rate", options.learning_rate)
    named = expression.named()
    for key in claims:
        if learning_rate is None and key not in named and key.endswith(("+", "⁺")) \
                and key[:-1].strip() in named:
            raise UsageError(f"check: {key} is {key[:-1].strip()} after a step of gradient "
                             f"descent: give the step's learning rate, as --learning-rate 0.1")
    report = check(expression.result, claims, learning_rate=learning_rate)
    print(report)
    return OK if report.ok else CLAIM_WRONG
