"""Ordering a computation graph so every node comes after all of its inputs."""


def topological_order(root):
    """Every node that ``root`` depends on, inputs before the nodes using them.

    ``root`` is last, and each node appears once, however many paths lead
    to it; inputs are visited first to last. The walk is a depth-first
    search with an explicit stack instead of recursion, so a chain of a
    million nodes needs no more than Python's default recursion limit.

    A node comes off the stack twice: the first time, it goes back on with
    its inputs on top of it; the second time, all of them have been placed,
    so it is placed itself. Nothing is allocated per node but set and list
    entries, which keeps the garbage collector out of the way.
    """
    order = []
    expanded = set()  # nodes whose inputs have gone on the stack
    placed = set()  # nodes already in `order`
    stack = [root]
    while stack:
        node = stack.pop()
        if node not in expanded:
            expanded.add(node)
            stack.append(node)  # back on the stack, beneath its inputs
            for child in reversed(node.inputs):  # so the first input comes off first
                if child not in expanded:
                    stack.append(child)
        elif node not in placed:
            placed.add(node)
            order.append(node)
    return order
