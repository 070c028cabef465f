package dev.tally.cli;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventFilter;
import dev.tally.core.EventReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally plot}: a timeline picture (PNG) of a trace, in two passes over it. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a timeline (PNG): above, events per time bin for the busiest event names (the rest as one "
                + "line); below, a numeric metadata key summed per bin (default: a key named like 'energy', else the "
                + "most common numeric key). Events of the trace's main time unit are drawn.",
        footer = {"", "Examples:", "  tally plot trace.parquet -o timeline.png",
                "  tally plot trace.json -o flops.png --key flops --top 5 --bins 100"})
final class PlotCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "The picture to write.")
    Path output;


    @Option(names = "--key", paramLabel = "KEY", description = "The numeric metadata key to sum over time.")
    String key;

    @Option(names = "--top", paramLabel = "N", defaultValue = "6",
            description = "Event names drawn as lines of their own, 1 to 8 (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--bins", paramLabel = "N", defaultValue = "200",
            description = "Time bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1400x900",
            description = "Picture size in pixels (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--force", description = "Replace the picture if it exists.")
    boolean force;

    @Mixin
    FilterOptions filterOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true"); // no display needed, before anything touches AWT
        if (top < 1 || top > TimelineChart.SERIES.length) {
            throw new CliException("--top must be 1 to " + TimelineChart.SERIES.length + ", not " + top);
        }
        if (bins < 1 || bins > 100_000) {
            throw new CliException("--bins must be 1 to 100000, not " + bins);
        }
        int[] wh = size();
        Input input = source.open();
        Transfer.refuseExisting(output, force);
        EventFilter filter = filterOptions.filter();

        TraceSummary summary = new TraceSummary();
        try (Progress p = progressOptions.start(spec, "plot: scanning", Progress.totalEvents(input, filter));
             EventReader in = p.track(input.open(filter))) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                summary.add(e);
            }
        }
        if (summary.events() == 0) {
            throw new CliException("no events to plot in " + source.file + (filter.isAll() ? "" : " with these filters"));
        }
        String unit = mainUnit(summary);
        TraceSummary.Span span = summary.unitSpans().get(unit);
        if (span.first == null) {
            throw new CliException("every timestamp" + (unit.isEmpty() ? "" : " in " + unit) + " is NaN: nothing to"
                    + " place on a timeline");
        }
        double from = span.first.doubleValue();
        double to = span.last.doubleValue();
        if (!Double.isFinite(from) || !Double.isFinite(to)) {
            throw new CliException("timestamps run from " + span.first + " to " + span.last + ": a timeline needs"
                    + " finite ones (use --from and --to)");
        }
        List<String> names = new ArrayList<>();
        long namesOfUnit = 0;
        for (Map.Entry<String, TraceSummary.Span> n : summary.busiest(Integer.MAX_VALUE).entrySet()) {
            if (n.getValue().units.containsKey(unit)) {
                namesOfUnit++;
                if (names.size() < top) {
                    names.add(n.getKey());
                }
            }
        }
        String sumKey = chooseKey(summary);
        Timeline timeline = new Timeline(unit, from, to, bins, names, namesOfUnit > names.size(), sumKey);
        try (Progress p = progressOptions.start(spec, "plot: binning", summary.events());
             EventReader in = p.track(input.open(filter))) {
            for (CounterEvent e = in.next(); e != null; e = in.next()) {
                timeline.add(e);
            }
        }
        String title = source.file.getFileName() + ": " + String.format("%,d", timeline.binned()) + " events"
                + (unit.isEmpty() ? "" : " (" + unit + ")");
        JFreeChart chart = TimelineChart.of(timeline, title);
        Transfer.writeFile(output, force, stream -> {
            ChartUtils.writeChartAsPNG(stream, chart, wh[0], wh[1]);
            return null;
        });
        spec.commandLine().getOut().printf("wrote %s: %,d events in %d bins, %d lines%s%s%n", output,
                timeline.binned(), bins, timeline.series().size(), sumKey == null ? "" : ", " + sumKey + " summed",
                timeline.skipped() == 0 ? "" : String.format(" (%,d events of other time units left out)",
                        timeline.skipped()));
        return 0;
    }

    private int[] size() {
        String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int w = Integer.parseInt(parts[0].strip());
            int h = Integer.parseInt(parts[1].strip());
            if (parts.length == 2 && w >= 200 && h >= 200 && w <= 10_000 && h <= 10_000) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below
        }
        throw new CliException("--size must be WIDTHxHEIGHT, each 200 to 10000 pixels, not '" + size + "'");
    }

    /** The unit of the most events (ties: the first by name). */
    private static String mainUnit(TraceSummary s) {
        String best = null;
        long most = -1;
        for (Map.Entry<String, Long> u : s.perUnit().entrySet()) {
            if (u.getValue() > most) {
                best = u.getKey();
                most = u.getValue();
            }
        }
        return best;
    }

    /** The key to sum: the one asked for (which must be numeric), else an energy key, else the commonest number. */
    private String chooseKey(TraceSummary s) {
        List<String> numeric = new ArrayList<>();
        String energy = null;
        String commonest = null;
        long most = -1;
        for (Map.Entry<String, TraceSummary.KeyKinds> k : s.keys().entrySet()) {
            Map<String, Long> kinds = k.getValue().kinds;
            long numbers = kinds.getOrDefault("int", 0L) + kinds.getOrDefault("float", 0L);
            if (numbers == 0) {
                continue;
            }
            numeric.add(k.getKey());
            if (energy == null && k.getKey().toLowerCase(java.util.Locale.ROOT).contains("energy")) {
                energy = k.getKey();
            }
            if (numbers > most) {
                commonest = k.getKey();
                most = numbers;
            }
        }
        if (key != null) {
            if (!numeric.contains(key)) {
                throw new CliException("--key " + key + ": no event has a number under that key; numeric keys: "
                        + (numeric.isEmpty() ? "none" : String.join(", ", numeric)));
            }
            return key;
        }
        return energy != null ? energy : commonest;
    }
}
