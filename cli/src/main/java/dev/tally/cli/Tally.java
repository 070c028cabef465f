package dev.tally.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code tally} command line: one subcommand per job. */
@Command(name = "tally", mixinStandardHelpOptions = true, versionProvider = Tally.Version.class,
        description = "Performance counter event streams (hespas): generate, convert, and more.",
        subcommands = {GenerateCommand.class, ConvertCommand.class, EventsCommand.Head.class, EventsCommand.Cat.class,
                StatsCommand.class, InspectCommand.class, ExportTraceCommand.class,
                PlotCommand.class, ValidateCommand.class, RecoverCommand.class,
                DemoCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  tally demo", "  tally generate --events 1000000 -o trace.json",
                "  tally convert trace.json copy.json --force"})
public final class Tally {
    /** Exit status for a failure the user can act on (bad input, existing output, ...). */
    static final int EXIT_FAILURE = 1;

    /** Exit status when the reader of standard output went away, as for a process that SIGPIPE ended (128 + 13). */
    static final int EXIT_READER_GONE = 141;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces and debug logging.")
    boolean verbose;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        // UTF-8 whatever the platform's default (a C locale would turn every non-ASCII name into '?').
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> interrupted(err), "tally-interrupted"));
        // Standard output straight to its descriptor, not System.out, whose PrintStream would hide write errors.
        System.exit(run(args, new FileOutputStream(FileDescriptor.out), err));
    }

    /**
     * On SIGINT or SIGTERM (the JVM runs shutdown hooks for both): no hidden temporary file is left behind, except
     * an Arrow stream, whose finished batches {@code tally recover} can save; those are named.
     */
    static void interrupted(PrintWriter err) {
        for (java.nio.file.Path kept : dev.tally.core.AtomicFileOutput.abandonOpen()) {
            err.println("tally: stopped before the end; kept " + kept + ", the Arrow stream written so far:"
                    + " `tally recover " + kept + " OUT` saves its events");
        }
        err.flush();
    }

    /**
     * Runs the command line writing to {@code stdout} and returns the exit status: a failed write to it fails the
     * command ("cannot write to standard output: ..."), and a closed pipe ends the work quietly.
     */
    static int run(String[] args, OutputStream stdout, PrintWriter err) {
        return run(args, new PrintWriter(new OutputStreamWriter(new StandardOutput(stdout), StandardCharsets.UTF_8),
                true), err);
    }

    /** Runs the command line with the given output and error streams and returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        Tally root = new Tally();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cl.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (StandardOutput.Failed f) {
                return outputFailed(f, err); // while printing help or version, outside any command
            }
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StandardOutput.Failed f) {
                    return outputFailed(f, err);
                }
            }
            boolean verbose = root.verbose || parseResult.subcommands().stream().anyMatch(
                    p -> p.hasMatchedOption("--verbose"));
            err.println("tally: " + describe(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        int status = cl.execute(args);
        try {
            out.flush(); // what is still buffered must reach the file too, or the command has not done its work
        } catch (StandardOutput.Failed f) {
            return status == 0 ? outputFailed(f, err) : status;
        }
        return status;
    }

    private static int outputFailed(StandardOutput.Failed f, PrintWriter err) {
        if (f.readerWentAway()) {
            return EXIT_READER_GONE;
        }
        err.println("tally: cannot write to standard output: " + f.reason());
        err.flush();
        return EXIT_FAILURE;
    }

    /** One line for people: what went wrong, without Java's class names where they say nothing. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file: " + n.getFile();
        } else if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        } else if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists already; use --force to replace it";
        } else if (e instanceof CliException || e instanceof IOException) {
            String m = e.getMessage();
            return m == null ? e.getClass().getSimpleName() : m;
        }
        return "internal error: " + e + " (run with --verbose for details)";
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Tally.class.getPackage().getImplementationVersion();
            return new String[] {"tally " + (v == null ? "(development build)" : v)};
        }
    }
}
