"""What a picture of a graph draws: its boxes, its operations and their edges, in order.

Every value is a box and every operation an oval between its inputs and its
result, with each edge into the operation labelled by its local derivative.
Two options fold some values into the operation that uses them, so that a
network fits a slide:

- ``collapse_neurons``: a neuron's net input Σw·x+b, used only by its
  activation, is drawn inside it: one operation σ(Σw·x+b), whose edge from
  each weight carries ∂out/∂net · ∂net/∂w;
- on a slide of a network, a chain of unnamed one-input operations is drawn
  as one (a small expression keeps every node): the squared error out_o1 → 0.01 − • → (0.01 − •)² → 0.5·(0.01 − •)² → E_o1 is
  one operation ``0.5·(0.01 − •)²`` (written by the records, • for its input),
  whose edge carries the product of the chain's local derivatives.

Either way the folded value is used by nothing else, so the whole gradient
that reaches it flows on along that one edge, and

    dE/d(input) += dE/d(result) · (product of the local derivatives along the chain)

is the chain rule exactly: the same number the backward pass adds, step by
step, through the folded values.

In a network (``layers``), the numbers a first layer multiplies its weights
by, the sample x, are drawn as boxes too (no gradient flows to a number), and
every column is in the order the model was built: neuron 0 above neuron 1,
w7 above w8.
"""

from ..core import SUM, is_activation, is_weighted_sum, node_names, operation_of, topological_order
from ..core.writing import LEVEL_ATOM
from .escape import printable
from .options import MAX_NODES

#: With ``max_nodes`` at ``MAX_NODES``, a picture whose edges cross more columns than this
#: in all is refused (``DrawnGraph.long_edge_pieces``): Graphviz lays out 2,000 of them in
#: seconds, 8,000 in more than a minute. A larger ``max_nodes`` raises it in proportion.
MAX_LONG_EDGE_PIECES = 3000

#: A folded chain stops growing before its operation's label passes this length.
MAX_FOLDED_LABEL = 32

#: A name or an operation's label longer than this is drawn shortened, its beginning and
#: end kept around "…": a label of any length still makes a picture (Graphviz refuses a
#: string of more than 16,384 bytes), and no box is wider than a slide.
MAX_NAME_CHARS = 80

#: How an input is written in an operation's label: σ(•), • − 2, 0.5·(0.01 − •)².
PLACEHOLDER = ("•", LEVEL_ATOM)

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


class GraphTooLargeError(ValueError):
    """A graph too large to lay out (more boxes than a picture's ``max_nodes``, or edges crossing
    too many columns): the message says what to draw instead.

    Attributes:
        count: the number of boxes (or of the graph's nodes, counted up to
            20 times ``max_nodes``).
        max_nodes: the limit of boxes.
        crossings: when the edges were refused, the columns they would cross
            (``DrawnGraph.long_edge_pieces``); None when the boxes were too many.
    """

    def __init__(self, message, count=None, max_nodes=None, crossings=None):
        super().__init__(message)
        self.count, self.max_nodes, self.crossings = count, max_nodes, crossings


def check_size(root, max_nodes, where, drawn=None):
    """Refuse, before Graphviz sees it, a picture of more than ``max_nodes`` boxes.

    A box is a value the picture draws (values folded into an operation, as
    with ``collapse_neurons``, are not boxes). Without ``drawn``, only the
    graph's nodes are counted, stopping as soon as there are twice
    ``max_nodes`` (no picture of so many nodes folds down to the limit), so
    a graph of a million nodes is refused as quickly as one of a thousand.
    """
    if drawn is not None:
        if len(drawn.boxes) > max_nodes:
            raise _too_large(f"its picture would have {len(drawn.boxes):,} boxes", max_nodes,
                             len(drawn.boxes), where,
                             any(is_weighted_sum(node.op) for node in drawn.order))
        pieces = drawn.long_edge_pieces()
        most = max_nodes * MAX_LONG_EDGE_PIECES // MAX_NODES
        if pieces > most:
            needed = _round_up(-(-pieces * MAX_NODES // MAX_LONG_EDGE_PIECES))
            raise GraphTooLargeError(
                f"{where}: its edges would cross {pieces:,} columns on their way, more than "
                f"{most:,} for max_nodes={max_nodes:,} (an input used all along a long chain or "
                f"sum, far from where it is made); Graphviz would take minutes laying it out. "
                f"Draw instead a smaller part of the graph (its first few terms), or pass "
                f"max_nodes={needed} to draw it anyway.", len(drawn.boxes), max_nodes, pieces)
        return
    ceiling = 2 * max_nodes
    count = count_nodes(root, ceiling)
    if count > ceiling:
        count = count_nodes(root, 20 * max_nodes)
        size = f"{count:,} nodes" if count <= 20 * max_nodes else f"more than {20 * max_nodes:,} nodes"
        raise _too_large(f"the graph has {size}", max_nodes, count, where,
                         _has_neurons(root, ceiling))


def _too_large(size, max_nodes, count, where, network):
    """The error for a picture too large; what to draw instead depends on whether it is a network."""
    if network:
        instead = ("the layer view of a network (nn.render_layers_svg(model, x, target), one box "
                   "per layer), collapse_neurons=True (each neuron one operation), or the loss of "
                   "a smaller sample (one sample rather than the whole batch)")
    else:
        instead = ("a smaller part of the graph (an intermediate value as the root, or fewer "
                   "steps of a loop)")
    return GraphTooLargeError(
        f"{where}: {size}, more than max_nodes={max_nodes:,}; Graphviz would take minutes or run "
        f"out of stack laying it out. Draw instead {instead}; or pass "
        f"max_nodes={_round_up(count)} to draw it anyway.", count, max_nodes)


def _has_neurons(root, limit):
    """True if a ``weighted_sum`` (a neuron's net input) is among the first ``limit`` nodes found."""
    seen = {root}
    stack = [root]
    while stack and len(seen) <= limit:
        node = stack.pop()
        if is_weighted_sum(node.op):
            return True
        for child in node.inputs:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def count_nodes(root, limit):
    """The number of nodes of ``root``'s graph, or ``limit + 1`` as soon as it passes ``limit`` (it stops there)."""
    seen = {root}
    stack = [root]
    while stack:
        for child in stack.pop().inputs:
            if child not in seen:
                seen.add(child)
                if len(seen) > limit:
                    return limit + 1
                stack.append(child)
    return len(seen)


def _round_up(count):
    step = 10 ** max(1, len(str(count)) - 1)
    return (count // step + 1) * step


class DrawnEdge:
    """An edge into a drawn operation, from the box of ``source``.

    ``node`` and ``position`` name the graph's own edge that reaches
    ``source`` (``node.inputs[position] is source``): the chain-rule step
    the drawn edge stands for. ``local`` is the local derivative drawn on it:
    ∂(drawn result)/∂source, the product along any folded values.
    """

    __slots__ = ("source", "result", "node", "position", "local", "id")

    def __init__(self, source, result, node, position, local, id):
        self.source, self.result = source, result
        self.node, self.position = node, position
        self.local, self.id = local, id


class NumberBox:
    """A number a layer multiplies its weights by (an input of the sample): drawn, no gradient."""

    __slots__ = ("id", "name", "value", "operations")

    def __init__(self, id, name, value):
        self.id, self.name, self.value = id, name, value
        self.operations = []


class DrawnOperation:
    """The operation drawn into the box of ``node``: its label and its edges."""

    __slots__ = ("node", "id", "label", "edges", "numbers")

    def __init__(self, node, id, label):
        self.node, self.id, self.label = node, id, label
        self.edges = []
        self.numbers = []


class DrawnGraph:
    """The boxes, operations and edges a picture of ``root`` draws, for ``options``.

    Attributes:
        order: every node of the graph, inputs first.
        names: the name each node is shown and written with (``names=`` applied
            to labels; v1, v2, … for the unnamed).
        boxes: the nodes drawn as boxes, inputs first (not the folded ones).
        folded: {folded node: the node whose operation it is drawn in}.
        operations: {node: its DrawnOperation} for every box with inputs.
        numbers: the NumberBoxes of a network's samples.
        layers: True when drawn by layer (a network).
    """

    def __init__(self, root, options, fold_chains=None):
        self.root = root
        self.options = options
        self.order = topological_order(root)
        self.index = {node: k for k, node in enumerate(self.order)}
        self.uses = _uses(self.order)
        shown = _shown_names(self.order, options.names)
        self.names = node_names(self.order, shown)
        self.layers = options.layout == "layers" or (
            options.layout == "auto" and any(is_weighted_sum(node.op) for node in self.order))
        folded = {}
        if options.collapse_neurons:
            for node in self.order:
                if is_activation(node.op) and len(node.inputs) == 1:
                    net = node.inputs[0]
                    if is_weighted_sum(net.op) and self.uses[net] == 1 and net is not root:
                        folded[net] = node
        self.folded = folded
        if (options.slide and self.layers) if fold_chains is None else fold_chains:
            self._fold_chains(shown)
        for node in self.order:          # each folded node's owner: the box it is drawn in
            owner = folded.get(node)
            while owner in folded:
                owner = folded[owner]
            if node in folded:
                folded[node] = owner
        self.boxes = [node for node in self.order if node not in folded]
        self.ids = {node: f"n{self.index[node]}" for node in self.boxes}
        self.operations = {}
        self.edge_of = {}
        for node in self.boxes:
            if node.inputs:
                operation = DrawnOperation(node, "op_" + self.ids[node], self._label(node))
                self._add_edges(operation, node, 1.0)
                self.operations[node] = operation
        self.numbers = self._number_boxes() if self.layers else []

    # ------------------------------------------------------------------

    def _fold_chains(self, shown):
        """Fold each unnamed one-input value used once into the one-input operation using it."""
        folded, root = self.folded, self.root
        consumer = {}
        for node in self.order:
            for child in node.inputs:
                consumer[child] = node
        for node in reversed(self.order):
            if len(node.inputs) != 1:
                continue
            child = node.inputs[0]
            if (child is root or child in folded or shown[child] is not None
                    or len(child.inputs) != 1 or self.uses[child] != 1):
                continue
            owner = node
            while owner in folded:
                owner = folded[owner]
            folded[child] = node
            if len(self._written(owner)[0]) > MAX_FOLDED_LABEL:
                del folded[child]

    def _written(self, node):
        """(text, precedence) of ``node``'s operation, its inputs written • or, if folded, in full."""
        args = []
        for child in node.inputs:
            if child not in self.folded:
                args.append(PLACEHOLDER)
            elif is_weighted_sum(child.op):
                args.append((str(child.op), LEVEL_ATOM))   # the neuron's Σw·x+b, by its record's name
            else:
                args.append(self._written(child))
        record = operation_of(node)
        if record.is_a(SUM) and len(args) == 1 and not record.constant:
            return args[0]                                  # a sum of one term is that term
        return record.write(args, node)

    def _label(self, node):
        """The text in the oval of ``node``'s operation: σ(•), 3·•, • − 2, ·, +, Σw·x+b, …."""
        record = operation_of(node)
        count = len(node.inputs)
        if count == 1 or any(child in self.folded for child in node.inputs):
            text = self._written(node)[0]
        elif is_weighted_sum(record):
            text = str(record)
        elif record.is_a(SUM):
            text = "Σ"
        elif record.precedence == LEVEL_ATOM:
            text = record.write([PLACEHOLDER] * count, node)[0]
        else:
            text = " ".join(record.write([("", LEVEL_ATOM)] * count, node)[0].split())
        return shortened(printable(text))

    def _add_edges(self, operation, node, factor):
        for position, (child, local) in enumerate(zip(node.inputs, node.local_grads)):
            if child in self.folded:
                self._add_edges(operation, child, factor * local)
                continue
            edge = DrawnEdge(child, operation.node, node, position, factor * local,
                             f"e{self.index[node]}_{position}")
            operation.edges.append(edge)
            self.edge_of[node, position] = edge

    def _number_boxes(self):
        """The sample's numbers each first-layer weighted sum multiplies its weights by."""
        boxes = {}
        for node in self.order:
            if not is_weighted_sum(node.op):
                continue
            layout = node.op.constant
            count = len(node.inputs)
            bias = count - 1 if layout.value_bias else None
            singles = [k for group in layout.groups(count) if len(group) == 1
                       for k in group if k != bias]
            if not singles or any(node.inputs[k].inputs for k in singles):
                continue                    # only weights (leaves) times numbers: a sample
            factors = tuple(node.local_grads[k] for k in singles)
            operation = self.operations[self.folded.get(node, node)]
            for j, value in enumerate(factors, start=1):
                box = boxes.get((factors, j))
                if box is None:
                    box = boxes[factors, j] = NumberBox(f"x{len(boxes)}", "x" + str(j).translate(
                        _SUBSCRIPTS), value)
                box.operations.append(operation)
                operation.numbers.append(box)
        return list(boxes.values())

    # ------------------------------------------------------------------

    def _column_numbers(self):
        """({box, oval or number: its column}, {value or number: the operations using it})."""
        column = {}
        for node in self.boxes:
            operation = self.operations.get(node)
            if operation is None:
                continue
            sources = [column.get(edge.source, 0) for edge in operation.edges]
            column[operation] = max(sources + [0]) + 1
            column[node] = column[operation] + 1
        users = {}
        for operation in self.operations.values():
            for edge in operation.edges:
                users.setdefault(edge.source, []).append(operation)
            for box in operation.numbers:
                users.setdefault(box, []).append(operation)
        for item in [node for node in self.boxes if not node.inputs] + self.numbers:
            column[item] = min((column[op] for op in users.get(item, [])), default=1) - 1
        return column, users

    def long_edge_pieces(self):
        """How many columns the edges pass through on their way: Graphviz's cost of a layout.

        An edge from a value to an operation many columns further on (one input
        used all along a long chain) is laid out as one piece per column it
        crosses, each placed like a box; thousands of them take Graphviz
        minutes, where a network of hundreds of boxes, every edge to the next
        column, takes a second.
        """
        column, _ = self._column_numbers()
        pieces = 0
        for operation in self.operations.values():
            for source in [edge.source for edge in operation.edges] + operation.numbers:
                pieces += max(0, column[operation] - column[source] - 1)
        return pieces

    def columns(self):
        """The ids of every box, oval and number, column by column (left to right, each top to bottom).

        An operation is one column right of its rightmost input; its result one
        column right of it; a leaf or number one column left of the first
        operation using it. Each column holds its values grouped by the
        operation they feed, and the operations in the order they were computed.
        """
        column, users = self._column_numbers()
        position = {}
        by_column = {}
        for operation in sorted(self.operations.values(), key=lambda op: self.index[op.node]):
            by_column.setdefault(column[operation], []).append(operation)
        for ops in by_column.values():
            for k, operation in enumerate(ops):
                position[operation] = k

        def key(item):
            first = min(((column[op], position[op]) for op in users.get(item, [])),
                        default=(len(self.order) + 1, 0))
            if isinstance(item, NumberBox):
                return first + (0, int(item.id[1:]))
            return first + (1 if not item.inputs else 2, self.index[item])

        columns = {}
        for item in list(self.boxes) + self.numbers:
            columns.setdefault(column[item], []).append(item)
        result = []
        for c in sorted(set(columns) | set(by_column)):
            values = sorted(columns.get(c, []), key=key)
            ids = [item.id if isinstance(item, NumberBox) else self.ids[item] for item in values]
            ids += [operation.id for operation in by_column.get(c, [])]
            result.append(ids)
        return result


def _uses(order):
    uses = {node: 0 for node in order}
    for node in order:
        for child in node.inputs:
            uses[child] += 1
    return uses


def _shown_names(order, names):
    """Each node's shown name, or None for an unnamed node: its label, through ``names`` if given."""
    shown = {}
    for node in order:
        label = node.label
        if label and names is not None:
            label = names(label)
            if label is not None and not isinstance(label, str):
                raise TypeError(f"names=...: the function must return a str or None, got "
                                f"{type(label).__name__}: {label!r} for the label {node.label!r}")
        shown[node] = shortened(printable(label)) if label else None
    return shown


def shortened(text, limit=MAX_NAME_CHARS):
    """``text``, or if longer than ``limit`` characters its beginning and end around "…"."""
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 3
    return text[:limit - 1 - tail] + "…" + text[len(text) - tail:]
