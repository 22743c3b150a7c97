"""gkparse.dask: files as a Dask DataFrame, on the local scheduler and on a 2-worker cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import gkparse
from tests.conftest import FIXTURES, REPORT_FILES

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

from gkparse.dask import read_reports  # noqa: E402


def _same(got: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> None:
    """Equal values (string dtypes differ between pandas and dask; numbers must not)."""
    got = got.sort_values(keys).reset_index(drop=True)
    expected = expected.sort_values(keys).reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    for col in expected.columns:
        if expected[col].dtype.kind == "f":
            assert got[col].dtype == expected[col].dtype, col
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


@pytest.fixture(scope="module")
def expected_tidy() -> pd.DataFrame:
    return gkparse.to_frame(gkparse.parse_paths([FIXTURES]), "tidy")


def test_local_scheduler_tidy(expected_tidy: pd.DataFrame) -> None:
    """On the local scheduler, read_reports(folder).compute() equals to_frame(parse_paths(folder))."""
    ddf = read_reports(FIXTURES, shape="tidy", files_per_partition=4)
    n = len(REPORT_FILES)
    assert ddf.npartitions == -(-n // 4)  # 4 files per partition
    _same(ddf.compute(), expected_tidy, ["source", "key"])


def test_glob_and_wide() -> None:
    """A glob works, and the wide shape is one row per file."""
    got = read_reports(str(FIXTURES / "*.txt"), shape="wide").compute()
    expected = gkparse.to_frame(gkparse.parse_paths([str(FIXTURES / "*.txt")]), "wide")
    assert len(got) == len(list(FIXTURES.glob("*.txt")))
    _same(got, expected, ["source"])


def test_bad_files_are_failure_rows(tmp_path: Path) -> None:
    """An empty file, a binary file, a GBK report and a report without tables: good rows kept, bad ones failed."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "gbk.txt").write_bytes((FIXTURES / "003_651373a10ed2d74b.txt").read_text("utf-8").encode("gbk"))
    narrative = FIXTURES / "002_e0387e8ce51192b3.txt"
    (tmp_path / "narrative.txt").write_text(narrative.read_text("utf-8"), "utf-8")
    df = read_reports(tmp_path, files_per_partition=2).compute()
    status: dict[str, set[str]] = {}
    for source, st in zip(df["source"], df["status"], strict=True):
        status.setdefault(Path(source).name, set()).add(st)
    assert status == {
        "binary.txt": {"failed"},
        "empty.txt": {"failed"},
        "gbk.txt": {"ok"},
        "narrative.txt": {"no_cells"},
    }
    assert (df["status"] == "ok").sum() == 193
    assert set(df.loc[df["status"] == "failed", "error"]) == {
        "empty file",
        "the file is not text in UTF-8, UTF-8 with BOM, GB18030 or GBK",
    }


def test_no_match_is_a_clear_error(tmp_path: Path) -> None:
    """No file matching: an InputError worded as everywhere else (globs expand the same way), not an empty frame."""
    with pytest.raises(gkparse.InputError, match="no file matches"):
        read_reports(str(tmp_path / "*.txt"))
    with pytest.raises(gkparse.GkparseError, match="shape"):
        read_reports(FIXTURES, shape="long")


@pytest.fixture(scope="module")
def cluster_client() -> Iterator[object]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def test_distributed_cluster_of_two_workers(cluster_client: object, expected_tidy: pd.DataFrame) -> None:
    """The same call on a dask.distributed cluster of 2 worker processes gives the same frame."""
    assert len(cluster_client.scheduler_info()["workers"]) == 2  # type: ignore[attr-defined]
    got = read_reports(FIXTURES, files_per_partition=3).compute()
    _same(got, expected_tidy, ["source", "key"])
