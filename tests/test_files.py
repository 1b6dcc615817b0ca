"""Files written whole or not at all, with the permissions a plain open() would give."""

import os
import stat

import pytest

from autograd_core.files import write_atomically


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_default_permissions_not_private_ones(tmp_path, umask_022):
    path = tmp_path / "picture.svg"
    write_atomically(str(path), "<svg/>")
    assert mode(path) == 0o644


def test_a_replaced_file_keeps_its_permissions(tmp_path, umask_022):
    path = tmp_path / "picture.svg"
    path.write_text("old")
    os.chmod(path, 0o640)
    write_atomically(str(path), "new")
    assert path.read_text() == "new"
    assert mode(path) == 0o640
