"""The results as a plain-text table for the terminal, or as markdown for the README."""

from .engines import TITLES

REFERENCES = ("micrograd", "torch")


def targets(results):
    """``(description, measured, wanted, holds)`` for each target whose engines ran."""
    checks = []

    def at_least(description, measured, wanted):
        if measured is not None:
            checks.append((description, f"{measured:.1f}×", f"≥ {wanted:g}×", measured >= wanted))

    moons = results.row("moons")
    at_least("moons MLP step, faster than micrograd", moons.ratio("micrograd"), 28)
    at_least("moons MLP step, faster than PyTorch scalars", moons.ratio("torch"), 5)
    for title in ("deep chain", "wide sum, "):
        forward, backward = [r for r in results.rows if r.workload.startswith(title)][:2]
        at_least(f"{title.rstrip(', ')} (forward + backward), faster than micrograd",
                 _total_ratio(forward, backward, "micrograd"), 3)
    at_least("memory per node, smaller than micrograd's", results.row("memory").ratio("micrograd"), 3)
    small, big, ratio, ratio_paused = _scaling(results)
    limit = 1.2 * big / small
    checks.append((f"chain of {big:,} vs {small:,} ops, forward + backward time, in "
                   f"collector_paused()", f"{ratio_paused:.1f}×", f"≤ {limit:g}×",
                   ratio_paused <= limit))
    return checks


def _scaling(results):
    """The chain's small and big size, and the time ratio with the collector on and paused."""
    small = results.sizes.chain_ops
    big = small * results.sizes.scaling_factor
    f = results.ours
    return small, big, f["scaling ratio"], f["scaling ratio gc paused"]


def _total_ratio(forward, backward, engine):
    theirs = [r.figures.get(engine) for r in (forward, backward)]
    ours = [r.figures.get("ours") for r in (forward, backward)]
    if None in theirs or None in ours:
        return None
    return sum(theirs) / sum(ours)


def table_cells(results, engines):
    """Header and rows of the main table, every cell a string."""
    header = ["workload", "unit"] + [TITLES[name] for name in engines]
    header += [f"{TITLES[name]} / ours" for name in REFERENCES if name in engines]
    rows = []
    for row in results.rows:
        cells = [row.workload, row.unit] + [_figure(row.figures.get(name)) for name in engines]
        cells += [_ratio(row.ratio(name)) for name in REFERENCES if name in engines]
        rows.append(cells)
    return header, rows


def floor_lines(results):
    f = results.ours
    floats, ours, no_grad = (f[f"ns per op: {what}"] for what in ("floats", "ours", "ours, no_grad"))
    small, big, ratio, ratio_paused = _scaling(results)
    return [
        f"one simple op (a * or + of the deep chain): plain floats {floats:.0f} ns, "
        f"ours {ours:.0f} ns ({ours / floats:.0f}× floats), "
        f"ours under no_grad {no_grad:.0f} ns ({no_grad / floats:.0f}× floats)",
        f"our chain, forward + backward: {small:,} ops {f[f'scaling {small}']:.0f} ms, "
        f"{big:,} ops {f[f'scaling {big}']:.0f} ms ({ratio:.1f}×); inside collector_paused() "
        f"{f[f'scaling {small} gc paused']:.0f} ms and {f[f'scaling {big} gc paused']:.0f} ms "
        f"({ratio_paused:.1f}×); the collector made {f[f'full collections {small}']:.0f} full passes "
        f"over all objects at {small:,} ops, {f[f'full collections {big}']:.0f} at {big:,}",
        _operation_line(results),
        _moons_line(results),
        "each engine runs in a process of its own; memory for PyTorch adds its C++ heap "
        "(glibc mallinfo2) to what tracemalloc sees",
    ]


def _moons_line(results):
    f = results.ours
    if "moons collector on" not in f:
        return "the moons step with the collector on: not measured"
    line = (f"the moons step as fit takes it, inside collector_paused(): {f['moons']:.1f} ms; "
            f"written by hand with the collector on: {f['moons collector on']:.1f} ms")
    theirs = results.row("moons").figures.get("micrograd")
    if theirs:
        line += f" ({theirs / f['moons collector on']:.1f}× micrograd)"
    return line


def _operation_line(results):
    f = results.ours
    operation = f.get("wide operation forward", 0.0) + f.get("wide operation backward", 0.0)
    one_node = f.get("wide one node forward", 0.0) + f.get("wide one node backward", 0.0)
    if not operation or not one_node:
        return "a user-defined Operation: not measured"
    return (f"a user-defined Operation of {results.sizes.wide_terms:,} inputs, forward + backward: "
            f"{operation / one_node:.1f}× the time of sum_values of as many (its value function, a "
            f"Python loop, included)")


def as_text(results, engines, machine, missing):
    header, rows = table_cells(results, engines)
    widths = [max(len(cells[i]) for cells in [header] + rows) for i in range(len(header))]

    def line(cells):
        first, *rest = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join([first] + rest)

    out = [f"Machine: {machine}", "", line(header), line(["-" * w for w in widths])]
    out += [line(cells) for cells in rows]
    out += [""] + floor_lines(results)
    out += [f"not run: {TITLES[name]}: {reason}" for name, reason in missing.items()]
    out += ["", "Targets:"]
    for description, measured, wanted, holds in targets(results):
        out.append(f"  [{'ok' if holds else 'MISSED'}] {description}: {measured} (target {wanted})")
    return "\n".join(out)


def as_markdown(results, engines, machine, missing):
    header, rows = table_cells(results, engines)
    out = [f"Measured on {machine}; medians of repeated runs, garbage collector on.", ""]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join([":---", ":---"] + ["---:"] * (len(header) - 2)) + "|")
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    out += [""] + [f"- {line}" for line in floor_lines(results)]
    out += [f"- not run: {TITLES[name]}: {reason}" for name, reason in missing.items()]
    out += ["", "| target | measured | wanted | holds |", "|:---|---:|---:|:---:|"]
    out += [f"| {d} | {m} | {w} | {'yes' if h else '**no**'} |" for d, m, w, h in targets(results)]
    return "\n".join(out)


def _figure(x):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _ratio(x):
    return "—" if x is None else f"{x:.1f}×"
