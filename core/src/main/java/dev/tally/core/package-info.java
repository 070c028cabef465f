/**
 * The hespas counter event model: {@link dev.tally.core.CounterEvent}, {@link dev.tally.core.Timestamp},
 * {@link dev.tally.core.JsonValue}, {@link dev.tally.core.StreamHeader}, and the reader and writer interfaces that
 * every format implements.
 *
 * <p>Thread-safety: values (events, timestamps, JSON values, headers, {@link dev.tally.core.EventFilter},
 * {@link dev.tally.core.MemberKeys}) are immutable and can be shared between threads freely. Readers, writers and
 * builders ({@link dev.tally.core.EventReader}, {@link dev.tally.core.EventWriter},
 * {@link dev.tally.core.MembersBuilder}, {@link dev.tally.core.AtomicFileOutput}) are not thread-safe: use one per
 * thread. Several readers may read one file at once, and several writers may write their own files at once.
 */
package dev.tally.core;
