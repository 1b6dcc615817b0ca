"""The report: printed, as Markdown and LaTeX for an answer sheet, and as HTML in Jupyter."""

import shutil
import subprocess

import pytest

from autograd_core import Value, check
from autograd_core.examples import network_2_2_2

CLAIMS = {
    "out_h1": "0.593269992",
    "out_o1": "0.75",
    "∂out_o1/∂net_o1": "0.1875",            # out·(1 − out) from the student's own 0.75: rounded
    "∂E_total/∂out_o1": "0.74136507",
    "∂E_total/∂out_h1": "0.0553994",        # the path through E_o2 left out
    "∂E_total/∂w1": "0.000668",             # follows from it
    "out_h2": "0.5",                        # one digit, and wrong
}


@pytest.fixture
def report():
    nodes = network_2_2_2()
    nodes["E"].label = "E_total"
    return check(nodes["E"], CLAIMS)


def test_the_repr_counts_each_status(report):
    assert repr(report) == "CheckReport(3 right, 2 wrong, 1 carried, 1 rounded)"


def test_a_rounded_claim_says_which_of_the_students_numbers_it_follows_from(report):
    rounded = next(r for r in report.results if r.key == "∂out_o1/∂net_o1")
    assert rounded.status == "rounded" and rounded.rounded_from == ["out_o1"]
    assert rounded.line() == ("≈ dout_o1/dnet_o1 = 0.1875 follows from your rounded out_o1; "
                              "exact 0.186816")


def test_the_markdown_is_a_table_of_every_claim_then_each_slip_explained(report):
    markdown = report.to_markdown()
    table = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert len(table) == 1 + len(CLAIMS)
    assert "| ✗ | `dE_total/dout_h1` | 0.0553994 | 0.03635031 | wrong (left-out path) |" in table
    assert "| ↳ | `dE_total/dw1` |" in markdown
    assert "**✗ `dE_total/dout_h1` = 0.0553994** (left-out path): you left out the path through E_o2" in markdown
    assert "  ∂net_o1/∂out_h1 = w5 = 0.4" in markdown
    assert markdown.count("**✗") == 2          # out_h2 too


def test_the_latex_is_an_itemized_list_with_aligned_explanations(report):
    latex = report.to_latex()
    assert latex.count(r"\item[") == len(CLAIMS)
    assert r"\item[$\times$] $\frac{d E_{total}}{d \mathrm{out}_{h1}} = 0.0553994$" in latex
    assert latex.count(r"\begin{align*}") == latex.count(r"\end{align*}") == 2
    assert r"&= w_{5} = 0.4" in latex
    assert latex.count("{") == latex.count("}")
    for symbol in "−·∂≈":
        assert symbol not in latex


def test_the_html_shows_every_claim_with_its_mark_and_escapes_every_label():
    x = Value(2.0, label="<script>alert(1)</script>")
    y = x * 3
    y.label = "y & <b>"
    html = check(y, {"y & <b>": "7", "<script>alert(1)</script>": "2"})._repr_html_()
    assert "<script>alert" not in html and "y & <b>" not in html
    assert "&lt;script&gt;" in html and "y &amp; &lt;b&gt;" in html
    assert html.count("<tr>") == 3 and "✗" in html and "✓" in html
    assert "6" in html and "too few" not in html


def test_jupyter_shows_the_whole_report_with_its_explanation(report):
    html = report._repr_html_()
    assert "✓" in html and "✗" in html and "↳" in html and "≈" in html
    assert "<pre>dE_total/dout_h1 = dE_total/dnet_o1 · ∂net_o1/∂out_h1" in html


def test_a_label_with_latex_specials_is_escaped_in_latex():
    x = Value(2.0, label="x_1 & 50%")
    y = x * 3
    y.label = "y"
    latex = check(y, {"dy/d(x_1 & 50%)": "2"}).to_latex()
    assert r"\text{x\_1 \& 50\%}" in latex


def test_the_latex_compiles_where_latex_is_installed(report, tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    document = ("\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n"
                + report.to_latex() + "\\end{document}\n")
    (tmp_path / "report.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "report.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]


def test_printing_explains_only_the_first_slip(report):
    text = str(report)
    assert "✗ out_h2 = 0.5, but it is 0.596884\n    arithmetic: " in text
    assert "left-out path" not in text          # the second slip is marked, not explained


def hostile_report():
    x = Value(2.0, label="x`1*")
    y = x * 3
    y.label = "y|$b$_c"
    z = y ** 2
    z.label = "z\n\n# heading"
    return check(z, {"y|$b$_c": "5", "dz\n\n# heading/dx`1*": "7"})


def test_a_label_with_markdown_syntax_stays_text_in_the_markdown():
    markdown_it = pytest.importorskip("markdown_it")
    page = markdown_it.MarkdownIt("commonmark").enable("table").render(hostile_report().to_markdown())
    assert page.count("<tr>") == 3 and page.count("<h1>") == 0
    assert "<code>y|$b$_c</code>" in page and "<code>x`1*</code>" not in page
    assert "<code>d(z␊␊# heading)/d(x`1*)</code>" in page
    assert "<em>" not in page and page.count("<pre>") == 2


def test_a_label_with_a_newline_breaks_no_line_of_the_latex():
    latex = hostile_report().to_latex()
    assert "\n\n" not in latex                    # a blank line would end a paragraph inside a formula
    assert r"\text{z\textvisiblespace{}\textvisiblespace{}\# heading}" in latex
    assert latex.count(r"\item[") == 2 and latex.count("{") == latex.count("}")
