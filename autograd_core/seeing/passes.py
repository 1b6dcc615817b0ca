"""The pass a picture shows, step by step: what each box reads before and after every step.

Frames, GIFs and players show a pass without running it into the graph: the
backward pass comes from ``core.backward.reverse_steps``, which changes no
``grad``, and every number shown is this pass's own, counted from zero,
whatever the nodes' ``grad`` held before (a graph that already had
``backward()`` is shown exactly as a fresh one). A box the pass has not
reached yet shows no number.

A step is shown on the drawn edge it stands for: where values are folded
into one operation (``drawn``), the step that reaches the input is written
with the drawn operation's local derivative, the product along the fold,

    dE/dout_o1 += dE/dE_o1 · ∂E_o1/∂out_o1 = 1 · 0.7414 = 0.7414,

and adds the same number the backward pass adds (the steps between folded
values have no edge of their own and are not shown).
"""

from ..calculus import forward_steps
from ..core import reverse_steps
from ..core.notation import format_number
from .steps import step_text


class ShownStep:
    """One step as shown: its sentence, its red edges, the box it updates and that box's new text."""

    __slots__ = ("text", "edges", "node", "value")

    def __init__(self, text, edges, node, value):
        self.text, self.edges, self.node, self.value = text, edges, node, value


class ShownPass:
    """A whole pass as shown: the field's name, the seed, the steps, the sentence before them.

    Attributes:
        field: the name of the boxes' changing field: ``"grad"`` or ``"d/dx"``.
        seed: (node, text) set when the pass starts (the root's ``grad 1``).
        steps: the ``ShownStep`` s, in order.
        start: what the page says before the first step.
    """

    def __init__(self, field, seed, steps, start):
        self.field, self.seed, self.steps, self.start = field, seed, steps, start

    def states(self):
        """(texts, caption, step) for the start and after each step; texts maps node -> field text.

        The start shows no number at all. One dict is updated in place and
        handed out each time: take a copy to keep it.
        """
        texts = {}
        yield texts, self.start, None
        seed_node, seed_text = self.seed
        texts[seed_node] = seed_text
        for number, step in enumerate(self.steps, start=1):
            texts[step.node] = step.value
            yield texts, f"step {number}: {step.text}", step

    def longest_texts(self):
        """For each node, the longest text it ever shows (its box is sized for it)."""
        longest = {self.seed[0]: self.seed[1]}
        for step in self.steps:
            if len(step.value) > len(longest.get(step.node, "")):
                longest[step.node] = step.value
        return longest

    def field_texts(self, boxes):
        """The text each of ``boxes`` is laid out with: its longest, or a blank for a box the
        pass never gives a number (its field is drawn empty, never with a number of ``grad``)."""
        longest = self.longest_texts()
        return {node: longest.get(node, BLANK) for node in boxes}


#: The text of a field with no number: a no-break space, so that the field still holds a
#: text element (a page writes each step's number into it) and nothing else is drawn.
BLANK = "\u00a0"


def backward_pass(drawn, digits):
    """The backward pass from ``drawn.root`` as ``drawn`` shows it; no ``grad`` changes."""
    root, names = drawn.root, drawn.names
    root_name = names[root]
    grads = {root: 1.0}

    def text(x):
        return f"grad {format_number(x, digits)}"

    steps = []
    for step in reverse_steps(root):
        grads[step.input] = step.input_grad
        edge = drawn.edge_of.get((step.node, step.position))
        if edge is None:
            continue                       # a step between folded values: no edge of its own
        sentence = step_text(root_name, names[edge.result], names[edge.source],
                             grads[edge.result], edge.local, step.contribution)
        steps.append(ShownStep(sentence, [edge.id], edge.source, text(step.input_grad)))
    return ShownPass("grad", (root, text(1.0)), steps,
                     "the forward pass: every value computed, no gradient yet")


def forward_pass(drawn, wrt, digits):
    """The forward pass for d·/d``wrt`` over ``drawn`` (which folds nothing), as shown."""
    wrt_name = drawn.names[wrt]
    field = f"d/d{wrt_name}"

    def text(x):
        return f"{field} {format_number(x, digits)}"

    reached = {wrt}
    steps = []
    for step in forward_steps(drawn.root, wrt):
        node = step.node
        edges = [drawn.edge_of[node, position].id
                 for position, child in enumerate(node.inputs) if child in reached]
        reached.add(node)
        steps.append(ShownStep(str(step), edges, node, text(step.derivative)))
    return ShownPass(field, (wrt, text(1.0)), steps,
                     f"every value computed; the forward pass for d/d{wrt_name} starts "
                     f"at d{wrt_name}/d{wrt_name} = 1")
