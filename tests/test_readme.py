"""The README's REPL sessions run as written and print what it says they print."""

import doctest
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def _python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_repl_examples():
    assert any(">>>" in block for block in _python_blocks())


def test_readme_repl_sessions_produce_the_output_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs = {}
    # Blocks run in order in one namespace, as one REPL session would.
    for number, block in enumerate(_python_blocks()):
        if ">>>" not in block:
            continue
        test = parser.get_doctest(block, globs, f"README block {number}", str(README), 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)
    failed, attempted = runner.summarize(verbose=False)
    assert attempted > 0
    assert failed == 0, f"{failed} of {attempted} README examples failed (see output above)"


def test_every_link_to_a_section_leads_to_a_heading():
    text = README.read_text(encoding="utf-8")
    outside_code = re.sub(r"```.*?```", "", text, flags=re.S)
    headings = {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
                for heading in re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.M)}
    targets = set(re.findall(r"\]\(#([^)]+)\)", outside_code))
    assert targets and sorted(targets - headings) == []
