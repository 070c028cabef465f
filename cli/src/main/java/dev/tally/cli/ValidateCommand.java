package dev.tally.cli;

import dev.tally.arrow.ArrowEventReader;
import dev.tally.arrow.ArrowForm;
import dev.tally.core.EventReader;
import dev.tally.core.FormatException;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.parquet.ParquetEventReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tally validate}: reads a whole file the way the library's readers do (every check of FORMAT.md, or of the
 * hespas format for JSON) and reports each problem with its location. Where the format lets reading go on past a
 * problem, it does: hespas JSON past an event with a bad field (not past malformed JSON), the Arrow file form past
 * a bad record batch, Parquet past a bad row group; the Arrow stream form stops at its first problem.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a trace against FORMAT.md (Arrow IPC, Parquet) or the hespas format (JSON) and report "
                + "every problem with its location. Exit status 0 when valid, 1 when not.",
        footer = {"", "Examples:", "  tally validate trace.json", "  tally validate trace.parquet --max-problems 10"})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    InputFile source;

    @Option(names = "--max-problems", paramLabel = "N", defaultValue = "100",
            description = "Stop after this many problems (default: ${DEFAULT-VALUE}).")
    int maxProblems;

    @Mixin
    ProgressOptions progressOptions;

    @Spec
    CommandSpec spec;

    private final List<String> problems = new ArrayList<>();
    private long events;

    @Override
    public Integer call() throws Exception {
        if (maxProblems < 1) {
            throw new CliException("--max-problems must be at least 1, not " + maxProblems);
        }
        Input input = source.open();
        List<String> notes = new ArrayList<>();
        try (Progress p = progressOptions.start(spec, "validating", Progress.totalEvents(input))) {
            switch (input.format()) {
                case JSON -> json(input, p, notes);
                case ARROW, ARROW_STREAM -> arrow(input, p, notes);
                case PARQUET -> parquet(input, p, notes);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        String what = String.format("%s, %,d events read", input.format().id(), events);
        if (problems.isEmpty()) {
            out.printf("%s: valid (%s)%n", source.file, what);
        } else {
            out.printf("%s: INVALID, %d problem%s%s (%s)%n", source.file, problems.size(), problems.size() == 1 ? "" : "s",
                    full() ? ", stopped at --max-problems " + maxProblems : "", what);
            for (String problem : problems) {
                out.println("  " + problem);
            }
        }
        for (String note : notes) {
            out.println("  note: " + note);
        }
        out.flush();
        return problems.isEmpty() ? 0 : Tally.EXIT_FAILURE;
    }

    private boolean full() {
        return problems.size() >= maxProblems;
    }

    private void problem(FormatException e) {
        problems.add(e.getMessage());
    }

    /** Opens a reader; null (and the problem recorded) when even that fails. */
    private interface Opener<R extends EventReader> {
        R open() throws IOException;
    }

    /** After a problem: whether reading can go on (past the bad event, batch or row group). */
    private interface Resume {
        boolean past() throws IOException;
    }

    private <R extends EventReader> R opened(Opener<R> opener, List<String> notes) throws IOException {
        try {
            R r = opener.open();
            r.header().versionWarning().ifPresent(notes::add);
            return r;
        } catch (FormatException e) {
            problem(e);
            return null;
        }
    }

    /** Reads to the end, or to the problem limit, going on past problems while {@code resume} says it can. */
    private void readOn(EventReader r, Progress progress, Resume resume) throws IOException {
        while (!full()) {
            try {
                if (r.next() == null) {
                    return;
                }
                events++;
                progress.step();
            } catch (FormatException e) {
                problem(e);
                if (!resume.past()) {
                    return;
                }
            }
        }
    }

    private void json(Input input, Progress progress, List<String> notes) throws IOException {
        try (HespasJsonReader r = opened(() -> input.openJson(), notes)) {
            if (r != null) {
                readOn(r, progress, () -> {
                    if (!r.canResume()) {
                        notes.add("reading stopped at a problem it cannot go past (malformed JSON, or the stream's"
                                + " own fields): nothing after it was checked");
                    }
                    return r.canResume();
                });
            }
        }
    }

    private void arrow(Input input, Progress progress, List<String> notes) throws IOException {
        try (ArrowEventReader r = opened(() -> input.openArrow(), notes)) {
            if (r == null) {
                return;
            }
            if (r.form() == ArrowForm.STREAM) {
                readOn(r, progress, () -> false); // a stream cannot be resynchronised after a bad message
                return;
            }
            for (int b = 0; b < r.batchCount() && !full(); b++) { // a bad batch does not stop the next ones
                try {
                    r.loadBatch(b);
                    for (int row = r.root().getRowCount(); row > 0; row--) {
                        r.next();
                        events++;
                        progress.step();
                    }
                } catch (FormatException e) {
                    problem(e);
                }
            }
        }
    }

    private void parquet(Input input, Progress progress, List<String> notes) throws IOException {
        try (ParquetEventReader r = opened(() -> ParquetEventReader.open(input.file()), notes)) {
            if (r != null) {
                readOn(r, progress, r::skipRowGroup); // a bad row group does not stop the next ones
            }
        }
        if (problems.isEmpty()) { // the indexes filtered reads skip by: damaged ones would lose events there
            try {
                ParquetEventReader.checkIndexes(input.file());
            } catch (FormatException e) {
                problem(e);
            }
        }
    }
}
