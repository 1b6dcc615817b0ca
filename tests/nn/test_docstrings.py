"""The examples in the nn package's docstrings run as written."""

import doctest
import importlib
import pkgutil

import pytest

import nn

MODULES = [nn] + [importlib.import_module(info.name)
                  for info in pkgutil.walk_packages(nn.__path__, prefix="nn.")]


def _has_examples(module):
    own = [obj for obj in vars(module).values()
           if getattr(obj, "__module__", None) == module.__name__]
    return any(">>>" in (getattr(obj, "__doc__", None) or "") for obj in [module] + own)


@pytest.mark.parametrize("module", [m for m in MODULES if _has_examples(m)],
                         ids=lambda m: m.__name__)
def test_docstring_examples_produce_the_output_shown(module):
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
