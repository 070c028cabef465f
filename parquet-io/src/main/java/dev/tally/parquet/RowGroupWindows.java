package dev.tally.parquet;

import dev.tally.core.FormatException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * A file's row groups, read forward, through a parquet-java reader over one window of row groups at a time
 * ({@link FooterStream}), so that memory does not grow with the number of row groups. Each window's row groups are
 * checked against the file (FORMAT.md) when it is opened: those of the first at once, the others as reading
 * reaches them.
 */
final class RowGroupWindows implements Closeable {
    private final InputFile input;
    private final Path path;
    private final FooterStream footer;
    private final long dataEnd;
    private final FormatException.Location at;
    private final ParquetMetadataConverter converter = new ParquetMetadataConverter();
    private int window = -1;
    private ParquetFileReader file;
    private List<BlockMetaData> blocks;

    RowGroupWindows(Path path, FooterStream footer, long dataEnd, FormatException.Location at) throws IOException {
        this.path = path;
        this.input = new LocalInputFile(path);
        this.footer = footer;
        this.dataEnd = dataEnd;
        this.at = at;
        if (footer.rowGroups() > 0) {
            open(0);
        }
    }

    /** Row groups in the file. */
    int count() {
        return footer.rowGroups();
    }

    /** Row groups whose metadata the reader holds now: at most a window's. */
    int held() {
        return blocks == null ? 0 : blocks.size();
    }

    /** Row group {@code g}'s rows. */
    long rowCount(int g) throws IOException {
        return block(g).getRowCount();
    }

    /** Row group {@code g}'s pages (every column). */
    PageReadStore read(int g) throws IOException {
        block(g);
        return file.readRowGroup(g - window * footer.perWindow());
    }

    private BlockMetaData block(int g) throws IOException {
        int w = g / footer.perWindow();
        if (w != window) {
            open(w);
        }
        return blocks.get(g - w * footer.perWindow());
    }

    private void open(int w) throws IOException {
        close();
        ParquetMetadata meta;
        try {
            meta = converter.fromParquetMetadata(footer.window(w, path));
        } catch (IOException | RuntimeException e) {
            throw new FormatException(at, "unreadable footer (" + e.getMessage() + ")", e);
        }
        int first = w * footer.perWindow();
        List<BlockMetaData> b = meta.getBlocks();
        ParquetLayout.checkCodecs(b, first, at);
        ParquetLayout.checkRowCounts(b, first, at);
        ParquetLayout.checkChunkRanges(b, first, dataEnd, at);
        ParquetLayout.checkPageExtents(path, b, first, at);
        file = ParquetFileReader.open(input, meta, ColumnarEventReader.options(), input.newStream());
        blocks = file.getRowGroups();
        window = w;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            ParquetFileReader f = file;
            file = null;
            window = -1;
            f.close();
        }
    }
}
