"""The lessons in notebooks/: stored clean, and each runs top to bottom in a fresh kernel."""

import asyncio
import pathlib
import re

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
#: Kernels run at the same time (the machines have two cores).
AT_ONCE = 2
#: Seconds a cell may take; a whole lesson is meant to run in well under a minute.
CELL_TIMEOUT = 120

#: What each lesson must print when run as stored: its notes' numbers, computed on the way.
EXPECTED = {
    "01_chain_rule": ["dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24", "v.grad = 120.0",
                      "dz/dv = ∂z/∂y · dy/dv = 8 · 15 = 120"],
    "02_one_neuron": ["net = 0.3775   out = 0.593269992",
                      "dout/dw1 += dout/dnet · ∂net/∂w1 = 0.241301 · 0.05 = 0.012065",
                      "≠ ReLU                   f′(0) = 0 in the engine   table: 1  (a convention)",
                      "≠ PReLU (α = 0.1)        f′(0) = 0.1 in the engine   table: 1  (a convention)"],
    "03_network_by_hand": ["E_total after:  0.291027774", "= 0.358916480",
                           "follows from your dE_total/dout_h1"],
    "04_matrix_form": ["MSE = 0.1384", "Errata in “Feedforward and Backpropagation (in matrix form)”: none"],
    "05_xor": ["  1  1 |  1  1 | 0", "[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
               "3 printed number(s) disagree", "the sign is flipped"],
    "06_gradient_descent": ["θ3 = θ2 − 0.1·(-5.12) = -2.048",
                            "✗ θ3 = -3.012, but it is -2.048",
                            "θ3 = θ2 − α·slope2 = −2.56 − 0.1·(−5.12) = −2.048",
                            "✗ θ1 = -3.98, but it is -3.92",
                            "θ1 = θ0 − α·slope0 = −4 − 0.01·(−8) = −3.92"],
    "07_derivatives_of_derivatives": ["ln 2 = 0.6931471806", "symmetric: True",
                                      "[[4.0, 2.0], [2.0, 12.0]]"],
    "08_playground": ["accuracy after 160 epochs"],
}


def test_there_is_one_lesson_per_expected_notebook():
    assert [path.stem for path in NOTEBOOKS] == sorted(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, \
                f"{path.name} is stored with outputs: clear them before committing"
    assert "widgets" not in notebook.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_is_a_lesson_not_a_code_dump(path):
    notebook = nbformat.read(path, as_version=4)
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds[0] == "markdown" and notebook.cells[0].source.startswith("# ")
    assert kinds.count("markdown") * 2 >= kinds.count("code")
    assert "## Exercises" in "\n".join(cell.source for cell in notebook.cells)


@pytest.fixture(scope="module")
def executed():
    """Every notebook run in a fresh kernel of its own: {stem: notebook or the exception}."""
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed")

    async def run(path, limit):
        async with limit:
            notebook = nbformat.read(path, as_version=4)
            client = nbclient.NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                                             resources={"metadata": {"path": str(FOLDER)}})
            try:
                await client.async_execute()
            except Exception as error:          # reported by the notebook's own test
                return path.stem, error
            return path.stem, notebook

    async def run_all():
        limit = asyncio.Semaphore(AT_ONCE)
        return dict(await asyncio.gather(*(run(path, limit) for path in NOTEBOOKS)))

    return asyncio.run(run_all())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_runs_top_to_bottom_in_a_fresh_kernel(path, executed):
    notebook = executed[path.stem]
    if isinstance(notebook, Exception):
        if "kernel" in type(notebook).__name__.lower() or "No such kernel" in str(notebook):
            pytest.skip(f"a Jupyter kernel could not start: {notebook}")
        raise notebook
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name}: {output.ename}: {output.evalue}"
    printed = _printed(notebook)
    for expected in EXPECTED[path.stem]:
        assert expected in printed, f"{path.name} did not print {expected!r}"


def _printed(notebook):
    """Everything the notebook's cells printed or showed as text."""
    text = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                text.append(output.text)
            elif "text/plain" in output.get("data", {}):
                text.append(output.data["text/plain"])
    return "".join(text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_the_engine_gives_an_unnamed_node_is_explained(path, executed):
    # The steps call an unlabelled intermediate result v1, v2, ...: a lesson that prints
    # such a name says which result it is.
    notebook = executed[path.stem]
    if isinstance(notebook, Exception):
        pytest.skip("the notebook did not run (its own test says why)")
    printed = _printed(notebook)
    made_up = sorted(set(re.findall(r"(?<![A-Za-z0-9_])d?(v[0-9]+)(?![A-Za-z0-9_])", printed)))
    words = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert [name for name in made_up if f"`{name}`" not in words] == []


def test_every_picture_a_notebook_draws_is_shown_inline(executed):
    notebook = executed.get("01_chain_rule")
    if notebook is None or isinstance(notebook, Exception):
        pytest.skip("the chain-rule notebook did not run")
    kinds = {kind for cell in notebook.cells for output in cell.get("outputs", [])
             for kind in output.get("data", {})}
    assert {"image/svg+xml", "text/html"} <= kinds


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_prints_no_warning_and_no_python_repr(path, executed):
    # What a cell prints is read by a student: numbers and words, not Value(data=...) or
    # <object at 0x...>, and nothing on standard error (warnings, deprecations).
    notebook = executed[path.stem]
    if isinstance(notebook, Exception):
        pytest.skip("the notebook did not run (its own test says why)")
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type != "stream":
                continue
            assert output.name == "stdout", f"{path.name} wrote to stderr: {output.text[:300]}"
            for repr_mark in ("Value(data=", " object at 0x", "<IPython."):
                assert repr_mark not in output.text, f"{path.name} printed {output.text[:300]}"
