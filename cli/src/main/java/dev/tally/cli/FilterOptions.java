package dev.tally.cli;

import dev.tally.core.EventFilter;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --name}, {@code --from}, {@code --to}: which events a reading command shows. */
final class FilterOptions {
    @Option(names = "--name", paramLabel = "NAME", split = ",",
            description = "Only events with this name (repeat it, or separate names with commas).")
    List<String> names = List.of();

    @Option(names = "--from", paramLabel = "T", description = "Only events with a timestamp of at least T.")
    Double from;

    @Option(names = "--to", paramLabel = "T", description = "Only events with a timestamp below T.")
    Double to;

    EventFilter filter() {
        double lo = from == null ? Double.NEGATIVE_INFINITY : from;
        double hi = to == null ? Double.POSITIVE_INFINITY : to;
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw new CliException("--from and --to take numbers, not NaN");
        }
        if (lo > hi) {
            throw new CliException("--from " + lo + " is after --to " + hi);
        }
        return new EventFilter(lo, hi, new LinkedHashSet<>(names));
    }
}
