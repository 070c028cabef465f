"""pandas reads the library's Parquet files as plain typed columns with the right values."""
import math

import pandas as pd
import pytest

from conftest import CASES, case_names
from tally_layout import assert_same, events_from_parquet, load_json

CODECS = ["none", "snappy", "zstd"]


def _plain(v):
    """A value of a pyarrow-backed frame as the plain Python value."""
    return None if v is None or v is pd.NA else v


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("name", case_names())
def test_read_parquet_gives_the_expected_events_of_a_conformance_case(cases_dir, name, codec):
    path = cases_dir / f"{name}.{codec}.parquet"
    expected = load_json(CASES / f"{name}.expected.json")["events"]

    # The default read: a float64 timestamp column and string event names, as analysts use them.
    df = pd.read_parquet(path)
    assert df["timestamp"].dtype == "float64"
    assert pd.api.types.is_string_dtype(df["event_name"]) or len(df) == 0
    assert df["event_name"].tolist() == [e["event_name"] for e in expected]
    got = df["timestamp"].tolist()
    want = [float(e["timestamp"]) for e in expected]
    assert all(g == w or (math.isnan(g) and math.isnan(w)) for g, w in zip(got, want)), (got, want)

    # Exactly, with pyarrow-backed columns (no int becoming float): every event as the reference holds it.
    exact = pd.read_parquet(path, dtype_backend="pyarrow")
    rows = [{k: _plain(v) for k, v in r.items()} for r in exact.to_dict("records")]
    assert_same(events_from_parquet(rows, list(exact.columns)), expected, f"{name}.{codec}")


def test_read_parquet_of_the_sample_trace_gives_numeric_columns_to_compute_with(sample_dir, sample_expected):
    df = pd.read_parquet(sample_dir / "sample.zstd.parquet")
    assert len(df) == len(sample_expected["names"])
    assert df["timestamp"].dtype == "float64"
    assert df["timestamp"].tolist() == [float(t) for t in sample_expected["timestamps"]]
    assert df["event_name"].tolist() == sample_expected["names"]
    assert df["metadata_energy_pj"].dtype == "float64"
    assert math.isclose(df["metadata_energy_pj"].sum(), math.fsum(m["energy_pj"] for m in sample_expected["metadata"]),
                        rel_tol=1e-12)
    assert df["metadata_npu"].tolist() == [m["npu"] for m in sample_expected["metadata"]]
    counts = df.groupby("event_name").size().to_dict()
    want = {}
    for n in sample_expected["names"]:
        want[n] = want.get(n, 0) + 1
    assert counts == want
