package dev.tally.arrow;

import dev.tally.core.FormatException;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.flatbuf.Type;
import org.apache.arrow.flatbuf.Union;

/**
 * Bounds a schema's flatbuffer before Arrow Java converts it. Flatbuffer tables can be shared, so a small corrupt
 * schema can describe a tree of billions of fields, or one deep enough to overflow the stack; this layout needs
 * a depth of 3 and a few dozen fields.
 */
final class SchemaGuard {
    static final int MAX_DEPTH = 16;
    static final int MAX_FIELDS = 4096;

    private int fields;
    /** The size of the buffer the schema lies in: no vector in it can be longer. */
    private int bytes;

    private SchemaGuard() {
    }

    static void check(Schema schema, FormatException.Location at) throws FormatException {
        SchemaGuard g = new SchemaGuard();
        g.bytes = schema.getByteBuffer().capacity();
        try {
            g.checkLength(schema.customMetadataLength(), "schema metadata", at);
            for (int i = 0; i < schema.fieldsLength(); i++) {
                g.visit(schema.fields(i), 1, at);
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new FormatException(at, "corrupt schema (" + e + ")", e);
        }
    }

    private void visit(Field f, int depth, FormatException.Location at) throws FormatException {
        if (f == null) {
            throw new FormatException(at, "corrupt schema: a missing field");
        }
        if (++fields > MAX_FIELDS) {
            throw new FormatException(at, "schema has more than " + MAX_FIELDS + " fields");
        }
        if (depth > MAX_DEPTH) {
            throw new FormatException(at, "schema nests fields more than " + MAX_DEPTH + " deep");
        }
        checkLength(f.customMetadataLength(), "field metadata", at);
        if (f.typeType() == Type.Union) {
            Union u = (Union) f.type(new Union());
            if (u == null || u.typeIdsLength() > Byte.MAX_VALUE + 1) {
                throw new FormatException(at, "corrupt schema: a union with " + (u == null ? "no type" : u.typeIdsLength() + " type ids"));
            }
        }
        for (int i = 0; i < f.childrenLength(); i++) {
            visit(f.children(i), depth + 1, at);
        }
    }

    /** A flatbuffer vector's declared length, which Arrow Java allocates for before reading it. */
    private void checkLength(int length, String what, FormatException.Location at) throws FormatException {
        if (length < 0 || length > bytes / 4) {
            throw new FormatException(at, "corrupt schema: " + what + " of " + length + " entries in " + bytes + " bytes");
        }
    }
}
