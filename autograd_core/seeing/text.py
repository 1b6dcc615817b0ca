"""A computation graph as an indented tree of text, for a terminal.

    >>> from autograd_core import Value
    >>> x = Value(2.0, label="x")
    >>> y = 3 * x - 2; y.label = "y"
    >>> z = y ** 2; z.label = "z"
    >>> z.backward()
    >>> print(format_graph(z))
    z = 16   grad 1   ← **2
    └── y = 4   grad 8   ← -2   ∂z/∂y = 8
        └── v1 = 6   grad 8   ← *3   ∂y/∂v1 = 1
            └── x = 2   grad 24   ∂v1/∂x = 3

Each line is a node, under the node that uses it, with the local
derivative of that edge. A node used more than once is written out in full
the first time only; later it is a one-line reference, so a graph with
shared nodes prints in linear size instead of exploding into a tree.
The edge numbers are local derivatives, so they are written with ∂; the
``grad`` of a node is the total derivative droot/dnode.

Indentation stops growing after ``MAX_INDENT`` levels, so a chain of
100,000 nodes prints in linear size too; a deeper line starts with its depth
in brackets, and a last line says that the indentation was shortened.
"""

from ..core import Value, topological_order
from ..core.notation import format_number, local_derivative, node_names

#: Levels of indentation drawn; deeper nodes are drawn at this indentation with their depth.
MAX_INDENT = 40


def format_graph(root, show_grad=True, digits=6):
    """The graph of ``root`` as text, root first, each input indented below its user.

    Returns:
        str: one line per node; ``show_grad=False`` leaves the gradients out,
            ``digits`` sets the significant digits.

    Raises:
        TypeError: a ``root`` that is not a ``Value``.
        ValueError: ``digits`` that is not an int from 1 to 17.

    Examples:
        >>> from autograd_core import Value
        >>> x = Value(3.0, label="x")
        >>> print(format_graph(x * x, show_grad=False))      # x is used twice
        v1 = 9   ← *
        ├── x = 3   ∂v1/∂x = 3
        └── x (shown above)   ∂v1/∂x = 3
    """
    if not isinstance(root, Value):
        raise TypeError(f"format_graph: expected a Value, got {type(root).__name__}: {root!r}")
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 17:
        raise ValueError(f"format_graph(digits=...): expected an int from 1 to 17, got {digits!r}")
    names = node_names(topological_order(root))

    def describe(node):
        text = f"{names[node]} = {format_number(node.data, digits)}"
        if show_grad:
            text += f"   grad {format_number(node.grad, digits)}"
        if node.op:
            text += f"   ← {node.op}"
        return text

    lines = [describe(root)]
    printed = {root}
    shortened = False
    # An explicit stack of (node, its user, local derivative, indent prefix, depth, is last input).
    stack = _children_entries(root, "", 1)
    while stack:
        node, user, local, prefix, depth, is_last = stack.pop()
        branch = "└── " if is_last else "├── "
        if depth > MAX_INDENT:
            branch = f"{branch}[depth {depth}] "
            shortened = True
        edge = f"   {local_derivative(names[user], names[node])} = {format_number(local, digits)}"
        if node in printed:
            lines.append(f"{prefix}{branch}{names[node]} (shown above){edge}")
            continue
        printed.add(node)
        lines.append(f"{prefix}{branch}{describe(node)}{edge}")
        if depth < MAX_INDENT:
            prefix += "    " if is_last else "│   "
        stack += _children_entries(node, prefix, depth + 1)
    if shortened:
        lines.append(f"(indentation stops at depth {MAX_INDENT}; deeper lines start with "
                     f"their depth in brackets)")
    return "\n".join(lines)


def _children_entries(node, prefix, depth):
    """Stack entries for the inputs of ``node``, so the first input is popped first."""
    count = len(node.inputs)
    entries = [(child, node, local, prefix, depth, index == count - 1)
               for index, (child, local) in enumerate(zip(node.inputs, node.local_grads))]
    entries.reverse()
    return entries
