"""Update steps: a parameter after one step of gradient descent, w⁺ = w − η·dR/dw.

``check(root, claims, learning_rate=η)`` judges a claim ``"w5+"`` (or
``"w5⁺"``) against w5 − η·dE/dw5 for the root E. It follows from the
student's own numbers when it is their w5 minus η times *their*
dE/dw5 (the one they wrote, or else the one their other numbers give):

    w5⁺ = w5 − η·dE/dw5 = 0.4 − 0.5 · 0.082167041 = 0.35891648
"""

from .allowances import EPSILON, KAPPA
from .following import EMPTY, join
from .judge import rounding_error


def exact_update(graph, parameter, learning_rate):
    """w − η·dR/dw with the engine's exact derivative."""
    return parameter.data - learning_rate * graph.exact_derivative(graph.root, parameter)


def update_noise(graph, allowances, parameter, learning_rate):
    """The rounding noise of w − η·g: η times the gradient's, and the subtraction's own."""
    gradient = graph.exact_derivative(graph.root, parameter)
    scale = max(abs(parameter.data), abs(learning_rate * gradient))
    return (learning_rate * allowances.derivative_noise(graph.root, parameter)
            + KAPPA * EPSILON * scale)


def update_rounding(graph, allowances, parameter, learning_rate, written, gradient_written):
    """What rounding the gradient (unless written down) and η·g at the digits written can add."""
    gradient = graph.exact_derivative(graph.root, parameter)
    total = rounding_error(learning_rate * gradient, written)
    if not gradient_written:
        total += learning_rate * (allowances.derivative_rounding(graph.root, parameter, written)
                                  + rounding_error(gradient, written))
    return total


def followed_updates(parameter_value, parameter_provenance, parameter_spread, gradients,
                     learning_rate):
    """[(w − η·g, provenance, spread)] for each candidate gradient g from the student's numbers."""
    results = []
    for gradient, provenance, spread in gradients:
        candidate = (parameter_value - learning_rate * gradient,
                     join(parameter_provenance or EMPTY, provenance),
                     parameter_spread + learning_rate * spread)
        if candidate not in results:
            results.append(candidate)
    return results
