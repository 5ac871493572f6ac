"""Threads: 16 threads reading, decoding pixels, writing JSON and saving
different files at once give what one thread gives, and a setting changed for
one call in one thread never leaks into another's. Leaks: read/touch/pixels/JSON
cycles keep the process's memory flat."""

import gc
import hashlib
import io
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydicom.data import get_testdata_file

import rapidicom

# Each file, and what its pixel data gives: decoded pixels (None), or the error
# of a file without pixel data or without the elements that describe it.
FILES: dict[str, type[Exception] | None] = {
    "CT_small.dcm": None, "MR_small.dcm": None, "rtplan.dcm": AttributeError, "MR_small_RLE.dcm": None,
    "SC_rgb_rle.dcm": None, "SC_rgb_rle_2frame.dcm": None, "rtdose.dcm": None, "nested_priv_SQ.dcm": AttributeError,
    "ExplVR_BigEnd.dcm": None, "image_dfl.dcm": None, "examples_palette.dcm": None, "MR_small_bigendian.dcm": None,
    "SC_rgb_rle_16bit.dcm": None, "JPEG2000.dcm": None, "test-SR.dcm": AttributeError,
    "waveform_ecg.dcm": AttributeError,
}  # fmt: skip
NAMES = list(FILES)


def _work(path: str) -> tuple[str, str, str]:
    """What a pipeline makes of one file: digests of its pixels, JSON and saved bytes."""
    ds = rapidicom.dcmread(path)
    expected = FILES[Path(path).name]
    if expected is None:
        pixels = hashlib.sha1(ds.pixel_array.tobytes()).hexdigest()
    else:
        with pytest.raises(expected) as raised:
            ds.pixel_array
        pixels = str(raised.value)
    text = hashlib.sha1(ds.to_json().encode()).hexdigest()
    out = io.BytesIO()
    ds.save_as(out)
    return pixels, text, hashlib.sha1(out.getvalue()).hexdigest()


def test_sixteen_threads_give_what_one_thread_gives():
    paths = [get_testdata_file(n) for n in NAMES]
    # The files' warnings are ignored here, around every thread: the filters are
    # process-wide, and a catch_warnings() left in one thread would restore
    # pytest's "error" under the others.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        alone = [_work(p) for p in paths]
        with ThreadPoolExecutor(16) as pool:
            for _ in range(3):
                together = list(pool.map(_work, paths))
                assert together == alone


def test_a_setting_for_one_call_stays_in_its_thread():
    # pydicom's to_json(suppress_invalid_tags=True) sets a global while it runs;
    # another thread's to_json then suppresses errors it should raise.
    bad = rapidicom.Dataset()
    bad.add(rapidicom.DataElement(0x00280030, "DS", "1.5\\\\2"))  # float("") fails in to_json
    stop = threading.Event()
    errors: list[str] = []

    def suppressing():
        while not stop.is_set():
            bad.to_json(suppress_invalid_tags=True)

    def strict():
        for _ in range(300):
            try:
                bad.to_json()
                errors.append("to_json() suppressed an invalid element")
            except Exception:
                pass

    helpers = [threading.Thread(target=suppressing) for _ in range(3)]
    for t in helpers:
        t.start()
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: strict(), range(4)))
    finally:
        stop.set()
        for t in helpers:
            t.join()
    assert errors == []


def test_reading_validation_mode_changes_do_not_break_other_reads():
    path = get_testdata_file("CT_small.dcm")
    expected = _work(path)
    stop = threading.Event()

    def flip():
        config = rapidicom.config.settings
        while not stop.is_set():
            for mode in (rapidicom.config.IGNORE, rapidicom.config.WARN):
                config.reading_validation_mode = mode

    flipper = threading.Thread(target=flip)
    flipper.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(lambda _: _work(path), range(64))) == {expected}
    finally:
        stop.set()
        flipper.join()
        rapidicom.config.settings.reading_validation_mode = rapidicom.config.WARN


def _rss_bytes() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")


def _cycles(count: int) -> None:
    path = get_testdata_file("CT_small.dcm")
    rle = get_testdata_file("MR_small_RLE.dcm")
    for i in range(count):
        ds = rapidicom.dcmread(path if i % 2 else rle)
        for elem in ds.iterall():
            elem.value
        ds.pixel_array
        ds.to_json()


def _grown_over(count: int) -> int:
    _cycles(500)  # caches, pools and the allocator settle first
    gc.collect()
    before = _rss_bytes()
    _cycles(count)
    gc.collect()
    return _rss_bytes() - before


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RSS read from /proc")
def test_three_thousand_cycles_keep_memory_flat():
    assert _grown_over(3_000) < 4 * 2**20


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RSS read from /proc")
def test_a_hundred_thousand_cycles_keep_memory_flat():
    grown = _grown_over(100_000)
    print(f"RSS grew by {grown / 2**20:.2f} MiB over 100,000 cycles")
    assert grown < 4 * 2**20
