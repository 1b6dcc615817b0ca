"""The engine's core: ``Value``, the operation records, graph order, grad mode, the backward pass.

It imports nothing from the layers above it (calculus, seeing, checking) or
from ``nn``, not even inside a function: everything they show or check, they
read off the nodes and the records defined here.

- ``value``: the ``Value`` class and how a node is made;
- ``record``: ``Operation``, the record of one operation; ``writing``: how it prints;
- ``arithmetic``, ``functions``, ``sums``: the built-in operations' records;
- ``order``: the nodes of a graph, inputs first; ``backward``: the reverse pass;
- ``grad_mode``: ``no_grad`` and ``enable_grad``; ``collector``: pausing the garbage
  collector while a big graph is built; ``numbers``: checking what comes in.
"""

from . import arithmetic, functions, sums
from .collector import collector_paused
from .backward import PASS_LOCK, ReverseStep, accumulate_gradients, find_overflow, gradients, reverse_steps
from .grad_mode import enable_grad, is_grad_enabled, no_grad
from .numbers import as_float, checked_label, short_repr
from .notation import (format_number, local_derivative, node_names, total_derivative,
                       write_expression)
from .order import nodes_and_leaf_uses, topological_order
from .record import CONSTANT, Formula, Operation, operation_of
from .sums import WEIGHTED_SUM, SUM, Layout, sum_values, weighted_sum
from .value import PRESENTATION, Value, new_node

#: Every built-in operation's record (a family stands for all its members).
BUILTIN_OPERATIONS = [
    arithmetic.ADD, arithmetic.ADD_CONSTANT, arithmetic.SUBTRACT, arithmetic.SUBTRACT_CONSTANT,
    arithmetic.SUBTRACT_FROM_CONSTANT, arithmetic.NEGATE, arithmetic.MULTIPLY,
    arithmetic.MULTIPLY_BY, arithmetic.DIVIDE, arithmetic.DIVIDE_BY, arithmetic.DIVIDE_CONSTANT_BY,
    arithmetic.POWER_CONSTANT, arithmetic.POWER, arithmetic.CONSTANT_POWER,
    functions.EXP, functions.LOG, functions.SQRT, functions.SIN, functions.COS, functions.TANH,
    functions.SIGMOID, functions.RELU, functions.STEP, functions.ARCTAN, functions.SOFTPLUS,
    functions.LEAKY_RELU, functions.ELU, functions.ABS, SUM, WEIGHTED_SUM,
]

#: The records of the activation functions a neuron applies to its weighted sum.
ACTIVATION_OPERATIONS = (functions.TANH, functions.SIGMOID, functions.RELU, functions.LEAKY_RELU,
               functions.ELU, functions.SOFTPLUS, functions.STEP, functions.ARCTAN)


def is_activation(op):
    """True when ``op`` (a node's ``op``) is one of ``ACTIVATION_OPERATIONS`` or a member of one."""
    return isinstance(op, Operation) and any(op.is_a(record) for record in ACTIVATION_OPERATIONS)


def is_weighted_sum(op):
    """True when ``op`` (a node's ``op``) is a weighted sum Σ w·x + b."""
    return isinstance(op, Operation) and op.is_a(WEIGHTED_SUM)


__all__ = [
    "Value", "Operation", "Formula", "CONSTANT", "operation_of", "new_node", "PRESENTATION",
    "sum_values", "weighted_sum", "SUM", "WEIGHTED_SUM", "Layout",
    "BUILTIN_OPERATIONS", "ACTIVATION_OPERATIONS", "is_activation", "is_weighted_sum",
    "no_grad", "enable_grad", "is_grad_enabled", "collector_paused",
    "topological_order", "nodes_and_leaf_uses",
    "PASS_LOCK", "accumulate_gradients", "gradients", "reverse_steps", "ReverseStep",
    "find_overflow", "as_float", "checked_label", "short_repr",
    "arithmetic", "functions", "sums",
    "node_names", "format_number", "total_derivative", "local_derivative", "write_expression",
]
