"""The zero-copy handoff into Python: JPype hands pyarrow a C stream that the library exports."""
import math

import jpype
import pyarrow as pa


def _java():
    return (jpype.JClass("dev.tally.arrow.ArrowEventReader"), jpype.JClass("dev.tally.arrow.ArrowExport"),
            jpype.JClass("org.apache.arrow.c.ArrowArrayStream"), jpype.JClass("org.apache.arrow.memory.RootAllocator"),
            jpype.JClass("java.nio.file.Path"))


def _read_checking_addresses(c_stream, reader):
    batches = []
    with pa.RecordBatchReader._import_from_c(c_stream.memoryAddress()) as stream:
        for batch in stream:
            # The Java reader's current batch is this one: the same memory on both sides, the mapped file.
            ours = reader.root()
            names = batch.column("event_name").indices.buffers()[1]
            assert names.address == ours.getVector("event_name").getDataBuffer().memoryAddress()
            ints = batch.column("timestamp").field(0).buffers()[1]
            assert ints.address == ours.getVector("timestamp").getChildrenFromFields().get(0).getDataBuffer().memoryAddress()
            batches.append(batch)
    return batches


def test_pyarrow_receives_an_arrow_file_through_jpype_without_a_copy(jvm, sample_dir, sample_expected):
    ArrowEventReader, ArrowExport, ArrowArrayStream, RootAllocator, Path = _java()
    allocator = RootAllocator()
    # The C structure of the stream, allocated by Java; pyarrow moves its contents out on import.
    c_stream = ArrowArrayStream.allocateNew(allocator)
    reader = ArrowEventReader.open(Path.of(str(sample_dir / "sample.file.none.arrow")), allocator)
    ArrowExport.exportStream(reader, allocator, c_stream)
    batches = _read_checking_addresses(c_stream, reader)
    # The stream is released (the Java reader closed); the batches stay valid until Python lets them go.
    table = pa.Table.from_batches(batches)
    assert table.column("event_name").to_pylist() == sample_expected["names"]
    assert table.column("timestamp").to_pylist()[:50_000] == sample_expected["timestamps"][:50_000]
    assert table.column("metadata_npu").to_pylist() == [m["npu"] for m in sample_expected["metadata"]]
    c_stream.close()
    del table, batches
    import gc
    gc.collect()
    allocator.close()  # fails if any buffer were still held: every exported batch was released


def test_pandas_gets_the_flat_view_with_a_float_timestamp(jvm, sample_dir, sample_expected):
    ArrowEventReader, ArrowExport, ArrowArrayStream, RootAllocator, Path = _java()
    allocator = RootAllocator()
    # The C structure of the stream, allocated by Java; pyarrow moves its contents out on import.
    c_stream = ArrowArrayStream.allocateNew(allocator)
    reader = ArrowEventReader.open(Path.of(str(sample_dir / "sample.stream.zstd.arrows")), allocator)
    ArrowExport.exportStream(ArrowExport.flatView(reader.asArrowReader()), allocator, c_stream)
    with pa.RecordBatchReader._import_from_c(c_stream.memoryAddress()) as stream:
        df = stream.read_pandas()
    assert df["timestamp"].dtype == "float64"
    assert df["timestamp"].tolist() == [float(t) for t in sample_expected["timestamps"]]
    assert df["timestamp_int"].isna().all()  # every sample timestamp is within 2^53
    assert df["event_name"].astype(str).tolist() == sample_expected["names"]
    assert math.isclose(df["metadata_energy_pj"].sum(), math.fsum(m["energy_pj"] for m in sample_expected["metadata"]),
                        rel_tol=1e-12)
    c_stream.close()
    del df, stream
    import gc
    gc.collect()
    allocator.close()
