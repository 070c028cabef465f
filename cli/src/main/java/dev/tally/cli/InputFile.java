package dev.tally.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The trace a reading command reads: {@code FILE} and {@code --format}. */
final class InputFile {
    @Parameters(index = "0", paramLabel = "FILE", description = "The trace: hespas JSON, Arrow IPC or Parquet.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Input format (default: recognised from the content).")
    String format;

    Input open() throws IOException {
        return Input.of(file, format);
    }
}
