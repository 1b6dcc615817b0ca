"""The example in the docstring of every public name of autograd_core and nn runs as written.

``doctest.testmod`` finds only what a module defines itself; a decorated
function (the losses) or a name re-exported from a layer is found here,
through the packages' ``__all__``, and run in its own module's namespace.
"""

import doctest
import inspect
import sys

import pytest

import autograd_core
import nn


def _public():
    for package in (autograd_core, nn):
        for name in package.__all__:
            obj = getattr(package, name)
            if callable(obj):
                yield f"{package.__name__}.{name}", obj


@pytest.mark.parametrize("name, obj", list(_public()), ids=[name for name, _ in _public()])
def test_the_example_of_a_public_name_runs_as_written(name, obj):
    module = sys.modules[inspect.unwrap(obj).__module__]
    tests = [test for test in doctest.DocTestFinder(recurse=False).find(
        obj, name, module=module, globs=dict(vars(module))) if test.examples]
    assert tests, f"{name} has no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.failures == 0
