package dev.tally.cli;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.json.JsonLinesWriter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally head} and {@code tally cat}: events as JSON lines, optionally filtered. */
abstract class EventsCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Mixin
    FilterOptions filterOptions;

    @Spec
    CommandSpec spec;

    /** How many events to print at most. */
    abstract long limit();

    @Override
    public Integer call() throws Exception {
        long limit = limit();
        Input input = source.open();
        PrintWriter out = spec.commandLine().getOut();
        try (EventReader in = input.open(filterOptions.filter());
             JsonLinesWriter lines = JsonLinesWriter.open(out, false)) {
            for (long n = 0; n < limit; n++) {
                CounterEvent e = in.next();
                if (e == null) {
                    break;
                }
                lines.write(e); // a closed pipe (| head) throws here and ends the read: see StandardOutput
            }
        }
        return 0;
    }

    /** {@code tally head}. */
    @Command(name = "head", mixinStandardHelpOptions = true,
            description = "Print the first events as JSON lines (one event per line, for jq and friends).",
            footer = {"", "Examples:", "  tally head trace.parquet", "  tally head -n 3 --name npu0.mac_ops trace.arrow"})
    static final class Head extends EventsCommand {
        @Option(names = {"-n", "--events"}, paramLabel = "N", defaultValue = "10",
                description = "How many events (default: ${DEFAULT-VALUE}).")
        long count;

        @Override
        long limit() {
            if (count < 0) {
                throw new CliException("-n must be at least 0, not " + count);
            }
            return count;
        }
    }

    /** {@code tally cat}. */
    @Command(name = "cat", mixinStandardHelpOptions = true,
            description = "Print every event (or those the filters keep) as JSON lines.",
            footer = {"", "Examples:", "  tally cat trace.parquet --from 1000 --to 2000",
                    "  tally cat trace.json --name layer0.attn.qkv --name layer1.attn.qkv | jq .timestamp"})
    static final class Cat extends EventsCommand {
        @Override
        long limit() {
            return Long.MAX_VALUE;
        }
    }
}
