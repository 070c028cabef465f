package dev.tally.cli;

import dev.tally.core.EventReader;
import dev.tally.core.EventWriter;
import dev.tally.core.StreamHeader;
import dev.tally.core.json.HespasJsonReader;
import dev.tally.core.json.HespasJsonWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats the command line reads and writes, and how each is opened. */
enum Format {
    /** hespas JSON. */
    JSON("json", ".json");

    private final String id;
    private final String extension;

    Format(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** The name used with {@code --to}. */
    String id() {
        return id;
    }

    /** The format given by name, or by the file's extension when the name is null. */
    static Format resolve(String name, Path file) {
        if (name != null) {
            for (Format f : values()) {
                if (f.id.equals(name.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new CliException("unknown format '" + name + "'; known formats: " + ids());
        }
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (fileName.endsWith(f.extension)) {
                return f;
            }
        }
        throw new CliException("cannot tell the format of '" + file + "' from its extension; name it with --to ("
                + ids() + ")");
    }

    static String ids() {
        return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
    }

    EventReader openReader(Path file) throws IOException {
        return switch (this) {
            case JSON -> HespasJsonReader.open(file);
        };
    }

    EventWriter openWriter(Path file, StreamHeader header, boolean replaceExisting) throws IOException {
        return switch (this) {
            case JSON -> HespasJsonWriter.open(file, header, replaceExisting);
        };
    }
}
