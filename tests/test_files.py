"""write_atomically: a file is wholly old or wholly new, whatever goes wrong."""

import os

import pytest

from autograd_core.files import check_writable, new_folder, write_atomically, write_files_atomically


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


def test_a_file_where_the_folder_should_be_is_named_as_a_file(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(NotADirectoryError, match=r"save: cannot write .*notes.txt.*: "
                                                 r"'.*notes.txt' is a file, not a folder"):
        write_atomically(tmp_path / "notes.txt" / "model.json", "x", "save")
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_writing_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real" / "model.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "model.json"
    link.symlink_to(target)
    assert write_atomically(link, "new", "save") == str(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new"
    assert sorted(os.listdir(target.parent)) == ["model.json"]


def test_a_dangling_link_creates_the_file_it_points_to(tmp_path):
    target = tmp_path / "model.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_path_that_is_a_folder_is_named_as_given(tmp_path):
    folder = tmp_path / "picture.svg"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match=r"render_svg: cannot write '.*picture.svg': it is a "
                                                 r"folder, not a file"):
        write_atomically(str(folder), "x", "render_svg")
    assert os.listdir(tmp_path) == ["picture.svg"]


def test_a_refused_write_names_the_path_given_not_the_temporary_file(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        with pytest.raises(PermissionError) as error:
            write_atomically(folder / "model.json", "x", "save")
        assert "save: cannot write" in str(error.value) and "model.json" in str(error.value)
        assert ".partial" not in str(error.value)
    finally:
        os.chmod(folder, 0o700)


# ----------------------------------------------------------------------
# new_folder: a set of files swapped in whole
# ----------------------------------------------------------------------

def test_a_new_folder_replaces_the_old_one_only_when_the_block_ends_well(tmp_path):
    frames = tmp_path / "frames"
    frames.mkdir()
    for k in range(1, 6):
        (frames / f"step_00{k}.svg").write_text("old")
    with new_folder(frames, "render_backward_frames") as folder:
        assert os.path.dirname(folder) == str(tmp_path) and os.listdir(folder) == []
        for k in range(1, 3):
            with open(os.path.join(folder, f"step_00{k}.svg"), "w") as file:
                file.write("new")
        assert sorted(os.listdir(frames)) == [f"step_00{k}.svg" for k in range(1, 6)]
    # no stale frame 3, 4 or 5 of the earlier run, and nothing left beside it
    assert sorted(os.listdir(frames)) == ["step_001.svg", "step_002.svg"]
    assert (frames / "step_001.svg").read_text() == "new"
    assert os.listdir(tmp_path) == ["frames"]


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_a_failure_or_ctrl_c_inside_leaves_the_old_folder_whole(tmp_path, failure):
    frames = tmp_path / "frames"
    frames.mkdir()
    (frames / "step_001.svg").write_text("old")
    with pytest.raises(failure):
        with new_folder(frames, "render_backward_frames") as folder:
            with open(os.path.join(folder, "step_001.svg"), "w") as file:
                file.write("new")
            raise failure()
    assert os.listdir(frames) == ["step_001.svg"] and (frames / "step_001.svg").read_text() == "old"
    assert os.listdir(tmp_path) == ["frames"]


def test_a_folder_holding_other_files_is_refused_before_anything_is_written(tmp_path):
    frames = tmp_path / "frames"
    frames.mkdir()
    (frames / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match=r"render_backward_frames: the folder '.*frames' "
                                               r"holds other files \('notes.txt'\)"):
        with new_folder(frames, "render_backward_frames"):
            raise AssertionError("never entered")
    assert os.listdir(frames) == ["notes.txt"] and os.listdir(tmp_path) == ["frames"]


def test_a_new_folder_through_a_symbolic_link_replaces_the_folder_it_points_to(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "step_001.svg").write_text("old")
    link = tmp_path / "frames"
    link.symlink_to(real)
    with new_folder(link, "render_backward_frames") as folder:
        with open(os.path.join(folder, "step_001.svg"), "w") as file:
            file.write("new")
    assert link.is_symlink() and (real / "step_001.svg").read_text() == "new"


def test_a_new_folder_where_a_file_is_is_refused(tmp_path):
    (tmp_path / "frames").write_text("a file")
    with pytest.raises(NotADirectoryError, match="'.*frames' is a file, not a folder"):
        with new_folder(tmp_path / "frames", "render_backward_frames"):
            pass


@pytest.mark.parametrize("below", [["frames"], ["frames", "deeper"]])
def test_a_new_folder_below_a_file_names_the_file(tmp_path, below):
    (tmp_path / "notes.txt").write_text("mine")
    path = tmp_path.joinpath("notes.txt", *below)
    with pytest.raises(NotADirectoryError, match=r"render_backward_frames: cannot write .*: "
                                                 r"'.*notes.txt' is a file, not a folder"):
        with new_folder(path, "render_backward_frames"):
            pass
    assert os.listdir(tmp_path) == ["notes.txt"]


# ----------------------------------------------------------------------
# write_files_atomically: files that belong together, all new or none
# ----------------------------------------------------------------------

def test_several_files_are_written_together(tmp_path):
    paths = write_files_atomically({tmp_path / "a.svg": "<svg/>", tmp_path / "a.html": b"page"})
    assert paths == [str(tmp_path / "a.svg"), str(tmp_path / "a.html")]
    assert (tmp_path / "a.svg").read_text() == "<svg/>"
    assert (tmp_path / "a.html").read_bytes() == b"page"


def test_a_missing_folder_for_the_second_file_writes_not_even_the_first(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"draw: cannot write .*no.*b\.html"):
        write_files_atomically({tmp_path / "a.svg": "new", tmp_path / "no" / "b.html": "new"},
                               "draw")
    assert os.listdir(tmp_path) == []


def test_a_failure_while_writing_the_second_file_leaves_the_first_as_it_was(tmp_path, monkeypatch):
    (tmp_path / "a.svg").write_text("old")
    calls = []

    def full_disk_on_the_second(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", full_disk_on_the_second)
    with pytest.raises(OSError, match=r"draw: cannot write .*b\.html.*No space"):
        write_files_atomically({tmp_path / "a.svg": "new", tmp_path / "b.html": "new"}, "draw")
    assert (tmp_path / "a.svg").read_text() == "old"
    assert os.listdir(tmp_path) == ["a.svg"]


def test_two_names_for_one_file_are_refused_before_anything_is_written(tmp_path):
    (tmp_path / "link.html").symlink_to(tmp_path / "same.svg")
    for second in (str(tmp_path) + "/./same.svg", tmp_path / "link.html"):
        with pytest.raises(ValueError, match="are the same file"):
            write_files_atomically({tmp_path / "same.svg": "a", second: "b"}, "draw")
    assert os.listdir(tmp_path) == ["link.html"]


def test_check_writable_refuses_a_folder_in_the_way_naming_the_path_given(tmp_path, monkeypatch):
    (tmp_path / "taken.svg").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IsADirectoryError, match="draw: cannot write 'taken.svg': it is a folder"):
        check_writable(["taken.svg"], "draw")
