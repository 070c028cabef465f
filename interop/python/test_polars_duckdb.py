"""polars and DuckDB read the library's Parquet files and agree on counts, per-name counts and timestamp sums."""
import collections
import math

import duckdb
import polars as pl
import pytest

from conftest import CASES, case_names
from tally_layout import load_json

CODECS = ["none", "snappy", "zstd"]


def expected_aggregates(events):
    counts = collections.Counter(e["event_name"] for e in events)
    values = [float(e["timestamp"]) for e in events]
    # fsum refuses inf + -inf; with non-finite values the plain sum is the IEEE answer every tool gives.
    total = math.fsum(values) if all(map(math.isfinite, values)) else sum(values)
    return len(events), dict(counts), total


def same_sum(a, b):
    if a is None:
        a = 0.0
    return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=1e-12)


def polars_aggregates(path):
    df = pl.read_parquet(path)
    counts = {r["event_name"]: r["len"] for r in df.group_by("event_name").len().to_dicts()}
    return df.height, counts, df["timestamp"].sum() if df.height else 0.0


def duckdb_aggregates(path):
    con = duckdb.connect()
    try:
        n = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()[0]
        counts = dict(con.execute("SELECT event_name, count(*) FROM read_parquet(?) GROUP BY event_name",
                                  [str(path)]).fetchall())
        total = con.execute("SELECT sum(timestamp) FROM read_parquet(?)", [str(path)]).fetchone()[0]
        return n, counts, total
    finally:
        con.close()


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("name", case_names())
def test_polars_and_duckdb_agree_with_the_expected_document(cases_dir, name, codec):
    path = cases_dir / f"{name}.{codec}.parquet"
    n, counts, total = expected_aggregates(load_json(CASES / f"{name}.expected.json")["events"])
    for tool, (got_n, got_counts, got_total) in (("polars", polars_aggregates(path)), ("duckdb", duckdb_aggregates(path))):
        assert got_n == n, tool
        assert got_counts == counts, tool
        assert same_sum(got_total, total), (tool, got_total, total)


@pytest.mark.parametrize("codec", CODECS)
def test_polars_and_duckdb_agree_on_the_sample_trace(sample_dir, sample_expected, codec):
    path = sample_dir / f"sample.{codec}.parquet"
    n = len(sample_expected["names"])
    counts = dict(collections.Counter(sample_expected["names"]))
    total = float(sum(sample_expected["timestamps"]))  # integers: an exact sum, then one rounding
    for tool, (got_n, got_counts, got_total) in (("polars", polars_aggregates(path)), ("duckdb", duckdb_aggregates(path))):
        assert (got_n, got_counts) == (n, counts), tool
        assert math.isclose(got_total, total, rel_tol=1e-12), (tool, got_total, total)


def test_duckdb_and_polars_read_the_dataset_folder_as_one_table(sample_dir, sample_expected):
    folder = sample_dir / "sample-dataset"
    assert len(list(folder.glob("part-*.parquet"))) > 1
    n = len(sample_expected["names"])
    assert duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [str(folder / "*.parquet")]).fetchone()[0] == n
    df = pl.read_parquet(folder / "*.parquet")
    assert df["event_name"].to_list() == sample_expected["names"]
