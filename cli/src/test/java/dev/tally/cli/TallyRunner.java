package dev.tally.cli;

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
}
