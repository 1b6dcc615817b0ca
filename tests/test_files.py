"""write_atomically: a file is wholly old or wholly new, whatever goes wrong."""

import os

import pytest

from autograd_core.files import write_atomically


def test_writes_text_as_utf8_and_bytes_as_given(tmp_path):
    write_atomically(tmp_path / "a.txt", "∂z/∂x")
    write_atomically(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "∂z/∂x"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "model.json"
    target.write_text("old")

    def full_disk(descriptor):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["model.json"]


def test_an_interrupt_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "picture.svg"
    target.write_text("old")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["picture.svg"]


@pytest.mark.parametrize("bad", [2, True, None, 3.5])
def test_a_path_that_is_not_a_file_name_is_refused(tmp_path, bad):
    with pytest.raises(TypeError, match="file name"):
        write_atomically(bad, "x", "save")


def test_a_new_file_gets_the_usual_permissions_and_a_replaced_one_keeps_its_own(tmp_path):
    umask = os.umask(0o022)
    try:
        fresh = write_atomically(tmp_path / "fresh.txt", "x")
        assert os.stat(fresh).st_mode & 0o777 == 0o644
        os.chmod(fresh, 0o640)
        write_atomically(fresh, "y")
        assert os.stat(fresh).st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


def test_a_missing_folder_is_named_not_the_temporary_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"save: cannot write .*the folder .*missing.* does not exist"):
        write_atomically(tmp_path / "missing" / "model.json", "x", "save")
