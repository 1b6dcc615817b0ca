"""The examples in the nn package's docstrings run as written."""

import doctest

import pytest

import nn
import nn.module


@pytest.mark.parametrize("module", [nn, nn.module], ids=lambda m: m.__name__)
def test_docstring_examples_produce_the_output_shown(module):
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0
