package dev.tally.cli;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import dev.tally.core.StreamHeader;
import dev.tally.parquet.ParquetEventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A progress line for long work: events done, events per second, and, when the total is known, a bar and the time
 * left. Redrawn in place at most five times a second; cleared when the work ends. {@link #step()} costs a counter
 * increment, the clock being read once per 65,536 events.
 */
class Progress implements AutoCloseable {
    private static final long CHECK_EVERY = 1 << 16;
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR = 24;

    /** No progress line at all (events are still counted). */
    static Progress none() {
        return new Progress(null, "", -1, System::nanoTime);
    }

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final long start;
    private long done;
    private long nextCheck = CHECK_EVERY;
    private long lastDraw;
    private int drawnWidth;

    Progress(PrintWriter err, String label, long total, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastDraw = start;
    }

    /** The events a reader of {@code input} will return, when its format says so without reading; -1 otherwise. */
    static long totalEvents(Input input) {
        return totalEvents(input, EventFilter.ALL);
    }

    /** {@link #totalEvents(Input)} for a filtered read: unknown (-1) unless nothing is filtered out. */
    static long totalEvents(Input input, EventFilter filter) {
        if (input.format() != Format.PARQUET || !filter.isAll()) {
            return -1;
        }
        try (ParquetEventReader r = ParquetEventReader.open(input.file())) {
            return r.footer().rows();
        } catch (java.io.IOException | RuntimeException e) {
            return -1; // the real read reports the problem
        }
    }

    /** One event done. */
    final void step() {
        if (++done >= nextCheck && err != null) {
            nextCheck = done + CHECK_EVERY;
            long now = clock.getAsLong();
            if (now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                draw(now);
            }
        }
    }

    /** {@code in}, counting its events as they are read. */
    EventReader track(EventReader in) {
        return new EventReader() {
            @Override
            public StreamHeader header() {
                return in.header();
            }

            @Override
            public CounterEvent next() throws IOException {
                CounterEvent e = in.next();
                if (e != null) {
                    step();
                }
                return e;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    long done() {
        return done;
    }

    /** The line as it is drawn at {@code now}. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        StringBuilder b = new StringBuilder(label).append(' ');
        if (total > 0) {
            double f = Math.min(1, (double) done / total);
            int filled = (int) Math.round(f * BAR);
            b.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                    .append(String.format("%3d%% ", (int) (f * 100)))
                    .append(String.format("%,d / %,d events", done, total));
        } else {
            b.append(String.format("%,d events", done));
        }
        b.append(", ").append(Table.rate(rate));
        if (total > 0 && rate > 0 && done < total) {
            long left = Math.round((total - done) / rate);
            b.append(String.format(", %d:%02d left", left / 60, left % 60));
        }
        return b.toString();
    }

    private void draw(long now) {
        String line = line(now);
        err.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    @Override
    public void close() {
        if (err != null && drawnWidth > 0) {
            err.print('\r' + " ".repeat(drawnWidth) + '\r');
            err.flush();
            drawnWidth = 0;
        }
    }
}
