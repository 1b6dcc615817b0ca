"""Feed-forward and backpropagation in matrix form (the slides “Feedforward and Backpropagation”).

Three samples (rows of X) with four features, a 4-2-3 network with sigmoid
units and no biases, one-hot targets Y:

    H_in = X·W₁,  H_out = σ(H_in),  O_in = H_out·W₂,  O_out = σ(O_in),
    MSE  = 1/(2N) Σ_e Σ_n (O_out − Y)²,

and the note's backward pass, where ⊙ multiplies entry by entry:

    O_error = O_out − Y,          O_delta = O_error ⊙ O_out ⊙ (1 − O_out),
    W₂-update = (1/N)·H_outᵀ·O_delta,
    H_error = O_delta·W₂ᵀ,        H_delta = H_error ⊙ H_out ⊙ (1 − H_out),
    W₁-update = (1/N)·Xᵀ·H_delta.

The printed numbers use N = 9, the number of entries of O_out (3 samples ×
3 outputs), i.e. ½ × the mean squared error over all entries. The engine
computes everything with scalar ``Value`` s, one weighted sum per entry; the
W-updates are the gradients ∂MSE/∂W, and the deltas are N times the
gradients of the net inputs: O_delta = N·∂MSE/∂O_in, H_delta = N·∂MSE/∂H_in.

    python -m demos.matrix_form
"""

import math
from dataclasses import dataclass, field

from autograd_core import Value, sum_values, weighted_sum

from . import errata, notes
from .output import demo_main, heading
from .tables import print_matrix, transpose

NOTE = notes.MATRIX_FORM
X = [[4.9, 3.0, 1.4, 0.2],
     [6.4, 3.2, 4.5, 1.5],
     [5.8, 2.7, 5.1, 1.9]]
Y = [[1, 0, 0],
     [0, 1, 0],
     [0, 0, 1]]
W1 = [[0.7, 0.4],
      [-0.8, 0.0],
      [0.3, -0.4],
      [0.1, 0.1]]
W2 = [[0.0, -0.1, 0.2],
      [0.6, -0.5, 0.5]]

# The matrices as the note prints them (strings, to keep their precision).
PRINTED = {
    "H_in": [["1.47", "1.42"], ["3.42", "0.91"], ["3.62", "0.47"]],
    "H_out": [["0.81", "0.81"], ["0.97", "0.71"], ["0.97", "0.62"]],
    "O_in": [["0.49", "-0.49", "0.57"], ["0.43", "-0.45", "0.55"], ["0.37", "-0.41", "0.50"]],
    "O_out": [["0.62", "0.38", "0.64"], ["0.61", "0.39", "0.63"], ["0.59", "0.40", "0.62"]],
    "O_error": [["-0.38", "0.38", "0.64"], ["0.61", "-0.61", "0.63"], ["0.59", "0.40", "-0.38"]],
    "O_delta": [["-0.09", "0.09", "0.15"], ["0.15", "-0.15", "0.15"], ["0.14", "0.10", "-0.09"]],
    "W2_update": [["0.023", "0.003", "0.020"], ["0.013", "0.003", "0.019"]],
    "H_error": [["0.021", "-0.024"], ["0.045", "0.240"], ["-0.028", "-0.011"]],
    "H_delta": [["0.003", "-0.004"], ["0.001", "0.049"], ["-0.001", "-0.003"]],
    "W1_update": [["0.002", "0.031"], ["0.001", "0.015"], ["0.000", "0.022"], ["0.000", "0.007"]],
}
PRINTED_MSE = "0.138"


@dataclass
class MatrixFormResult:
    matrices: dict                 # name -> list of rows of floats
    mse: float
    n: int
    comparisons: list = field(default_factory=list)


def forward_backward():
    """The engine's forward and backward pass; every matrix as numbers."""
    w1 = [[Value(w, label=f"W1[{i + 1},{j + 1}]") for j, w in enumerate(row)] for i, row in enumerate(W1)]
    w2 = [[Value(w, label=f"W2[{i + 1},{j + 1}]") for j, w in enumerate(row)] for i, row in enumerate(W2)]
    h_in = [[weighted_sum(column, x) for column in transpose(w1)] for x in X]
    h_out = [[h.sigmoid() for h in row] for row in h_in]
    o_in = [[weighted_sum(column, h) for column in transpose(w2)] for h in h_out]
    o_out = [[o.sigmoid() for o in row] for row in o_in]
    n = len(Y) * len(Y[0])
    squares = [(o - y) ** 2 for o_row, y_row in zip(o_out, Y) for o, y in zip(o_row, y_row)]
    mse = sum_values(squares) / (2 * n)
    mse.backward()

    data = lambda rows: [[v.data for v in row] for row in rows]
    n_times_grad = lambda rows: [[n * v.grad for v in row] for row in rows]
    matrices = {
        "H_in": data(h_in), "H_out": data(h_out), "O_in": data(o_in), "O_out": data(o_out),
        "O_error": [[o.data - y for o, y in zip(o_row, y_row)] for o_row, y_row in zip(o_out, Y)],
        "O_delta": n_times_grad(o_in),
        "W2_update": [[w.grad for w in row] for row in w2],
        "H_error": n_times_grad(h_out),
        "H_delta": n_times_grad(h_in),
        "W1_update": [[w.grad for w in row] for row in w1],
    }
    return matrices, mse.data, n


# The note's backward formulas on plain numbers, applied to its own printed
# matrices: what each printed entry should be, given the rounded ones before it.

def _matmul(a, b):
    return [[sum(x * y for x, y in zip(row, column)) for column in zip(*b)] for row in a]


def _sigmoid_slope(rows):
    return [[s * (1 - s) for s in row] for row in rows]


def _times(a, b):
    return [[x * y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def _sigmoid(rows):
    return [[1 / (1 + math.exp(-a)) for a in row] for row in rows]


def from_printed(n):
    """Each matrix recomputed from the note's printed (rounded) matrices before it."""
    p = {name: [[float(x) for x in row] for row in rows] for name, rows in PRINTED.items()}
    scale = lambda rows: [[x / n for x in row] for row in rows]
    return {
        "H_out": _sigmoid(p["H_in"]),
        "O_in": _matmul(p["H_out"], W2),
        "O_out": _sigmoid(p["O_in"]),
        "O_error": [[o - y for o, y in zip(ro, ry)] for ro, ry in zip(p["O_out"], Y)],
        "O_delta": _times(p["O_error"], _sigmoid_slope(p["O_out"])),
        "W2_update": scale(_matmul(transpose(p["H_out"]), p["O_delta"])),
        "H_error": _matmul(p["O_delta"], transpose(W2)),
        "H_delta": _times(p["H_error"], _sigmoid_slope(p["H_out"])),
        "W1_update": scale(_matmul(transpose(X), p["H_delta"])),
        "MSE": sum((o - y) ** 2 for ro, ry in zip(p["O_out"], Y) for o, y in zip(ro, ry)) / (2 * n),
    }


def compute():
    matrices, mse, n = forward_backward()
    rounded = from_printed(n)
    comparisons = []
    for name, rows in PRINTED.items():
        for i, row in enumerate(rows):
            for j, printed in enumerate(row):
                again = rounded[name][i][j] if name in rounded else None
                comparisons.append(errata.Comparison(
                    f"{name}[{i + 1},{j + 1}]", printed, matrices[name][i][j], from_rounded=again))
    comparisons.append(errata.Comparison("MSE", PRINTED_MSE, mse, from_rounded=rounded["MSE"]))
    return MatrixFormResult(matrices=matrices, mse=mse, n=n, comparisons=errata.check(comparisons))


def show(result, out=None):
    heading("Feed-forward and backpropagation in matrix form, 4-2-3 sigmoid")
    print(f"lecture note: {NOTE}")
    print_matrix("X", X, 1)
    print_matrix("W_1", W1, 1)
    print_matrix("W_2", W2, 1)
    for name in ("H_in", "H_out", "O_in", "O_out"):
        print_matrix(name, result.matrices[name])
    print(f"MSE = 1/(2·{result.n}) Σ (O_out − Y)² = {result.mse:.6f}")
    print("backward (the deltas are N·∂MSE/∂net, the updates ∂MSE/∂W):")
    for name in ("O_error", "O_delta", "W2_update", "H_error", "H_delta", "W1_update"):
        print_matrix(name, result.matrices[name], 5)
    print()
    errata.print_comparisons(NOTE.short, result.comparisons)
    print("  (✓ rounded inputs: the note carried its 2-digit numbers forward; its arithmetic "
          "on them is right)")
    errata.print_summary(NOTE.short, result.comparisons)
    print("Not counted: the note repeats its slides, and in the repeat Xᵀ reads "
          "9, 0, 4, 2 in its first column (4.9, 3.0, 1.4, 0.2) and W₂ᵀ lost its last row; "
          "those are copying slips, not results.")


main = demo_main(__doc__, compute, show)


if __name__ == "__main__":
    main()
