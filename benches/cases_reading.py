"""Reading: dcmread, touching values, huge sequences, batch reads on both
cores, and the memory that kept headers take."""

import json
import statistics
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pydicom
from corpus import KEYWORDS, big_sequence, ct_512, ct_folder, ct_small
from harness import Case

import rapidicom


def _touch(lib, path):
    ds = lib.dcmread(path)
    for elem in ds.iterall():
        _ = elem.value


def cases() -> list[Case]:
    small, big, seq = ct_small(), str(ct_512()), str(big_sequence())
    return [
        Case("dcmread CT_small (39 KB)", lambda: rapidicom.dcmread(small), lambda: pydicom.dcmread(small), 40, number=300),
        Case("dcmread + touch every value, 512x512 CT", lambda: _touch(rapidicom, big), lambda: _touch(pydicom, big),
             25, number=30),
        Case("dcmread, 20,000-item sequence", lambda: rapidicom.dcmread(seq), lambda: pydicom.dcmread(seq), 100, number=3),
        Case("dcmread stop_before_pixels + 15 keywords", lambda: _keywords(rapidicom, small),
             lambda: _keywords(pydicom, small), None, number=300),
    ]  # fmt: skip


def _keywords(lib, path):
    ds = lib.dcmread(path, stop_before_pixels=True)
    return [ds.get(k) for k in KEYWORDS]


def _batch_seconds(lib, files, threads: int) -> float:
    start = time.perf_counter()
    if threads == 0:  # rapidicom.read_many: native threads, one per core
        for ds in lib.read_many(files, stop_before_pixels=True):
            [ds.get(k) for k in KEYWORDS]
    elif threads == 1:
        for f in files:
            _keywords(lib, f)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda f: _keywords(lib, f), files, chunksize=64))
    return time.perf_counter() - start


_MEMORY_SCRIPT = textwrap.dedent(
    """
    import gc, json, sys
    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096
    lib = __import__(sys.argv[1])
    files = json.loads(sys.argv[2])
    lib.dcmread(files[0], stop_before_pixels=True)  # imports and caches warmed
    gc.collect()
    before = rss()
    kept = [lib.dcmread(f, stop_before_pixels=True) for f in files]
    gc.collect()
    print(rss() - before)
    """
)


def _kept_bytes(module: str, files: list[Path]) -> int:
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, module, json.dumps([str(f) for f in files])],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(out.stdout)


def extra_report() -> str:
    files = ct_folder(2000)
    theirs = statistics.median(_batch_seconds(pydicom, files, 1) for _ in range(3))
    ours_one = statistics.median(_batch_seconds(rapidicom, files, 1) for _ in range(3))
    ours_two = statistics.median(_batch_seconds(rapidicom, files, 2) for _ in range(3))
    ours_many = statistics.median(_batch_seconds(rapidicom, files, 0) for _ in range(3))
    mem_ours, mem_theirs = _kept_bytes("rapidicom", files), _kept_bytes("pydicom", files)
    ratio = theirs / ours_many
    share = mem_ours / mem_theirs
    return "\n".join(
        [
            "2,000 CT files, stop_before_pixels, 15 keywords each:",
            f"- pydicom, one thread: {theirs:.2f} s",
            f"- rapidicom, one thread: {ours_one:.3f} s ({theirs / ours_one:.1f}x)",
            f"- rapidicom, two Python threads over dcmread: {ours_two:.3f} s ({theirs / ours_two:.1f}x)",
            f"- rapidicom.read_many (native threads, both cores): {ours_many:.3f} s ({ratio:.1f}x; "
            f"target ≥ 30x: {'yes' if ratio >= 30 else '**no**'})",
            f"- memory of the 2,000 headers kept in a list: rapidicom {mem_ours / 2**20:.1f} MiB, "
            f"pydicom {mem_theirs / 2**20:.1f} MiB ({share:.2f} of pydicom's; target ≤ 0.20: "
            f"{'yes' if share <= 0.2 else '**no**'})",
        ]
    )
