package dev.tally.cli;

import dev.tally.core.EventFilter;
import dev.tally.core.Timestamp;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --name}, {@code --from}, {@code --to}: which events a reading command shows. */
final class FilterOptions {
    // Not split at commas: names such as "conv(1,2)" hold them, and such a name must be selectable.
    @Option(names = "--name", paramLabel = "NAME",
            description = "Only events with this name; repeat it for several names.")
    List<String> names = List.of();

    @Option(names = "--from", paramLabel = "T", description = "Only events with a timestamp of at least T.")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "Only events with a timestamp below T.")
    String to;

    /**
     * The filter. Bounds are parsed as Python's {@code int()} when they are integer literals (so integer timestamps
     * beyond 2^53 compare exactly) and as its {@code float()} otherwise.
     */
    EventFilter filter() {
        Timestamp lo = from == null ? EventFilter.ALL.from() : bound("--from", from);
        Timestamp hi = to == null ? EventFilter.ALL.to() : bound("--to", to);
        if (isNaN(lo) || isNaN(hi)) {
            throw new CliException("--from and --to take numbers, not NaN");
        }
        try {
            return new EventFilter(lo, hi, new LinkedHashSet<>(names));
        } catch (IllegalArgumentException backwards) {
            throw new CliException("--from " + lo + " is after --to " + hi);
        }
    }

    private static Timestamp bound(String option, String text) {
        try {
            return EventFilter.parseBound(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + ": " + e.getMessage());
        }
    }

    private static boolean isNaN(Timestamp t) {
        return !t.isInteger() && Double.isNaN(t.doubleValue());
    }
}
