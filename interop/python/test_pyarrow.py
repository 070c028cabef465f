"""pyarrow reads every Arrow and Parquet file the library writes, with every value as the expected document."""
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import CASES, case_names
from tally_layout import assert_same, document, events_from_arrow, events_from_parquet, load_json

ARROW_VARIANTS = [f"{form}.{codec}.{ext}" for form, ext in (("file", "arrow"), ("stream", "arrows"))
                  for codec in ("none", "lz4", "zstd")]
PARQUET_CODECS = ["none", "snappy", "zstd"]


def read_arrow(path):
    if path.suffix == ".arrow":
        with pa.ipc.open_file(path) as r:
            return r.read_all()
    with pa.ipc.open_stream(path) as r:
        return r.read_all()


@pytest.mark.parametrize("variant", ARROW_VARIANTS)
@pytest.mark.parametrize("name", case_names())
def test_arrow_file_of_a_conformance_case_reads_as_its_expected_document(cases_dir, name, variant):
    table = read_arrow(cases_dir / f"{name}.{variant}")
    assert_same(document(table.schema, events_from_arrow(table)), load_json(CASES / f"{name}.expected.json"),
                f"{name}.{variant}")


@pytest.mark.parametrize("codec", PARQUET_CODECS)
@pytest.mark.parametrize("name", case_names())
def test_parquet_file_of_a_conformance_case_reads_as_its_expected_document(cases_dir, name, codec):
    table = pq.read_table(cases_dir / f"{name}.{codec}.parquet")
    events = events_from_parquet(table.to_pylist(), table.column_names)
    assert_same(document(table.schema, events), load_json(CASES / f"{name}.expected.json"), f"{name}.{codec}")


def _sample_columns_match(table, expected, what, parquet):
    assert table.num_rows == len(expected["names"]), what
    assert table.column("event_name").to_pylist() == expected["names"], what
    assert table.column("timeunit").to_pylist() == expected["units"], what
    if parquet:
        # Every sample timestamp is an integer within 2^53: exact in the double, no timestamp_int needed.
        assert table.column("timestamp").type == pa.float64()
        assert table.column("timestamp").to_pylist() == [float(t) for t in expected["timestamps"]], what
        assert table.column("timestamp_int").null_count == table.num_rows, what
    else:
        ts = table.column("timestamp").combine_chunks()
        assert pa.types.is_union(ts.type) and ts.type.mode == "sparse"
        assert ts.to_pylist() == expected["timestamps"], what
        assert all(type(v) is int for v in ts.to_pylist()[:1000])
    for key in ("npu", "op", "flops", "energy_pj"):
        col = table.column("metadata_" + key).to_pylist()
        assert col == [m.get(key) for m in expected["metadata"]], f"{what} metadata_{key}"
    # Every sample key has its typed column: the general map holds no entries.
    assert sum(len(chunk.keys) for chunk in table.column("metadata").chunks) == 0, what


@pytest.mark.parametrize("variant", ARROW_VARIANTS)
def test_arrow_files_of_the_sample_trace_hold_every_value(sample_dir, sample_expected, variant):
    table = read_arrow(sample_dir / f"sample.{variant}")
    _sample_columns_match(table, sample_expected, variant, parquet=False)
    assert_same(document(table.schema, [])["metadata"], sample_expected["doc"]["metadata"], variant)


@pytest.mark.parametrize("codec", PARQUET_CODECS)
def test_parquet_files_of_the_sample_trace_hold_every_value(sample_dir, sample_expected, codec):
    table = pq.read_table(sample_dir / f"sample.{codec}.parquet")
    _sample_columns_match(table, sample_expected, codec, parquet=True)
    assert_same(document(table.schema, [])["metadata"], sample_expected["doc"]["metadata"], codec)
