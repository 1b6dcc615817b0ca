"""Names for the nodes ``nn`` makes, so a trace of a network says what each number is.

A neuron labels its net input and output with where it sits: ``L0.n1.net``
(Σ w·x + b of neuron 1 of layer 0) and ``L0.n1.out`` (its activation). A loss
labels the nodes it makes: ``loss`` itself, ``loss.sum`` for a sum of terms,
``loss.term0``, ``loss.term1``, … for the terms, and ``….in`` for what a term
is computed from (``loss.term0.in`` is p₀ − t₀ in the squared error).

Labels a user set are never overwritten: only nodes made by the call that
labels them get a label. The strings are made once and reused, so labelling
costs one assignment per node.
"""

import functools

from autograd_core import Value
from autograd_core.core import SUM, Operation

_term_labels = []
_child_labels = {}


def labels_its_nodes(loss_function):
    """Decorate a loss so the nodes it makes are labelled (``loss``, ``loss.term0``, …)."""
    @functools.wraps(loss_function)
    def labelled(*args, **kwargs):
        first = Value(0.0).serial        # every node made from here on is the loss's own
        loss = loss_function(*args, **kwargs)
        label_loss(loss, first)
        return loss
    return labelled


def label_loss(loss, first):
    """Label ``loss`` and the nodes under it made after serial number ``first``."""
    if loss.serial <= first:
        return
    loss.label = "loss"
    stack = [loss]
    seen = set()
    while stack:
        node = stack.pop()
        inputs = node.inputs
        if _is_sum(node):
            for position, child in enumerate(inputs):
                if child.serial > first and child not in seen:
                    seen.add(child)
                    child.label = term_label(position)
                    stack.append(child)
            continue
        if len(inputs) == 1:                     # the common case: a chain inside a term
            child = inputs[0]
            if child.serial > first and child not in seen:
                seen.add(child)
                child.label = _child_label(node.label, "sum" if _is_sum(child) else "in")
                stack.append(child)
            continue
        for position, child in enumerate(inputs):
            if child.serial > first and child not in seen:
                seen.add(child)
                child.label = _child_label(node.label, "sum" if _is_sum(child) else f"in{position}")
                stack.append(child)


def term_label(k):
    """``loss.term{k}``, made once."""
    while len(_term_labels) <= k:
        _term_labels.append(f"loss.term{len(_term_labels)}")
    return _term_labels[k]


def _child_label(parent, suffix):
    """``parent.suffix``, made once for each pair."""
    by_suffix = _child_labels.get(suffix)
    if by_suffix is None:
        by_suffix = _child_labels[suffix] = {}
    label = by_suffix.get(parent)
    if label is None:
        label = by_suffix[parent] = f"{parent}.{suffix}"
    return label


def _is_sum(node):
    """True for a node made by ``sum_values`` (its record is the sum's)."""
    return isinstance(node.op, Operation) and node.op.is_a(SUM)
