"""Whole derivative matrices: ``jacobian`` in reverse or forward mode.

For outputs y₁ … yₘ and inputs x₁ … xₙ the Jacobian J[i][j] = dyᵢ/dxⱼ can be
filled two ways:

- **reverse mode**, one backward pass per output: a pass from yᵢ gives the
  whole row dyᵢ/dx₁ … dyᵢ/dxₙ at once (what ``backward()`` does for m = 1);
- **forward mode**, one forward pass per input: a pass seeded at xⱼ gives the
  whole column dy₁/dxⱼ … dyₘ/dxⱼ at once (``forward_mode``).

Both give the same matrix; they differ in cost: m passes or n passes. A
loss (m = 1) of a million weights (n = 10⁶) is why training uses reverse
mode. ``jacobian`` reports how many passes it made, so the cost argument
can be seen. Neither mode changes any ``.grad``. (PyTorch:
``torch.autograd.functional.jacobian(..., strategy="reverse-mode" | "forward-mode")``.)
"""


from .forward_mode import tangents
from .functional import as_value_list, derivatives_of
from ..core import topological_order

MODES = ("reverse", "forward")


class Jacobian:
    """The matrix dyᵢ/dxⱼ as ``matrix[i][j]`` (lists of floats), and what it cost.

    Attributes:
        matrix: one row per output, one column per input.
        mode: ``"reverse"`` or ``"forward"``.
        passes: how many passes over the graph were made: one per output in
            reverse mode, one per input in forward mode.

    Indexing, ``len`` and iteration go to ``matrix``, so ``J[i][j]`` works.

    Raises:
        IndexError: an index outside the matrix, as for any list.

    Examples:
        >>> from autograd_core import Value
        >>> r, t = Value(2.0), Value(0.0)
        >>> J = jacobian([r * t.cos(), r * t.sin()], [r, t], mode="forward")
        >>> J[1][1], J.passes           # d(r sin t)/dt = r cos t = 2; one pass per input
        (2.0, 2)
    """

    def __init__(self, matrix, mode, passes):
        self.matrix = matrix
        self.mode = mode
        self.passes = passes

    def __getitem__(self, index):
        return self.matrix[index]

    def __len__(self):
        return len(self.matrix)

    def __iter__(self):
        return iter(self.matrix)

    def __repr__(self):
        return f"Jacobian({self.matrix!r}, mode={self.mode!r}, passes={self.passes})"


def jacobian(outputs, inputs, mode="reverse"):
    """dyᵢ/dxⱼ for every output yᵢ and input xⱼ (any nodes of the graph), as a ``Jacobian``.

    ``outputs`` and ``inputs`` are lists of ``Value`` s (a single ``Value``
    counts as a list of one). ``mode="reverse"`` makes one pass per output,
    ``mode="forward"`` one per input; the numbers agree (to rounding).
    No ``.grad`` is changed.

    Returns:
        Jacobian: the matrix, the mode, and the number of passes made.

    Raises:
        TypeError: an output or input that is not a ``Value``.
        ValueError: an empty list of outputs or inputs, or an unknown ``mode``.

    Examples:
        >>> from autograd_core import Value
        >>> x, y = Value(1.0), Value(2.0)
        >>> jacobian([x * y, x + y], [x, y]).matrix
        [[2.0, 1.0], [1.0, 1.0]]
    """
    outputs = _values(outputs, "outputs")
    inputs = _values(inputs, "inputs")
    if mode == "reverse":
        matrix = [derivatives_of(y, inputs) for y in outputs]
        return Jacobian(matrix, mode, len(outputs))
    if mode == "forward":
        order = _combined_order(outputs)
        columns = []
        for x in inputs:
            tangent = tangents(order, x)
            columns.append([tangent.get(y, 0.0) for y in outputs])
        matrix = [[column[i] for column in columns] for i in range(len(outputs))]
        return Jacobian(matrix, mode, len(inputs))
    raise ValueError(f"jacobian(mode=...): expected one of {MODES}, got {mode!r}")


def _combined_order(outputs):
    """Every node any output depends on, each once, inputs before the nodes using them."""
    seen = set()
    order = []
    for y in outputs:
        for node in topological_order(y):
            if node not in seen:
                seen.add(node)
                order.append(node)
    order.sort(key=lambda node: node.serial)
    return order


def _values(values, what):
    values = as_value_list(values, f"jacobian({what}=...)")
    if not values:
        raise ValueError(f"jacobian({what}=...): expected at least one Value, got an empty list")
    return values
