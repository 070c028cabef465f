"""Reading this library's columnar layout (FORMAT.md) from Python, and comparing with hespas documents.

Independent of the Java code on purpose: it follows FORMAT.md, so a file that decodes here to the expected
document is what the format promises to any reader.
"""
import json
import math

NAME, TIMESTAMP, TIMESTAMP_INT, UNIT, GENERAL = "event_name", "timestamp", "timestamp_int", "timeunit", "metadata"
PREFIX = "metadata_"


def load_json(path):
    """A hespas JSON document; Python's json keeps ints and floats apart and reads NaN and the infinities."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def header(schema):
    """(version, metadata) from the schema's key-value metadata."""
    md = schema.metadata or {}
    return md[b"hespas.version"].decode(), json.loads(md[b"hespas.metadata"].decode())


def _metadata(row, typed_columns):
    m = {}
    for column in typed_columns:
        v = row[column]
        if v is not None:
            m[column[len(PREFIX):]] = v
    for k, v in row[GENERAL]:
        m[k] = json.loads(v)
    return m


def _typed_columns(names):
    return [n for n in names if n.startswith(PREFIX)]


def exact_parquet_timestamp(ts, ts_int):
    """FORMAT.md: timestamp_int when present, else an integer when the double is finite and integral."""
    if ts_int is not None:
        assert float(ts_int) == ts, (ts_int, ts)
        return int(ts_int)
    if math.isfinite(ts) and ts == math.floor(ts):
        return int(ts)
    return ts


def events_from_arrow(table):
    """Events of a table in the Arrow layout: the union keeps the timestamp's kind (int or float)."""
    typed = _typed_columns(table.column_names)
    return [{"event_name": r[NAME], "timestamp": r[TIMESTAMP], "timeunit": r[UNIT], "metadata": _metadata(r, typed)}
            for r in table.to_pylist()]


def events_from_parquet(rows, column_names):
    """Events of rows (dicts of Python values) in the Parquet layout."""
    typed = _typed_columns(column_names)
    return [{"event_name": r[NAME], "timestamp": exact_parquet_timestamp(r[TIMESTAMP], r[TIMESTAMP_INT]),
             "timeunit": r[UNIT], "metadata": _metadata(r, typed)} for r in rows]


def document(schema, events):
    version, metadata = header(schema)
    return {"version": version, "metadata": metadata, "events": events}


def difference(a, b, where="$"):
    """None when a and b are the same JSON tree (ints and floats apart, NaN equal to NaN), else where they differ."""
    if type(a) is not type(b):
        return f"{where}: {a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"
    if isinstance(a, float):
        return None if a == b or (math.isnan(a) and math.isnan(b)) else f"{where}: {a!r} != {b!r}"
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return f"{where}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            d = difference(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: {a!r} != {b!r}"


def assert_same(actual, expected, what):
    d = difference(actual, expected)
    assert d is None, f"{what}: {d}"
