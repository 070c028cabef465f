"""The reverse direction: files pyarrow writes in the library's layout read correctly in Java."""
import json

import jpype
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import CASES, WORK, case_names
from tally_layout import assert_same, load_json

INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1


def _fits(kind, v):
    """Whether value v goes in a typed column of Arrow type kind (FORMAT.md), or else in the general map."""
    if pa.types.is_int64(kind):
        return type(v) is int and INT64_MIN <= v <= INT64_MAX
    if pa.types.is_float64(kind):
        return type(v) is float
    if pa.types.is_boolean(kind):
        return type(v) is bool
    return type(v) is str


def _columns(schema, events):
    """Typed metadata columns (by the schema) and the general map, from events."""
    typed = {f.name[len("metadata_"):]: f for f in schema if f.name.startswith("metadata_")}
    columns = {name: [] for name in typed}
    general = []
    for e in events:
        entries = []
        for k, v in e["metadata"].items():
            f = typed.get(k)
            value_type = f.type.value_type if f is not None and pa.types.is_dictionary(f.type) else (f.type if f else None)
            if f is not None and _fits(value_type, v):
                continue
            entries.append((k, json.dumps(v)))  # hespas's JSON text: NaN, Infinity, \uXXXX
        general.append(entries)
        for k, f in typed.items():
            v = e["metadata"].get(k)
            value_type = f.type.value_type if pa.types.is_dictionary(f.type) else f.type
            columns[k].append(v if k in e["metadata"] and _fits(value_type, v) else None)
    arrays = [pa.array(columns[k], type=f.type) if not pa.types.is_dictionary(f.type)
              else pa.array(columns[k], type=pa.string()).dictionary_encode() for k, f in typed.items()]
    return arrays, pa.array(general, type=schema.field("metadata").type)


def arrow_table(schema, events):
    names = pa.array([e["event_name"] for e in events], type=pa.string()).dictionary_encode()
    units = pa.array([e["timeunit"] for e in events], type=pa.string()).dictionary_encode()
    is_int = [type(e["timestamp"]) is int for e in events]
    ints = pa.array([e["timestamp"] if i else None for e, i in zip(events, is_int)], type=pa.int64())
    floats = pa.array([None if i else e["timestamp"] for e, i in zip(events, is_int)], type=pa.float64())
    timestamps = pa.UnionArray.from_sparse(pa.array([0 if i else 1 for i in is_int], type=pa.int8()),
                                           [ints, floats], ["int", "float"], [0, 1])
    typed, general = _columns(schema, events)
    return pa.Table.from_arrays([names, timestamps, units, *typed, general], schema=schema)


def parquet_table(schema, events):
    stamps = [e["timestamp"] for e in events]
    big = [t if type(t) is int and abs(t) > 2 ** 53 else None for t in stamps]
    typed, general = _columns(schema, events)
    return pa.Table.from_arrays([
        pa.array([e["event_name"] for e in events], type=pa.string()),
        pa.array([float(t) for t in stamps], type=pa.float64()),
        pa.array(big, type=pa.int64()),
        pa.array([e["timeunit"] for e in events], type=pa.string()),
        *typed, general], schema=schema)


def java_reads(path):
    out = path.with_suffix(path.suffix + ".json")
    jpype.JClass("dev.tally.interop.Fixtures").toJson(str(path), str(out))
    return load_json(out)


@pytest.mark.parametrize("name", case_names())
def test_arrow_files_written_by_pyarrow_read_in_java_as_the_expected_document(cases_dir, name):
    expected = load_json(CASES / f"{name}.expected.json")
    schema = pa.ipc.open_file(cases_dir / f"{name}.file.none.arrow").schema  # our layout, with the case's columns
    table = arrow_table(schema, expected["events"])
    out = WORK / "reverse"
    out.mkdir(exist_ok=True)
    file_path, stream_path = out / f"{name}.pyarrow.arrow", out / f"{name}.pyarrow.arrows"
    with pa.ipc.new_file(file_path, schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as w:
        w.write_table(table, max_chunksize=3)
    with pa.ipc.new_stream(stream_path, schema, options=pa.ipc.IpcWriteOptions(compression="lz4")) as w:
        w.write_table(table, max_chunksize=3)
    for path in (file_path, stream_path):
        assert_same(java_reads(path), expected, path.name)


@pytest.mark.parametrize("name", case_names())
def test_parquet_files_written_by_pyarrow_read_in_java_as_the_expected_document(cases_dir, name):
    expected = load_json(CASES / f"{name}.expected.json")
    schema = pq.read_schema(cases_dir / f"{name}.zstd.parquet")
    table = parquet_table(schema, expected["events"])
    out = WORK / "reverse"
    out.mkdir(exist_ok=True)
    path = out / f"{name}.pyarrow.parquet"
    pq.write_table(table, path, compression="zstd")  # pyarrow's defaults: version 1 pages, its own encodings
    assert_same(java_reads(path), expected, path.name)
