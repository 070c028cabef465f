"""Session fixtures: the JVM (JPype) with the library on its class path, and the files the library writes."""
import os
import pathlib
import shutil

import jpype
import pytest

HERE = pathlib.Path(__file__).resolve().parent
INTEROP = HERE.parent
WORK = pathlib.Path(os.environ.get("TALLY_INTEROP_WORK", INTEROP / "target" / "interop-work"))
CONFORMANCE = pathlib.Path(os.environ.get("TALLY_CONFORMANCE_DIR", INTEROP.parent.parent / "shared" / "conformance"))
CASES = CONFORMANCE / "hespas-json"
# The sample trace of the issue: one million events (TALLY_INTEROP_SAMPLE_EVENTS to change it while developing).
SAMPLE_EVENTS = int(os.environ.get("TALLY_INTEROP_SAMPLE_EVENTS", "1000000"))
DATASET_FILES = 4


def case_names():
    names = sorted(p.name[: -len(".expected.json")] for p in CASES.glob("*.expected.json"))
    assert names, f"no conformance cases in {CASES}"
    return names


def class_path():
    classes = os.environ.get("TALLY_CLASSES", str(INTEROP / "target" / "classes"))
    cp_file = pathlib.Path(os.environ.get("TALLY_CLASSPATH_FILE", INTEROP / "target" / "interop.classpath"))
    assert cp_file.is_file(), f"{cp_file} is missing: run the suite through Maven (mvn -B verify)"
    return [classes] + [p for p in cp_file.read_text().strip().split(os.pathsep) if p]


@pytest.fixture(scope="session")
def jvm():
    if not jpype.isJVMStarted():
        # Arrow Java needs java.nio opened, as for any JVM that uses the library.
        jpype.startJVM("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g", classpath=class_path(),
                       convertStrings=True)
    return jpype


def _fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="session")
def cases_dir(jvm):
    """Every accepted conformance case, written by the library in every format, form and codec."""
    fixtures = jpype.JClass("dev.tally.interop.Fixtures")
    out = _fresh(WORK / "cases")
    for name in case_names():
        # Two rows per Arrow batch: names first seen late travel as dictionary deltas in the stream form.
        fixtures.writeAll(str(CASES / f"{name}.input.json"), str(out), name, 2)
    return out


@pytest.fixture(scope="session")
def sample_dir(jvm):
    """The sample trace in every format, as JSON, and as a dataset folder of several Parquet files."""
    fixtures = jpype.JClass("dev.tally.interop.Fixtures")
    out = _fresh(WORK / "sample")
    fixtures.writeSample(SAMPLE_EVENTS, "int", str(out), DATASET_FILES)
    return out


@pytest.fixture(scope="session")
def sample_expected(sample_dir):
    """The sample trace's events as columns, from its hespas JSON."""
    from tally_layout import load_json
    doc = load_json(sample_dir / "sample.json")
    events = doc["events"]
    assert len(events) == SAMPLE_EVENTS
    return {
        "doc": doc,
        "names": [e["event_name"] for e in events],
        "timestamps": [e["timestamp"] for e in events],
        "units": [e["timeunit"] for e in events],
        "metadata": [e["metadata"] for e in events],
    }
