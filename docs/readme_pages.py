"""MkDocs hook: the guide's pages are sections of the README, so the two never disagree.

Each page of ``PAGES`` is the README's sections whose headings start with the
given words, in the order given, each with everything under it down to the
next heading of its level or above. A heading that is not found stops the
build with an error naming it, so a renamed README section cannot silently
drop a page. Paths into ``docs/`` are rewritten to work from the site, and a
link to a README section (``#the-backprop-playground``) to the page that holds
it; a link to a section no page holds stops the build, naming it.
"""

import pathlib
import re

from markdown.extensions.toc import slugify
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"

#: page file -> (its title, the README headings it is made of)
PAGES = {
    "index.md": ("Getting started", ["# autograd-core", "## Set-up", "## Three short examples",
                                     "## Notebooks and documentation"]),
    "command-line.md": ("The command line", ["## Command line"]),
    "chain-rule.md": ("Seeing the chain rule", ["## Seeing the chain rule"]),
    "pictures.md": ("Pictures", ["### For a lecture", "### A network layer by layer",
                                 "### Renderers and Jupyter"]),
    "checking.md": ("Checking your work", ["## Check your hand computation"]),
    "training.md": ("Training", ["## Training a network", "## On to PyTorch"]),
    "higher-order.md": ("Derivatives of derivatives", ["## Derivatives of derivatives",
                                                       "## An operation of your own"]),
    "trust.md": ("Numbers you can trust", ["## Numbers you can trust"]),
    "demos.md": ("The lecture notes' demos", ["## Demos"]),
    "playground.md": ("The Backprop Playground", ["## The Backprop Playground"]),
    "inside.md": ("Inside the engine", ["## Inside the engine"]),
    "performance.md": ("Performance", ["## Performance"]),
}

_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_SECTION_LINK = re.compile(r"\]\(#([^)\s]+)\)")


def sections(text):
    """The README as [(level, heading line, body)], outside fenced code blocks only."""
    found, fenced, current = [], False, None
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line.rstrip("\n"))
        if match:
            current = [len(match.group(1)), line.rstrip("\n"), []]
            found.append(current)
        elif current is not None:
            current[2].append(line)
    return [(level, heading, "".join(body)) for level, heading, body in found]


def section(all_sections, start):
    """[(level, heading, body)]: the section whose heading starts with ``start``, and its subsections."""
    level = len(start.split(" ")[0])
    for index, (found_level, heading, body) in enumerate(all_sections):
        if found_level == level and heading.startswith(start):
            if level == 1:                      # the README's title: its own paragraphs only
                return [(found_level, heading, body)]
            parts = []
            for part in all_sections[index:]:
                if parts and part[0] <= level:
                    break
                parts.append(part)
            return parts
    raise PluginError(f"docs: the README has no section whose heading starts with {start!r}; "
                      f"update PAGES in docs/readme_pages.py")


def page(title, starts, all_sections):
    """The page's Markdown: one section keeps its heading as the page title; several go
    under ``title``. The README's own title becomes the page's introduction."""
    parts = [part for start in starts for part in section(all_sections, start)]
    intro = "".join(body for level, _, body in parts if level == 1)
    parts = [part for part in parts if part[0] > 1]
    top = min(level for level, _, _ in parts)
    lone = not intro and sum(level == top for level, _, _ in parts) == 1
    shift = top - (1 if lone else 2)
    text = "" if lone else f"# {title}\n{intro}"
    for level, heading, body in parts:
        text += "#" * (level - shift) + heading[level:] + "\n" + body
    text = text.replace("](docs/", "](")         # pictures: docs/pictures/… -> pictures/…
    return text.replace("](notebooks/)", "](notebooks/01_chain_rule.ipynb)")   # the first lesson


def anchor(heading):
    """The anchor of a heading line, as GitHub and MkDocs both make it: #set-up."""
    return slugify(heading.lstrip("#").strip(), "-")


def link_sections(text, name, holder):
    """``text`` of page ``name`` with each link to a README section pointed at the page that
    holds it (``holder``: anchor -> page file)."""
    def relink(match):
        target = match.group(1)
        if target not in holder:
            raise PluginError(f"docs: the README links to #{target}, a section no page of "
                              f"the site holds; add it to PAGES in docs/readme_pages.py")
        where = holder[target]
        return match.group(0) if where == name else f"]({where}#{target})"
    return _SECTION_LINK.sub(relink, text)


def on_files(files, config):
    all_sections = sections(README.read_text(encoding="utf-8"))
    holder = {anchor(heading): name for name, (_, starts) in PAGES.items()
              for start in starts for _, heading, _ in section(all_sections, start)}
    for name, (title, starts) in PAGES.items():
        text = link_sections(page(title, starts, all_sections), name, holder)
        files.append(File.generated(config, name, content=text))
    return files
