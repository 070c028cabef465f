/**
 * Counter event streams as Parquet: {@link dev.tally.parquet.ParquetEventWriter},
 * {@link dev.tally.parquet.ParquetDatasetWriter} (a folder of files, for runs that may be killed) and
 * {@link dev.tally.parquet.ParquetEventReader} (full reads through our column reader, filtered reads that skip by
 * statistics). Hadoop and Avro types never appear in these signatures.
 *
 * <p>Thread-safety: writers and readers are not thread-safe (one per thread); any number of them may work at once,
 * each on its own file, or several readers on one file.
 */
package dev.tally.parquet;
