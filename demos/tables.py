"""Numbers laid out for reading: matrices with aligned columns, small sparklines."""


def format_matrix(name, rows, decimals=4):
    """``rows`` (a list of lists of numbers) as an aligned block headed by ``name``.

        W_2 = [  0.0000  -0.1000   0.2000 ]
              [  0.6000  -0.5000   0.5000 ]
    """
    cells = [[f"{x:.{decimals}f}" for x in row] for row in rows]
    width = max(len(c) for row in cells for c in row)
    prefix = f"{name} = "
    lines = []
    for k, row in enumerate(cells):
        lead = prefix if k == 0 else " " * len(prefix)
        lines.append(lead + "[ " + "  ".join(c.rjust(width) for c in row) + " ]")
    return "\n".join(lines)


def print_matrix(name, rows, decimals=4):
    print(format_matrix(name, rows, decimals))


def transpose(rows):
    return [list(column) for column in zip(*rows)]


SPARK_LEVELS = "▁▂▃▄▅▆▇█"


def sparkline(values, width=60):
    """``values`` squeezed into ``width`` characters, low ▁ to high █ (a loss curve at a glance)."""
    if not values:
        return ""
    step = max(1, -(-len(values) // width))  # ceiling division
    samples = [values[i] for i in range(0, len(values), step)]
    low, high = min(samples), max(samples)
    span = (high - low) or 1.0
    top = len(SPARK_LEVELS) - 1
    return "".join(SPARK_LEVELS[round((v - low) / span * top)] for v in samples)


def print_loss_curve(losses, points=6):
    """A sparkline of ``losses`` and the loss at a few evenly spaced epochs."""
    print(f"loss  {sparkline(losses)}")
    n = len(losses)
    picks = sorted({0, n - 1} | {round(k * (n - 1) / (points - 1)) for k in range(points)})
    print("      " + "   ".join(f"epoch {i + 1}: {losses[i]:.4f}" for i in picks))
