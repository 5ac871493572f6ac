"""Saving to paths: the safe save (temporary file renamed into place), refusing to
overwrite, permissions, and failures that must leave the old file untouched."""

import io
import os
import pathlib

import pytest

import rapidicom
import rapidicom.data
from rapidicom import _safe_save

SAMPLE = rapidicom.data.get_sample_file("sample_rtplan.dcm")


@pytest.fixture
def ds():
    return rapidicom.dcmread(SAMPLE)


def _folder_listing(path: pathlib.Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("as_path", [str, pathlib.Path], ids=["str", "Path"])
def test_saved_file_reads_back_identical(ds, tmp_path, as_path):
    target = tmp_path / "out.dcm"
    ds.save_as(as_path(target))
    assert target.read_bytes() == pathlib.Path(SAMPLE).read_bytes()
    assert _folder_listing(target) == ["out.dcm"]  # no temporary file left


def test_open_file_and_bytesio_targets(ds, tmp_path):
    with open(tmp_path / "a.dcm", "wb") as f:
        rapidicom.dcmwrite(f, ds)
    buffer = io.BytesIO()
    rapidicom.dcmwrite(buffer, ds)
    assert (tmp_path / "a.dcm").read_bytes() == buffer.getvalue() == pathlib.Path(SAMPLE).read_bytes()


def test_overwrite_false_refuses_an_existing_file(ds, tmp_path):
    target = tmp_path / "out.dcm"
    target.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        ds.save_as(target, overwrite=False)
    assert target.read_bytes() == b"precious"
    assert _folder_listing(target) == ["out.dcm"]
    fresh = tmp_path / "new.dcm"
    ds.save_as(fresh, overwrite=False)
    assert fresh.read_bytes() == pathlib.Path(SAMPLE).read_bytes()


class _Interrupted(Exception):
    pass


def test_a_write_interrupted_midway_leaves_the_old_file(ds, tmp_path, monkeypatch):
    target = tmp_path / "out.dcm"
    target.write_bytes(b"old contents")
    real_fdopen = os.fdopen

    class HalfWriter:
        """Writes half of what it is given, then fails (a full disk, a crash)."""

        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def writelines(self, parts):
            data = b"".join(parts)
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise _Interrupted("interrupted")

    monkeypatch.setattr(_safe_save.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(_Interrupted):
        ds.save_as(target)
    assert target.read_bytes() == b"old contents"
    assert _folder_listing(target) == ["out.dcm"]


def test_a_keyboard_interrupt_during_the_rename_leaves_the_old_file(ds, tmp_path, monkeypatch):
    target = tmp_path / "out.dcm"
    target.write_bytes(b"old contents")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(_safe_save.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ds.save_as(target)
    assert target.read_bytes() == b"old contents"
    assert _folder_listing(target) == ["out.dcm"]


def test_an_encoding_error_writes_nothing(ds, tmp_path):
    target = tmp_path / "out.dcm"
    target.write_bytes(b"old contents")
    ds.Rows = 1
    ds["Rows"]._value = "not a number"
    with pytest.raises(OSError, match="With tag"):
        ds.save_as(target)
    assert target.read_bytes() == b"old contents"
    assert _folder_listing(target) == ["out.dcm"]


def test_a_sequence_of_non_datasets_is_refused(ds):
    with pytest.raises(TypeError):
        ds.BeamSequence = [1, 2]
    ds["BeamSequence"]._value = [1, 2]  # forced past the checks
    with pytest.raises(AttributeError, match="With tag"):
        ds.save_as(io.BytesIO())


def test_a_closed_file_is_refused_before_writing(ds):
    f = io.BytesIO()
    f.close()
    with pytest.raises(ValueError, match="closed file"):
        ds.save_as(f)


def test_permissions(ds, tmp_path):
    target = tmp_path / "out.dcm"
    umask = os.umask(0o022)
    try:
        ds.save_as(target)
        assert target.stat().st_mode & 0o777 == 0o644  # as open(path, "wb") makes it
        target.chmod(0o600)
        ds.save_as(target)
        assert target.stat().st_mode & 0o777 == 0o600  # an existing file keeps its mode
    finally:
        os.umask(umask)


def test_sync_saves_fsyncs_before_the_rename(ds, tmp_path, monkeypatch):
    calls = []
    real_fsync = os.fsync
    monkeypatch.setattr(_safe_save.os, "fsync", lambda fd: (calls.append(fd), real_fsync(fd)))
    ds.save_as(tmp_path / "a.dcm")
    assert calls == []
    monkeypatch.setattr(rapidicom.config, "sync_saves", True)
    ds.save_as(tmp_path / "b.dcm")
    assert len(calls) == 1
