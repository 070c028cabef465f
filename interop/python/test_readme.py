"""The README's Python snippets, run as they are written there, on the sample trace's files."""
import pathlib
import re

import pytest

from conftest import INTEROP, SAMPLE_EVENTS

README = INTEROP.parent / "README.md"
SNIPPET = re.compile(r"<!-- interop: (\w+) -->\s*```python\n(.*?)```", re.S)


def snippets():
    found = dict(SNIPPET.findall(README.read_text(encoding="utf-8")))
    assert set(found) == {"pandas", "spark", "jpype"}, f"README snippets found: {sorted(found)}"
    return found


@pytest.fixture()
def in_trace_folder(sample_dir, tmp_path, monkeypatch):
    """A folder with the file names the snippets use."""
    (tmp_path / "trace.parquet").symlink_to(sample_dir / "sample.zstd.parquet")
    (tmp_path / "trace.arrow").symlink_to(sample_dir / "sample.file.none.arrow")
    (tmp_path / "trace-dataset").symlink_to(sample_dir / "sample-dataset")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(name):
    namespace = {"__name__": f"readme_{name}"}
    exec(compile(snippets()[name], f"README.md ({name} snippet)", "exec"), namespace)
    return namespace


def test_the_pandas_snippet_runs(in_trace_folder, sample_expected):
    ns = run("pandas")
    assert ns["per_name"].sum() == SAMPLE_EVENTS
    assert ns["per_name"].index[0] == max(set(sample_expected["names"]), key=sample_expected["names"].count)
    assert len(ns["window"]) == sum(1 for t in sample_expected["timestamps"] if 1e6 <= t < 2e6)
    assert sorted(ns["energy"].index) == list(range(8))


def test_the_spark_snippet_runs(in_trace_folder, sample_expected):
    ns = run("spark")
    assert sum(r["count"] for r in ns["counts"]) == SAMPLE_EVENTS
    assert (ns["first"], ns["last"]) == (float(min(sample_expected["timestamps"])),
                                         float(max(sample_expected["timestamps"])))
    assert len(ns["energy"]) == 8


def test_the_jpype_snippet_runs(jvm, in_trace_folder, sample_expected):
    ns = run("jpype")
    table = ns["table"]
    assert table.num_rows == SAMPLE_EVENTS
    assert table.column("event_name").to_pylist()[:1000] == sample_expected["names"][:1000]
    del table, ns
    import gc
    gc.collect()
