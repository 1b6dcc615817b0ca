"""Every example in the docstrings of autograd_core and nn runs as written."""

import doctest
import importlib
import pkgutil

import pytest

import autograd_core
import nn


def _modules(package):
    found = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        try:
            found.append(importlib.import_module(info.name))
        except ImportError:         # an optional extra that is not installed (the playground's server)
            continue
    return found


MODULES = _modules(autograd_core) + _modules(nn)


def _has_examples(module):
    own = [obj for obj in vars(module).values()
           if getattr(obj, "__module__", None) == module.__name__]
    return any(">>>" in (getattr(obj, "__doc__", None) or "") for obj in [module] + own)


@pytest.mark.parametrize("module", [m for m in MODULES if _has_examples(m)],
                         ids=lambda m: m.__name__)
def test_docstring_examples_produce_the_output_shown(module, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)         # an example that writes a file writes it here
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
