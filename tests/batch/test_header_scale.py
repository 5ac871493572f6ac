"""100,000 files into a whole-header dataset: memory stays that of a row group
(the peak does not grow with the number of files), and a run killed midway is
resumed without losing or repeating a file."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rapidicom
from rapidicom.batch.header_dataset import open_header_dataset, parts

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from make_header_corpus import write_corpus

FILES = 100_000
KINDS = 2_000  # distinct files of the mixed corpus (4x4 pixels), copied to make FILES

# Index the paths listed in argv[1] into argv[2]; print what was added and the peak memory.
CHILD = """
import json, resource, sys
from rapidicom.batch.header_dataset import write_header_dataset
paths = open(sys.argv[1]).read().split()
added, failed = write_header_dataset(paths, sys.argv[2], rows_per_group=5000, groups_per_part=2)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"added": added, "failed": failed, "peak": peak}))
"""


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    kinds = [p.read_bytes() for p in write_corpus(root / "kinds", KINDS, small=True, library=rapidicom)]
    paths = []
    for i in range(FILES):
        path = root / "files" / f"d{i // 1000:03d}" / f"f{i:06d}.dcm"
        if i % 1000 == 0:
            path.parent.mkdir(parents=True)
        path.write_bytes(kinds[i % KINDS])
        paths.append(str(path))
    yield root, paths


def _run(root, paths, out, name):
    listing = root / f"{name}.txt"
    listing.write_text("\n".join(paths))
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(listing), str(out)], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )


def _result(child):
    out, _ = child.communicate(timeout=600)
    assert child.returncode == 0
    return json.loads(out.strip().splitlines()[-1])


def test_100000_files_with_bounded_memory_resumed_after_a_kill(many):
    root, paths = many
    out = root / "table"
    # Interrupt a run once it has written two parts.
    child = _run(root, paths, out, "all")
    deadline = time.monotonic() + 300
    while len(parts(out)) < 2 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    kept = open_header_dataset(out).count_rows()
    assert 0 < kept < FILES

    resumed = _result(_run(root, paths, out, "all"))
    assert resumed["added"] == FILES - kept and resumed["failed"] == 0
    table = open_header_dataset(out).to_table(columns=["path", "Modality"])
    assert table.num_rows == FILES
    assert len(set(table.column("path").to_pylist())) == FILES  # no file twice, none lost
    assert not list(out.glob("*.tmp"))

    # Memory is that of a row group: a fifth of the files peaks about as high.
    small = _result(_run(root, paths[: FILES // 5], root / "small", "fifth"))
    print(f"peak memory: {FILES} files {resumed['peak'] / 1e6:.0f} MB, {FILES // 5} files {small['peak'] / 1e6:.0f} MB")
    assert resumed["peak"] < small["peak"] * 1.25 + 50e6, (resumed["peak"], small["peak"])
