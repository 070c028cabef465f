package dev.tally.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in process and keeps what it printed. */
record TallyRunner(int exitCode, String out, String err) {
    static TallyRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Tally.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new TallyRunner(code, out.toString(), err.toString());
    }

    /** Runs with standard output going to {@code stdout}, as {@code main} does; {@link #out()} is empty. */
    static TallyRunner runTo(OutputStream stdout, String... args) {
        StringWriter err = new StringWriter();
        int code = Tally.run(args, stdout, new PrintWriter(err, true));
        return new TallyRunner(code, "", err.toString());
    }
}
