"""Shared test helpers: an engine-independent numeric derivative."""

import pytest


def central_difference(f, point, index, eps=1e-6):
    """∂f/∂point[index] by central differences, on plain floats only."""
    up = list(point)
    down = list(point)
    up[index] += eps
    down[index] -= eps
    return (f(*up) - f(*down)) / (2 * eps)


@pytest.fixture
def numeric_grad():
    return central_difference
