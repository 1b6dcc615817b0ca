"""Names for the nodes ``nn`` makes, so a trace of a network says what each number is.

A neuron labels its net input and output with where it sits: ``L0.n1.net``
(Σ w·x + b of neuron 1 of layer 0) and ``L0.n1.out`` (its activation). A loss
labels the nodes it makes: ``loss`` itself, ``loss.sum`` for a sum of terms,
``loss.term0``, ``loss.term1``, … for the terms, and ``….in`` for what a term
is computed from (``loss.term0.in`` is p₀ − t₀ in the squared error).

Labels a user set are never overwritten: only nodes made by the call that
labels them get a label. The strings are made once and reused, so labelling
costs one assignment per node.

``notes_name`` turns these labels into the lecture notes' names for pictures
(``render_svg(loss, names=nn.notes_name)``): ``L0.n1.w0`` is w⁽¹⁾₂₁, the
weight into neuron 2 of layer 1 from its input 1, as the notes write w_ji^(l).
"""

import functools
import re

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


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PARAMETER = re.compile(r"L(\d+)\.n(\d+)\.(?:w(\d+)|(b|net|out))")
_LOSS_INSIDE = re.compile(r"loss\.(?:sum|term\d+)(?:\.(?:in\d*|sum))*")


def notes_name(label):
    """The lecture notes' name for a label ``nn`` gives, counting from 1 as the notes do.

    ======================  =============  ======================================
    label                   notes' name    what it is
    ======================  =============  ======================================
    ``L0.n1.w0``            w⁽¹⁾₂₁         weight into neuron 2 of layer 1 from input 1 (w_ji^(l))
    ``L0.n1.b``             b⁽¹⁾₂          that neuron's bias
    ``L0.n1.net``           net⁽¹⁾₂        its net input Σ w·x + b
    ``L0.n1.out``           out⁽¹⁾₂        its output
    ``loss``                E              the loss (the notes' E)
    ``loss.term0``, …       None           inside the loss: left unnamed, so a
                                           picture on a slide draws the loss as
                                           one operation, ½(• − t)²
    ======================  =============  ======================================

    Any other label is returned as it is. For pictures:
    ``render_svg(loss, names=nn.notes_name)``. An index of 10 or more is
    followed by a comma (w⁽¹⁾₁₀,₁), so w₁₀₁ cannot be misread.

    Returns:
        str or None: the name to show, or None for a node to leave unnamed.

    Raises:
        TypeError: a ``label`` that is not a str.

    Examples:
        >>> notes_name("L0.n1.w0"), notes_name("L1.n0.out"), notes_name("loss")
        ('w⁽¹⁾₂₁', 'out⁽²⁾₁', 'E')
        >>> notes_name("loss.term0") is None
        True
    """
    if not isinstance(label, str):
        raise TypeError(f"notes_name: expected a label (a str), got {type(label).__name__}: "
                        f"{label!r}")
    if label == "loss":
        return "E"
    if _LOSS_INSIDE.fullmatch(label):
        return None
    found = _PARAMETER.fullmatch(label)
    if found is None:
        return label
    layer, neuron, weight, kind = found.groups()
    layer_mark = "⁽" + str(int(layer) + 1).translate(_SUPERSCRIPT) + "⁾"
    j = int(neuron) + 1
    if weight is not None:
        i = int(weight) + 1
        separator = "," if j >= 10 or i >= 10 else ""
        return f"w{layer_mark}{str(j).translate(_SUBSCRIPT)}{separator}{str(i).translate(_SUBSCRIPT)}"
    return f"{kind}{layer_mark}{str(j).translate(_SUBSCRIPT)}"
