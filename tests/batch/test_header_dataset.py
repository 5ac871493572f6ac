"""Whole-header tables written as Parquet datasets: in row groups and parts as
the schema grows, read back as one table (pyarrow), resumed without
duplicates, from the command line, and in partitions on a Dask cluster."""

import sys
import warnings
from pathlib import Path

import pyarrow.compute as pc
import pytest
from pydicom.data import get_testdata_files

from rapidicom.batch.files import expand
from rapidicom.batch.header_dataset import open_header_dataset, parts, write_header_dataset
from rapidicom.batch.header_table import header_table
from rapidicom.cli.main import main

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from make_header_corpus import write_corpus


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    return [str(p) for p in write_corpus(tmp_path_factory.mktemp("mixed"), 120)]


def _sorted(table):
    return table.sort_by("path")


def test_parts_grow_with_the_schema_and_read_as_one_table(mixed, tmp_path):
    out = tmp_path / "table"
    assert write_header_dataset(mixed, out, rows_per_group=25, groups_per_part=3) == (len(mixed), 0)
    files = parts(out)
    assert len(files) >= 2
    table = open_header_dataset(out).to_table()
    assert table.num_rows == len(mixed)
    whole = header_table(mixed)
    # Every column of the one-shot table, with the same values, file by file.
    assert set(whole.column_names) <= set(table.column_names)
    assert _sorted(table).select(whole.column_names).to_pylist() == _sorted(whole).to_pylist()


def test_a_run_is_resumed_without_duplicates(mixed, tmp_path):
    out = tmp_path / "table"
    write_header_dataset(mixed[:50], out, rows_per_group=20)
    # An interrupted run leaves its last part half-written, as .tmp.
    last = parts(out)[-1]
    last.rename(last.with_name(last.name + ".tmp"))
    kept = open_header_dataset(out).count_rows()
    added, _ = write_header_dataset(mixed, out, rows_per_group=20)
    assert added == len(mixed) - kept
    assert not list(out.glob("*.tmp"))
    paths = open_header_dataset(out).to_table(columns=["path"]).column("path").to_pylist()
    assert sorted(paths) == sorted(mixed)
    assert write_header_dataset(mixed, out) == (0, 0)


def test_resumed_parts_keep_the_first_runs_types(tmp_path):
    # A private element read as text from one file and as bytes (implicit VR,
    # unknown creator) from another: the column keeps the first type.
    files = sorted(f for f in get_testdata_files() if f.endswith(".dcm"))[:40]
    out = tmp_path / "table"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_header_dataset(files[:20], out)
        write_header_dataset(files, out)
    schemas = [__import__("pyarrow.parquet").parquet.read_schema(p) for p in parts(out)]
    for name in set(schemas[0].names) & set(schemas[1].names):
        assert schemas[0].field(name).type == schemas[1].field(name).type, name


@pytest.mark.filterwarnings("ignore")  # pydicom's warnings about irregular values, when Python decodes them
def test_cli_index_all_writes_and_resumes(corpus, tmp_path, capsys):
    out = tmp_path / "all"
    assert main(["index", str(corpus), "--all", "-o", str(out)]) == 1  # notes.txt is not DICOM
    said = capsys.readouterr().out
    assert "15 files indexed" in said and "1 with an error" in said
    table = open_header_dataset(out).to_table()
    failed = table.filter(pc.invert(pc.is_null(table.column("error"))))
    assert [Path(p).name for p in failed.column("path").to_pylist()] == ["notes.txt"]
    assert main(["index", str(corpus), "--all", "-o", str(out)]) == 0
    again = capsys.readouterr().out
    assert "0 files indexed" in again and "15 already there" in again
    assert open_header_dataset(out).count_rows() == 15


@pytest.mark.filterwarnings("ignore")
def test_cli_sequences_as_json(corpus, tmp_path):
    out = tmp_path / "json"
    main(["index", str(corpus), "--all", "--sequences", "json", "-o", str(out)])
    table = open_header_dataset(out).to_table()
    assert str(table.schema.field("BeamSequence").type) == "string"  # rtplan.dcm
    assert str(table.schema.field("ContentSequence").type) == "string"  # test-SR.dcm


@pytest.mark.filterwarnings("ignore")  # distributed's own start-up and shutdown warnings
def test_dask_partitions_hold_what_a_local_run_holds(mixed, tmp_path):
    from distributed import Client, LocalCluster

    local, remote = tmp_path / "local", tmp_path / "dask"
    write_header_dataset(mixed, local, rows_per_group=30)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            assert write_header_dataset(mixed, remote, rows_per_group=30, client=client) == (len(mixed), 0)
            assert (
                main(["index", *mixed[:3], "--all", "-o", str(remote), "--scheduler", cluster.scheduler_address]) == 0
            )
    partitions = {p.name.split("-")[2] for p in parts(remote)}
    assert len(partitions) >= 2  # written side by side
    ours, theirs = open_header_dataset(local).to_table(), open_header_dataset(remote).to_table()
    assert sorted(ours.column_names) == sorted(theirs.column_names)
    assert _sorted(ours).to_pylist() == _sorted(theirs.select(ours.column_names)).to_pylist()


def test_inputs_expand_like_the_other_commands(corpus):
    assert len(expand([corpus])) == 15
