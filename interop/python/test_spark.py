"""Spark (PySpark, local mode) reads a folder of Parquet files the library wrote, as one table."""
import collections

import pytest

from conftest import DATASET_FILES


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("tally-interop")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
               .config("spark.driver.memory", "1g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_reads_the_dataset_folder_with_per_name_counts_and_time_range(spark, sample_dir, sample_expected):
    folder = sample_dir / "sample-dataset"
    assert len(sorted(folder.glob("part-*.parquet"))) == DATASET_FILES
    df = spark.read.parquet(str(folder))
    assert dict(df.dtypes)["timestamp"] == "double"
    assert dict(df.dtypes)["event_name"] == "string"
    counts = {r["event_name"]: r["count"] for r in df.groupBy("event_name").count().collect()}
    assert counts == dict(collections.Counter(sample_expected["names"]))
    row = df.selectExpr("min(timestamp) AS first", "max(timestamp) AS last", "count(*) AS n").collect()[0]
    assert row["n"] == len(sample_expected["names"])
    assert row["first"] == float(min(sample_expected["timestamps"]))
    assert row["last"] == float(max(sample_expected["timestamps"]))
    # Typed metadata columns are plain Spark columns: energy per NPU, as an analyst would ask.
    energy = {r["metadata_npu"]: r["e"] for r in df.groupBy("metadata_npu").agg({"metadata_energy_pj": "sum"})
              .withColumnRenamed("sum(metadata_energy_pj)", "e").collect()}
    want = collections.defaultdict(float)
    for m in sample_expected["metadata"]:
        want[m["npu"]] += m["energy_pj"]
    assert energy.keys() == want.keys()
    for k in want:
        assert abs(energy[k] - want[k]) <= 1e-9 * abs(want[k])
