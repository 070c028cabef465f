package dev.tally.core.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tally.core.JsonValue;
import org.junit.jupiter.api.Test;

class RepeatedValueTest {
    @Test
    void aRepeatedValueIsTheSameObjectAndAChangedOneIsNew() {
        RepeatedValue r = new RepeatedValue();
        JsonValue seven = r.ofLong(7);
        assertSame(seven, r.ofLong(7));
        assertEquals(JsonValue.of(8), r.ofLong(8));
        assertNotSame(seven, r.ofLong(7));

        JsonValue half = r.ofDouble(0.5);
        assertSame(half, r.ofDouble(0.5));
        assertEquals(JsonValue.of(-0.0), r.ofDouble(-0.0)); // other bits, other value
        assertEquals(JsonValue.of(0.0), r.ofDouble(0.0));

        String a = "layer0.attn";
        JsonValue s = r.ofString(a);
        assertSame(s, r.ofString(a));
        JsonValue copy = r.ofString(new String(a)); // equal, another object: a new value, equal to it
        assertEquals(s, copy);
        assertNotSame(s, copy);
    }

    @Test
    void aValueOfAnotherKindWithTheSameBitsIsNotMistakenForTheLast() {
        RepeatedValue r = new RepeatedValue();
        r.ofDouble(Double.longBitsToDouble(42));
        assertEquals(JsonValue.of(42), r.ofLong(42));
        r.reset();
        assertEquals(JsonValue.of(1.5), r.ofDouble(1.5));
    }
}
