package dev.tally.cli;

import dev.tally.arrow.ArrowEventWriter;
import dev.tally.arrow.ArrowForm;
import dev.tally.parquet.ParquetEventWriter;
import dev.tally.core.EventWriter;
import dev.tally.core.StreamHeader;
import dev.tally.core.json.HespasJsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats the command line reads and writes, and how each is opened. */
enum Format {
    /** hespas JSON. */
    JSON("json", ".json"),
    /** Arrow IPC, file form. */
    ARROW("arrow", ".arrow"),
    /** Arrow IPC, stream form. */
    ARROW_STREAM("arrow-stream", ".arrows"),
    /** Parquet. */
    PARQUET("parquet", ".parquet");

    private final String id;
    private final String extension;

    Format(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** The name used with {@code --to} and {@code --from}. */
    String id() {
        return id;
    }

    /** The usual file extension. */
    String extension() {
        return extension;
    }

    /** The output format given by name, or by the file's extension when the name is null. */
    static Format resolve(String name, Path file) {
        Transfer.refuseStandardOutput(file);
        if (name != null) {
            return byName(name);
        }
        Format f = byExtension(file);
        if (f == null) {
            throw new CliException("cannot tell the format of '" + file + "' from its extension; name it with --to ("
                    + ids() + ")");
        }
        return f;
    }

    /** The input format given by name, else recognised from the file's first bytes, else from its extension. */
    static Format resolveInput(String name, Path file) throws IOException {
        if (name != null) {
            return byName(name);
        }
        if (!Files.exists(file)) {
            throw new CliException("no such file: " + file);
        }
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return recognise(head, n, file);
    }

    /** How many first bytes {@link #recognise} looks at. */
    static final int HEAD = 8;

    /** The format of a file whose first {@code n} bytes are {@code head}, else the one its extension names. */
    static Format recognise(byte[] head, int n, Path file) {
        if (n >= 6 && new String(head, 0, 6, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1")) {
            return ARROW;
        }
        if (n >= 4 && head[0] == -1 && head[1] == -1 && head[2] == -1 && head[3] == -1) {
            return ARROW_STREAM;
        }
        if (n >= 4 && new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1")) {
            return PARQUET;
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == '{') {
                return JSON;
            }
            if (!Character.isWhitespace(head[i]) && !(i < 3 && (head[i] & 0xff) >= 0xbb)) {
                break; // not JSON (a UTF-8 byte order mark is allowed before it)
            }
        }
        Format f = byExtension(file);
        if (f == null) {
            throw new CliException("cannot tell the format of '" + file + "' from its content or extension; name it with --from ("
                    + ids() + ")");
        }
        return f;
    }

    private static Format byName(String name) {
        for (Format f : values()) {
            if (f.id.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new CliException("unknown format '" + name + "'; known formats: " + ids());
    }

    private static Format byExtension(Path file) {
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (fileName.endsWith(f.extension)) {
                return f;
            }
        }
        return null;
    }

    static String ids() {
        return Arrays.stream(values()).map(Format::id).collect(Collectors.joining(", "));
    }

    EventWriter openWriter(Path file, StreamHeader header, boolean replaceExisting, WriteOptions options)
            throws IOException {
        options.checkFor(this);
        return switch (this) {
            case JSON -> HespasJsonWriter.open(file, header, replaceExisting);
            case ARROW, ARROW_STREAM -> ArrowEventWriter.builder()
                    .form(this == ARROW ? ArrowForm.FILE : ArrowForm.STREAM)
                    .codec(options.arrowCodec())
                    .batchRows(options.arrowBatchRows())
                    .replaceExisting(replaceExisting)
                    .open(file, header);
            case PARQUET -> ParquetEventWriter.builder()
                    .codec(options.parquetCodec())
                    .rowGroupRows(options.parquetRowGroupRows())
                    .replaceExisting(replaceExisting)
                    .open(file, header);
        };
    }
}
