"""The documentation site builds with warnings as errors, and documents every public name."""

import html
import inspect
import os
import pathlib
import re
import subprocess
import sys

import pytest

import autograd_core
import nn

ROOT = pathlib.Path(__file__).resolve().parent.parent

for package in ("mkdocs", "mkdocstrings", "mkdocstrings_handlers.python", "material",
                "mkdocs_jupyter"):
    pytest.importorskip(package, reason=f"{package} is not installed (the docs extra)")

GUIDE = ["index", "command-line", "chain-rule", "pictures", "checking", "training",
         "higher-order", "trust", "playground", "demos", "inside", "performance"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site built by ``mkdocs build --strict`` into a folder of its own."""
    folder = tmp_path_factory.mktemp("site")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                            str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=600,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return folder


def _page(site, name):
    path = site / ("index.html" if name == "index" else f"{name}/index.html")
    return path.read_text(encoding="utf-8")


def _text(site, name):
    """A page's words, without its tags (code is split into highlighted spans)."""
    return html.unescape(re.sub(r"<[^>]+>", "", _page(site, name)))


@pytest.mark.parametrize("name", GUIDE)
def test_every_guide_page_is_built_from_the_readme(site, name):
    text = _page(site, name)
    assert "<h1" in text


def test_the_guide_pages_hold_the_readmes_examples(site):
    assert "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24" in _text(site, "chain-rule")
    assert "autograd-core trace" in _text(site, "command-line")
    assert "you used the updated w5⁺ = 0.358916 in place of w5 = 0.4" in _text(site, "checking")


def test_the_readmes_pictures_are_on_the_site(site):
    for name in re.findall(r"\]\(docs/pictures/([^)]+)\)", (ROOT / "README.md").read_text()):
        assert (site / "pictures" / name).exists(), name


@pytest.mark.parametrize("notebook", sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_every_notebook_is_a_page(site, notebook):
    text = _page(site, f"notebooks/{notebook}")
    assert "Exercises" in text


def test_a_lessons_page_shows_what_its_cells_print_and_draw(site):
    # The notebooks are stored without outputs; the site runs them, so a reader sees the steps.
    assert "dz/dx += dz/dv1 · ∂v1/∂x = 8 · 3 = 24" in _text(site, "notebooks/01_chain_rule")
    assert "E_total after:  0.291027774" in _text(site, "notebooks/03_network_by_hand")
    assert "data:image/png" in _page(site, "notebooks/06_gradient_descent")


@pytest.mark.parametrize("package", [autograd_core, nn], ids=lambda p: p.__name__)
def test_the_reference_documents_every_public_name(site, package):
    text = _page(site, f"reference/{package.__name__}")

    def documented(name):
        obj = getattr(package, name)
        where = f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', name)}"
        return f'id="{package.__name__}.{name}"' in text or f'id="{where}"' in text
    assert [name for name in package.__all__ if not documented(name)] == []


def _public_callables():
    for package in (autograd_core, nn):
        for name in package.__all__:
            obj = getattr(package, name)
            if callable(obj):
                yield f"{package.__name__}.{name}", obj


@pytest.mark.parametrize("name, obj", list(_public_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_name_says_what_it_returns_refuses_and_shows_an_example(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"{name}: no example"
    if not inspect.isclass(obj):
        assert "Returns:" in doc or "Yields:" in doc, f"{name}: says not what it returns"
    assert "Raises:" in doc, f"{name}: says not what it refuses"


def test_a_link_to_a_readme_section_leads_to_the_page_that_holds_it(site):
    # The README's "For a teacher" example links to the Playground's section, which on the
    # site is a page of its own.
    assert 'href="playground/#the-backprop-playground"' in _page(site, "index")


def test_values_operators_are_in_the_reference_with_their_local_derivatives(site):
    page = _page(site, "reference/autograd_core")
    for operator in ("add", "neg", "sub", "rsub", "mul", "truediv", "rtruediv", "pow", "rpow"):
        assert f'id="autograd_core.Value.__{operator}__"' in page, operator
    text = _text(site, "reference/autograd_core")
    assert "x · y.   ∂/∂x = y,  ∂/∂y = x" in text
    assert 'id="autograd_core.Value.__init__"' not in page     # other special methods stay out


@pytest.mark.parametrize("package", ["autograd_core", "nn"])
def test_no_example_in_the_reference_is_rendered_as_a_quotation(site, package):
    # A docstring's ">>>" outside its Examples section reads as three nested quotations.
    page = _page(site, f"reference/{package}")
    assert "<blockquote>\n<blockquote>" not in page


def _documented_objects():
    """(path, parsed Google-style sections) of every object the reference shows."""
    griffe = pytest.importorskip("griffe")
    found = []
    for package in ("autograd_core", "nn"):
        seen = set()

        def walk(obj):
            if obj.path in seen or obj.is_alias:
                return
            seen.add(obj.path)
            if obj.docstring:
                found.append((obj.path, obj.docstring.parse("google")))
            for name, member in obj.members.items():
                if not name.startswith("_") or name.startswith("__"):
                    walk(member)
        walk(griffe.load(package, search_paths=[str(ROOT)]))
    return found


def test_every_docstring_section_reads_as_the_reference_renders_it():
    # A line of a section that is not indented under its item starts an item of its own:
    # "Returns:" grows a second row, "line, column: ..." a name "line," of type "column".
    wrong = []
    for path, sections in _documented_objects():
        for section in sections:
            kind = section.kind.value
            if kind in ("returns", "yields") and len(section.value) != 1:
                wrong.append(f"{path}: {kind} has {len(section.value)} items")
            if kind in ("parameters", "attributes"):
                wrong += [f"{path}: {kind} {item.name!r}" for item in section.value
                          if not item.name.lstrip("*").isidentifier()]
            if kind == "raises":
                wrong += [f"{path}: raises {item.annotation!s}" for item in section.value
                          if not re.fullmatch(r"\(?[A-Z]\w*(, [A-Z]\w*)*\)?", str(item.annotation))
                          or re.search(r"\b[A-Z]\w*Error: ", item.description)]   # two in one row
    assert wrong == []


def _public_methods():
    for package in (autograd_core, nn):
        for name in package.__all__:
            cls = getattr(package, name)
            if inspect.isclass(cls):
                for method_name, method in vars(cls).items():
                    method = getattr(method, "__func__", method)
                    if not method_name.startswith("_") and inspect.isfunction(method):
                        yield f"{package.__name__}.{name}.{method_name}", method


@pytest.mark.parametrize("name, method", list(_public_methods()),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_method_has_a_docstring(name, method):
    # The reference leaves out a member without one: SGD.step was not in it at all.
    assert inspect.getdoc(method), f"{name} has no docstring"
