"""The text view of a graph: linear in size however deep the graph."""

from autograd_core import Value, format_graph
from autograd_core.seeing.text import MAX_INDENT


def deep_chain(n):
    x = Value(1.0, label="x")
    node = x
    for _ in range(n):
        node = node + 1
    return x, node


def test_a_deep_chain_prints_in_linear_size():
    # Indenting every level grew the text with the square of depth:
    # 5,000 nodes gave 50 million characters.
    _, root = deep_chain(5_000)
    text = format_graph(root, show_grad=False)
    assert len(text.splitlines()) == 5_001 + 1
    assert len(text) < 250 * 5_001


def test_a_shortened_text_says_what_was_shortened():
    _, root = deep_chain(MAX_INDENT + 5)
    lines = format_graph(root).splitlines()
    assert lines[-1].startswith(f"(indentation stops at depth {MAX_INDENT};")
    assert f"[depth {MAX_INDENT + 1}] " in lines[MAX_INDENT + 1]
    assert "[depth" not in "\n".join(lines[:MAX_INDENT + 1])
    assert lines[-2].lstrip(" │").startswith(f"└── [depth {MAX_INDENT + 5}] x = 1")


def test_a_shallow_graph_is_not_shortened():
    _, root = deep_chain(MAX_INDENT)
    text = format_graph(root)
    assert "[depth" not in text and "indentation stops" not in text


def test_edges_carry_local_derivatives_written_with_curly_d():
    x = Value(2.0, label="x")
    y = x * x
    y.label = "y"
    assert format_graph(y, show_grad=False).splitlines()[1].endswith("∂y/∂x = 2")
