"""Ordering a computation graph so every node comes after all of its inputs."""


def topological_order(root):
    """Every node that ``root`` depends on, inputs before the nodes using them.

    ``root`` is last. The walk is an iterative depth-first search (an explicit
    stack instead of recursion), so a chain of a million nodes needs no more
    than Python's default recursion limit. Each node appears once, however
    many paths lead to it.
    """
    order = []
    visited = {root}
    # Each stack entry is a node and an iterator over the inputs still to visit.
    stack = [(root, iter(root.inputs))]
    while stack:
        node, pending_inputs = stack[-1]
        for child in pending_inputs:
            if child not in visited:
                visited.add(child)
                stack.append((child, iter(child.inputs)))
                break
        else:
            # All inputs of `node` are placed: now it can be.
            stack.pop()
            order.append(node)
    return order
