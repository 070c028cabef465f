package dev.tally.core.columnar;

import dev.tally.core.JsonValue;

/**
 * One typed column's last value as a {@link JsonValue}, handed out again while the column's value repeats: an op's
 * figures repeat on every run of it, and values are immutable, so a reader need not build one object per row.
 * Strings are compared by identity (a dictionary's strings are one object per entry), numbers by their bits.
 */
public final class RepeatedValue {
    private JsonValue last;
    private long bits;
    private String string;

    /** The value {@code v}, the previous object if it was the same. */
    public JsonValue ofLong(long v) {
        if (!(last instanceof JsonValue.IntValue) || v != bits) {
            bits = v;
            last = JsonValue.of(v);
        }
        return last;
    }

    /** The value {@code v}, the previous object if it had the same bits. */
    public JsonValue ofDouble(double v) {
        long b = Double.doubleToRawLongBits(v);
        if (!(last instanceof JsonValue.FloatValue) || b != bits) {
            bits = b;
            last = JsonValue.of(v);
        }
        return last;
    }

    /** The value {@code s}, the previous object if it was the same string object. */
    public JsonValue ofString(String s) {
        if (!(last instanceof JsonValue.StringValue) || s != string) {
            string = s;
            last = JsonValue.of(s);
        }
        return last;
    }

    /** Forgets the last value. */
    public void reset() {
        last = null;
        string = null;
    }
}
