/**
 * Counter event streams as Arrow IPC (file and stream form): {@link dev.tally.arrow.ArrowEventWriter},
 * {@link dev.tally.arrow.ArrowEventReader}, Arrow record batches for other tools
 * ({@link dev.tally.arrow.EventBatchReader}, {@link dev.tally.arrow.ArrowExport} for the C Data Interface), and
 * {@link dev.tally.arrow.ArrowRecovery} for what a killed writer left.
 *
 * <p>Thread-safety: writers and readers are not thread-safe (one per thread); any number of them may work at once,
 * each on its own file or several readers on one file, drawing memory from one allocator (Arrow's allocators are
 * thread-safe). The live batches of {@link dev.tally.arrow.ArrowEventWriter.Builder#openLive} are the exception that is
 * meant for two threads: one writes, one reads. Enums and the static methods of
 * {@link dev.tally.arrow.ArrowRecovery} and {@link dev.tally.arrow.ArrowIpc} are safe anywhere.
 */
package dev.tally.arrow;
