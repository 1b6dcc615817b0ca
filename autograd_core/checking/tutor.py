"""Check a hand computation against the engine, and point at the first wrong step.

A student builds the graph of an exercise (with labels), writes down the
numbers they computed by hand, and asks which are right:

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> print(check(z, {"y": "4", "dz/dy": "8", "dz/dx": "8"}))
    ✓ y = 4
    ✓ dz/dy = 8
    ✗ dz/dx = 8, but it is 24
        dz/dx = dz/dv1 · ∂v1/∂x
              = 8 · 3 = 24

A key is a node's name (its label, or the ``v1``, ``v2``… the trace prints),
meaning its value, or ``dA/dB`` (also written ``∂A/∂B``), meaning the total
derivative of node A with respect to node B: how much A changes with B along
every path between them. A number keeps the digits written ("0.59" claims
±0.005; a float claims the digits of its shortest repr) and is right when the
exact value agrees to those digits, a unit in the last digit allowed (the
judge of ``autograd_core.judge``).

A wrong number that follows correctly from the student's own earlier wrong
numbers is marked *carried*: the mistake is shown once, where it was made.
The claims are gone through as a person computes them (values in computation
order, then derivatives from the root backwards), and the first wrong one is
explained with the right computation, in numbers. ``check`` changes no
``.grad``.
"""

import itertools

from ..calculus import derivatives_of
from ..core import Value, operation_of, topological_order
from ..core.notation import format_number, local_derivative, node_names, total_derivative
from ..core.writing import LEVEL_ATOM
from ..seeing import chain_rule_paths
from .judge import DISAGREES, LAST_DIGIT, WrittenNumber, is_right, judge

RIGHT = "right"
WRONG = "wrong"
CARRIED = "carried"
_MARKS = {RIGHT: "✓", WRONG: "✗", CARRIED: "↳"}

#: More chain-rule paths than this and a wrong derivative is not searched for left-out paths.
_MAX_PATHS_SEARCHED = 16
_MAX_NAMES_LISTED = 40


def check(root, claims):
    """Judge numbers worked out by hand against the graph of ``root``, and explain the first wrong one.

    Args:
        root: the ``Value`` the exercise computes, its nodes labelled with
            the exercise's names.
        claims: {key: number}. A key is a node's name (its value) or
            ``dA/dB`` (also ``∂A/∂B``): the total derivative of node A with
            respect to node B. A number is best given as the text written
            (``"0.593"``): its digits say how precise it claims to be.

    A claim is right when the exact number agrees to the digits written (a
    unit in the last digit allowed); *carried* when it is wrong only because
    it follows correctly from the student's own earlier wrong numbers.
    The claims are judged in the order a person computes them: values in
    computation order, then derivatives from the root backwards. No
    ``.grad`` is changed.

    Returns:
        CheckReport: one ``CheckResult`` per claim; ``print`` it to read the
        verdicts, ✓ right, ✗ wrong, ↳ carried, and how the first wrong
        number comes about.

    Raises:
        TypeError: a ``root`` that is not a ``Value``, ``claims`` that are not
            a dict, or a key that is not a str.
        ValueError: a key that names no node and no derivative of two named
            nodes (the message lists the graph's names), a name shared by two
            nodes, or a number that is not a number (``"abc"``) or too large.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> y = 3 * x - 2; y.label = "y"
        >>> z = y ** 2; z.label = "z"
        >>> report = check(z, {"y": "4", "dz/dx": "8"})
        >>> print(report)
        ✓ y = 4
        ✗ dz/dx = 8, but it is 24
            dz/dx = dz/dv1 · ∂v1/∂x
                  = 8 · 3 = 24
        >>> report.ok, report.first_error.key
        (False, 'dz/dx')
    """
    if not isinstance(root, Value):
        raise TypeError(f"check(root=...): expected a Value, got {type(root).__name__}: {root!r}")
    if not isinstance(claims, dict):
        raise TypeError(f"check(claims=...): expected a dict such as {{'out_h1': '0.5933'}}, "
                        f"got {type(claims).__name__}: {claims!r}")
    order = topological_order(root)
    names = node_names(order)
    graph = _Graph(order, names)
    parsed = [_parse_claim(key, number, graph) for key, number in claims.items()]
    values = sorted((c for c in parsed if c.of is None), key=lambda c: c.node.serial)
    derivatives = sorted((c for c in parsed if c.of is not None),
                         key=lambda c: (-c.node.serial, -c.of.serial))
    results = _judge_values(values, graph) + _judge_derivatives(derivatives, graph)
    return CheckReport(results)


class CheckResult:
    """The verdict on one claim.

    Attributes:
        key: the key as given.
        quantity: what it claims, in the printed notation (``out_h1``, ``dE/dout_h1``).
        claimed: the number as written (a string).
        exact: the engine's value.
        status: ``"right"``, ``"wrong"`` or ``"carried"`` (wrong, but it follows
            from earlier wrong claims).
        explanation: for a wrong claim how the exact number comes about; for a
            carried one which claims it follows from; for a right one a remark
            when it is right only to a unit in the last digit or from rounded inputs.
        follows_from: the quantities of the earlier wrong or carried claims this
            one was recomputed from.
        left_out_paths: for a derivative that is the sum over only some of its
            chain-rule paths, the paths left out (``ChainRulePath`` s), else [].

    Raises:
        Nothing: a record of one verdict, made by ``check``.

    Examples:
        >>> x = Value(2.0, label="x")
        >>> (result,) = check(x * x, {"v1": "4.0"}).results
        >>> result.status, result.claimed, result.exact, result.line()
        ('right', '4.0', 4.0, '✓ v1 = 4.0')
    """

    def __init__(self, key, quantity, claimed, exact, status, explanation="",
                 follows_from=(), left_out_paths=()):
        self.key = key
        self.quantity = quantity
        self.claimed = claimed
        self.exact = exact
        self.status = status
        self.explanation = explanation
        self.follows_from = list(follows_from)
        self.left_out_paths = list(left_out_paths)

    def line(self):
        """One line: the mark, the claim, and the exact number when they differ."""
        text = f"{_MARKS[self.status]} {self.quantity} = {self.claimed}"
        if self.status == WRONG:
            text += f", but it is {format_number(self.exact)}"
        elif self.status == CARRIED:
            text += (f" follows from your {', '.join(self.follows_from)}; "
                     f"it is {format_number(self.exact)}")
        return text

    def __repr__(self):
        return (f"CheckResult({self.key!r}, claimed={self.claimed!r}, exact={self.exact!r}, "
                f"status={self.status!r})")


class CheckReport:
    """All verdicts, in the order a person computes them.

    Attributes:
        results: one ``CheckResult`` per claim.
        ok: True when every claim is right.
        first_error: the first wrong claim (a ``CheckResult``), or None.

    ``print(report)`` shows one line per claim, ✓ right, ✗ wrong, ↳ carried
    (wrong only because an earlier number was), and under the first wrong
    one how the right number comes about.

    Raises:
        Nothing: a record of the verdicts, made by ``check``.

    Examples:
        >>> x = Value(0.5, label="x")
        >>> s = x.sigmoid(); s.label = "s"
        >>> report = check(s, {"s": "0.62", "ds/dx": "0.25"})
        >>> report
        CheckReport(1 right, 1 wrong, 0 carried)
        >>> [r.status for r in report.results]
        ['right', 'wrong']
    """

    def __init__(self, results):
        self.results = results
        self.first_error = next((r for r in results if r.status == WRONG), None)
        self.ok = all(r.status == RIGHT for r in results)

    def __str__(self):
        lines = []
        for result in self.results:
            lines.append(result.line())
            if result is self.first_error and result.explanation:
                lines += ["    " + line for line in result.explanation.splitlines()]
        return "\n".join(lines)

    def __repr__(self):
        counts = {status: sum(r.status == status for r in self.results)
                  for status in (RIGHT, WRONG, CARRIED)}
        return f"CheckReport({counts[RIGHT]} right, {counts[WRONG]} wrong, {counts[CARRIED]} carried)"


# ----------------------------------------------------------------------
# Reading the claims.
# ----------------------------------------------------------------------

class _Graph:
    """The nodes of the graph by name, and what the student's numbers make of them."""

    def __init__(self, order, names):
        self.order = order
        self.names = names
        self.by_name = {}
        for node in order:
            self.by_name.setdefault(names[node], []).append(node)
        self.student_values = {}     # node -> its value computed from the student's numbers
        self.tainted = {}            # node -> keys of wrong claims its student value comes from
        self.student_derivatives = {}  # (of, wrt) -> claimed number, for judged claims
        self.derivative_taint = {}     # (of, wrt) -> keys, non-empty when that claim was not right

    def node(self, name, key):
        nodes = self.by_name.get(name)
        if nodes is None:
            return None
        if len(nodes) > 1:
            raise ValueError(f"check: the name {name!r} in {key!r} belongs to {len(nodes)} nodes "
                             f"of the graph; give them different labels")
        return nodes[0]

    def known_names(self):
        names = list(self.by_name)
        shown = ", ".join(names[:_MAX_NAMES_LISTED])
        if len(names) > _MAX_NAMES_LISTED:
            shown += f", … ({len(names) - _MAX_NAMES_LISTED} more)"
        return shown


class _Claim:
    __slots__ = ("key", "written", "node", "of")

    def __init__(self, key, written, node, of=None):
        self.key = key
        self.written = written
        self.node = node      # the node whose value is claimed, or the B of dA/dB
        self.of = of          # the A of dA/dB, None for a value


def _parse_claim(key, number, graph):
    if not isinstance(key, str):
        raise TypeError(f"check: a claim's key must be a string such as 'out_h1' or "
                        f"'dE/dw1', got {type(key).__name__}: {key!r}")
    written = WrittenNumber(number, f"check: the number for {key!r}")
    name = key.strip()
    node = graph.node(name, key)
    if node is not None:
        return _Claim(key, written, node)
    for d in ("∂", "d"):
        if not name.startswith(d):
            continue
        body = name[len(d):]
        separator = "/" + d
        start = body.find(separator)
        while start != -1:
            of = graph.node(_unbracket(body[:start]), key)
            wrt = graph.node(_unbracket(body[start + len(separator):]), key)
            if of is not None and wrt is not None:
                return _Claim(key, written, wrt, of)
            start = body.find(separator, start + 1)
    raise ValueError(f"check: {key!r} is neither the name of a node nor a derivative dA/dB "
                     f"(or ∂A/∂B) of two named nodes. The graph's names are: {graph.known_names()}")


def _unbracket(name):
    name = name.strip()
    if len(name) > 2 and name[0] == "(" and name[-1] == ")":
        return name[1:-1].strip()
    return name


# ----------------------------------------------------------------------
# Values, in computation order.
# ----------------------------------------------------------------------

def _judge_values(claims, graph):
    claimed = {claim.node: claim for claim in claims}
    results = []
    for node in graph.order:
        inputs = [graph.student_values[child] for child in node.inputs]
        taint = _union(graph.tainted[child] for child in node.inputs)
        recomputed = _evaluate(node, inputs)[0] if node.inputs else None
        claim = claimed.get(node)
        if claim is None:
            graph.student_values[node] = node.data if recomputed is None else recomputed
            graph.tainted[node] = taint
            continue
        result = _verdict(claim, graph.names[node], node.data, recomputed, taint)
        if result.status == WRONG:
            result.explanation = _explain_value(node, graph.names)
        results.append(result)
        graph.student_values[node] = claim.written.value
        graph.tainted[node] = frozenset() if result.status == RIGHT else frozenset([result.quantity])
    return results


def _verdict(claim, quantity, exact, recomputed, taint):
    """RIGHT, CARRIED or WRONG for one claim, as a ``CheckResult``."""
    written = claim.written
    verdict = judge(written, exact)
    result = CheckResult(claim.key, quantity, written.text, exact, RIGHT)
    if verdict == LAST_DIGIT:
        result.explanation = "right to a unit in the last digit"
    if verdict != DISAGREES:
        return result
    if recomputed is not None and is_right(written, recomputed):
        if taint:
            result.status = CARRIED
            result.follows_from = sorted(taint)
            result.explanation = (f"follows from your {', '.join(result.follows_from)}: "
                                  f"from your numbers it is {format_number(recomputed)}")
        else:
            result.explanation = (f"right for the rounded numbers you wrote before it "
                                  f"(exact {format_number(exact)})")
        return result
    result.status = WRONG
    return result


def _union(sets):
    total = frozenset()
    for s in sets:
        if s:
            total = total | s if total else s
    return total


def _explain_value(node, names):
    """``out_h1 = sigmoid(net_h1) = sigmoid(0.3775) = 0.59327``."""
    name = names[node]
    if not node.inputs:
        return (f"{name} is given, not computed (a leaf of the graph): it is "
                f"{format_number(node.data)}")
    by_name = _formula(node, [names[child] for child in node.inputs])
    by_number = _formula(node, [format_number(child.data) for child in node.inputs])
    return f"{name} = {by_name} = {by_number} = {format_number(node.data)}"


def _formula(node, args):
    """The operation of ``node`` written out on ``args`` (names or numbers), as its record writes it."""
    return operation_of(node).write([(arg, LEVEL_ATOM) for arg in args], node)[0]


# ----------------------------------------------------------------------
# An operation applied to the student's numbers.
# ----------------------------------------------------------------------

def _evaluate(node, values):
    """(value, local derivatives) of ``node`` 's operation applied to ``values`` for its inputs.

    The operation's record computes it again on the new numbers; where that
    fails (an input out of the domain, or a node made by hand), the
    first-order change is used.
    """
    if all(v == child.data for v, child in zip(values, node.inputs)):
        return node.data, node.local_grads
    try:
        data, local_grads = operation_of(node).rerun(node, list(values))
    except (ArithmeticError, ValueError):
        change = sum(local * (v - child.data)
                     for local, v, child in zip(node.local_grads, values, node.inputs))
        return node.data + change, node.local_grads
    return data, local_grads


# ----------------------------------------------------------------------
# Derivatives, from the root backwards.
# ----------------------------------------------------------------------

def _judge_derivatives(claims, graph):
    results = []
    for claim in claims:
        of, wrt = claim.of, claim.node
        exact = derivatives_of(of, [wrt])[0]
        recomputed, taint = _student_derivative(of, wrt, graph)
        quantity = total_derivative(graph.names[of], graph.names[wrt])
        result = _verdict(claim, quantity, exact, recomputed, taint)
        if result.status == WRONG:
            result.explanation, result.left_out_paths = _explain_derivative(of, wrt, claim, graph)
        results.append(result)
        graph.student_derivatives[(of, wrt)] = claim.written.value
        graph.derivative_taint[(of, wrt)] = (frozenset() if result.status == RIGHT
                                             else frozenset([result.quantity]))
    return results


def _student_derivative(of, wrt, graph):
    """dof/dwrt by a reverse pass on the student's numbers: their values in the local
    derivatives, and their earlier derivative claims dof/dnode in place of the engine's.
    Returns (the number, keys of the wrong claims it used)."""
    if of is wrt:
        return 1.0, frozenset()
    order = topological_order(of)
    reaches = {}
    for node in order:
        reaches[node] = node is wrt or any(reaches[child] for child in node.inputs)
    if not reaches[of]:
        return 0.0, frozenset()
    adjoint = {of: 1.0}
    taint = frozenset()
    for node in reversed(order):
        if node is wrt:
            break
        if not reaches[node]:
            continue
        upstream = adjoint.get(node, 0.0)
        if node is not of and (of, node) in graph.student_derivatives:
            upstream = graph.student_derivatives[(of, node)]
            taint = _union([taint, graph.derivative_taint[(of, node)]])
            # Taken as given: what led to it is not looked at again.
            adjoint[node] = upstream
        values = [graph.student_values.get(child, child.data) for child in node.inputs]
        _, locals_ = _evaluate(node, values)
        for child, local in zip(node.inputs, locals_):
            if reaches[child]:
                adjoint[child] = adjoint.get(child, 0.0) + upstream * local
        taint = _union([taint] + [graph.tainted.get(child, frozenset()) for child in node.inputs])
    return adjoint.get(wrt, 0.0), taint


def _explain_derivative(of, wrt, claim, graph):
    """The chain rule for dof/dwrt with numbers, and the chain-rule paths a wrong sum left out."""
    names = graph.names
    a, b = names[of], names[wrt]
    head = total_derivative(a, b)
    users = [(node, position) for node in topological_order(of)
             for position, child in enumerate(node.inputs) if child is wrt]
    if not users:
        return f"{a} does not depend on {b}: {head} = 0", []
    upstreams = derivatives_of(of, [node for node, _ in users])
    by_name, by_number = [], []
    for (node, position), upstream in zip(users, upstreams):
        local = node.local_grads[position]
        factor = local_derivative(names[node], b)
        if node is of:
            by_name.append(factor)
            by_number.append(format_number(local))
        else:
            by_name.append(f"{total_derivative(a, names[node])} · {factor}")
            by_number.append(f"{format_number(upstream)} · {format_number(local)}")
    exact = derivatives_of(of, [wrt])[0]
    lines = [f"{head} = {' + '.join(by_name)}",
             f"{' ' * len(head)} = {' + '.join(by_number)} = {format_number(exact)}"]
    left_out = _left_out_paths(of, wrt, claim.written)
    if left_out:
        lines.append(f"{claim.written.text} is the sum over only some of the chain-rule paths "
                     f"from {b} to {a}; left out:")
        lines += [f"  {path}" for path in left_out]
    return "\n".join(lines), left_out


def _left_out_paths(of, wrt, written):
    """The fewest chain-rule paths whose leaving out turns the exact sum into ``written``."""
    try:
        paths = list(chain_rule_paths(of, wrt, max_paths=_MAX_PATHS_SEARCHED))
    except ValueError:
        return []
    if len(paths) < 2:
        return []
    for size in range(1, len(paths)):
        for left_out in itertools.combinations(range(len(paths)), size):
            kept = sum(p.product for k, p in enumerate(paths) if k not in left_out)
            if is_right(written, kept):
                return [paths[k] for k in left_out]
    return []
