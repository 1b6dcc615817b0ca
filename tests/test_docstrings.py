"""Every example in the engine's docstrings runs as written."""

import doctest
import importlib
import pkgutil

import pytest

import autograd_core

MODULES = [autograd_core] + [
    importlib.import_module(info.name)
    for info in pkgutil.walk_packages(autograd_core.__path__, prefix="autograd_core.")]


def _has_examples(module):
    own = [obj for obj in vars(module).values()
           if getattr(obj, "__module__", None) == module.__name__]
    return any(">>>" in (getattr(obj, "__doc__", None) or "") for obj in [module] + own)


@pytest.mark.parametrize("module", [m for m in MODULES if _has_examples(m)],
                         ids=lambda m: m.__name__)
def test_docstring_examples_produce_the_output_shown(module):
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
