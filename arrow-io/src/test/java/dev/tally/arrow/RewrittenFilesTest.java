package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.FormatException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * tally files rewritten by pyarrow (src/test/resources/rewritten, made by its make_rewritten.py): pyarrow keeps the
 * schema's metadata, so its checksum, and the error names what the layout finds changed, not a damaged schema
 * (issue 20, case 11).
 */
class RewrittenFilesTest extends AllocatorTest {
    private static final Path DIR = Path.of("src/test/resources/rewritten");

    private String refusal(String name) {
        FormatException e = assertThrows(FormatException.class, () -> {
            try (ArrowEventReader r = ArrowEventReader.open(DIR.resolve(name), allocator)) {
                while (r.next() != null) {
                    // read everything
                }
            }
        });
        return e.getMessage();
    }

    @Test
    void theOriginalReads() throws Exception {
        long n = 0;
        try (ArrowEventReader r = ArrowEventReader.open(DIR.resolve("base.arrow"), allocator)) {
            while (r.next() != null) {
                n++;
            }
        }
        assertEquals(5, n);
    }

    @Test
    void anInt64TimestampIsNamedAsSuchNotAsADamagedSchema() {
        String why = refusal("timestamp-int64.arrow");
        assertTrue(why.contains("timestamp") && why.endsWith(": the file was rewritten by another tool (its schema no"
                + " longer matches its tally.schema_crc32c)"), why);
        assertTrue(!why.contains("damaged"), why);
    }

    @Test
    void aRewriteTheLayoutAllowsIsCalledDamagedOrRewritten() {
        // plain strings for the names are a form of the layout (pyarrow decodes dictionaries), so only the
        // checksum differs: a flip or a rewrite, and the error says both
        String why = refusal("event-name-plain.arrow");
        assertTrue(why.contains("the schema (or a rewrite by another tool that kept the schema's metadata) is"
                + " damaged: it gives checksum"), why);
    }

    @Test
    void anExtraColumnIsNamedAsSuch() {
        String why = refusal("extra-column.arrow");
        assertTrue(why.contains("extra") && why.contains("rewritten by another tool"), why);
    }
}
