"""Batch work on a real Dask cluster (two local worker processes) gives what
the local run gives."""

import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster

from rapidicom.batch import tasks
from rapidicom.batch.files import expand
from rapidicom.batch.indexing import index
from rapidicom.batch.runner import run
from rapidicom.cli.main import main

KEYWORDS = ["PatientID", "Modality", "Rows", "PixelSpacing", "ImageType", "ReferencedImageSequence"]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.mark.filterwarnings("ignore")  # distributed's own start-up and shutdown warnings
def test_index_and_json_on_dask_equal_local_runs(corpus, tmp_path, cluster):
    inputs = expand([corpus])
    local_table, local_summary = index(inputs, KEYWORDS, progress=False)
    with Client(cluster) as client:
        dask_table, dask_summary = index(inputs, KEYWORDS, client=client, progress=False)
        assert dask_table.equals(local_table)
        assert dask_summary.failed == local_summary.failed and dask_summary.done == local_summary.done

        local_out, dask_out = tmp_path / "local", tmp_path / "dask"
        local = run(tasks.to_json, inputs, str(local_out), {}, action="written", progress=False)
        remote = run(tasks.to_json, inputs, str(dask_out), {}, action="written", client=client, progress=False)
    assert (remote.done, remote.failed) == (local.done, local.failed) and local.failed
    local_files = sorted(p.relative_to(local_out) for p in local_out.rglob("*.json"))
    assert local_files == sorted(p.relative_to(dask_out) for p in dask_out.rglob("*.json"))
    for name in local_files:
        assert (local_out / name).read_text() == (dask_out / name).read_text()


@pytest.mark.filterwarnings("ignore")
def test_cli_scheduler_option(corpus, tmp_path, cluster, capsys):
    out = tmp_path / "t.parquet"
    status = main(
        ["index", str(corpus), "-o", str(out), "--keywords", *KEYWORDS, "--scheduler", cluster.scheduler_address]
    )
    assert status == 1 and "1 failed" in capsys.readouterr().out  # notes.txt
    local = index(expand([corpus]), KEYWORDS, progress=False)[0]
    assert pq.read_table(out).equals(local)
