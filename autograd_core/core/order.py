"""Ordering a computation graph so every node comes after all of its inputs."""

from operator import attrgetter

_by_serial = attrgetter("serial")


def topological_order(root, leaves=True):
    """Every node that ``root`` depends on, inputs before the nodes using them.

    A node is made from nodes that already exist, so its ``serial`` number
    (counted up as nodes are made) is larger than those of its inputs.
    Sorting the nodes by it therefore puts inputs first: the order is the
    order in which the nodes were computed, and ``root`` comes last.

    The nodes are found by walking back from ``root`` through ``inputs``,
    each node once however many paths lead to it. The walk appends to the
    list it is reading instead of recursing, so a chain of a million nodes
    needs no more than Python's default recursion limit.

    With ``leaves=False`` the nodes without inputs are left out: all that
    ``backward()`` needs are the nodes that pass a gradient on.

    Returns:
        list: the nodes, each after its inputs; ``root`` last.

    Raises:
        TypeError: a ``root`` that is not a ``Value``.
        ValueError: a node whose input was made after it (a graph wired by hand
            out of order), which no order could satisfy.

    Examples:
        >>> from autograd_core import Value
        >>> a, b = Value(1.0, label="a"), Value(2.0, label="b")
        >>> c = a * b + a
        >>> [node.label or str(node.op) for node in topological_order(c)]
        ['a', 'b', '*', '+']
    """
    if not hasattr(root, "inputs") or not hasattr(root, "serial"):
        raise TypeError(f"topological_order: expected a Value, got {type(root).__name__}: "
                        f"{root!r:.80}")
    nodes = [root] if leaves or root.inputs else []
    seen = set(nodes)
    for node in nodes:  # `nodes` grows as the loop goes
        for child in node.inputs:
            if child.serial >= node.serial:
                raise ValueError(made_too_early(node, child))
            if (leaves or child.inputs) and child not in seen:
                seen.add(child)
                nodes.append(child)
    nodes.sort(key=_by_serial)
    return nodes


def nodes_and_leaf_uses(root):
    """What ``backward()`` needs: the nodes with inputs in creation order, and the leaves.

    The first list is ``topological_order(root, leaves=False)``. The second
    holds every leaf the graph reaches, each once: enough to check, after the
    backward pass, that every gradient that ended in a leaf is finite.
    """
    nodes = [root] if root.inputs else []
    seen = set(nodes)
    leaves = set()
    add_leaf, add_seen, add_node = leaves.add, seen.add, nodes.append
    for node in nodes:  # `nodes` grows as the loop goes
        serial = node.serial
        for child in node.inputs:
            if child.serial >= serial:
                raise ValueError(made_too_early(node, child))
            if not child.inputs:
                add_leaf(child)
            elif child not in seen:
                add_seen(child)
                add_node(child)
    nodes.sort(key=_by_serial)
    return nodes, leaves


def made_too_early(node, child):
    return (f"{node!r} lists {child!r} among its inputs, but that input was not made "
            "before it. Each node must be made after its inputs (so no path can loop "
            "back): create the node once its inputs exist, then set its inputs and local_grads")
