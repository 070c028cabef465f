package dev.tally.core.columnar;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyCheckTest {
    @Test
    void aKeyIsScannedOnlyWhenANewObjectComesAtItsPosition() {
        KeyCheck check = new KeyCheck();
        String npu = "npu";
        assertTrue(check.check(npu, 0));
        assertFalse(check.check(npu, 0), "the same object at the same position");
        assertTrue(check.check(npu, 1), "another position");
        assertTrue(check.check(new String("npu"), 0), "an equal string of another object");
        String far = "far";
        assertTrue(check.check(far, 40));
        assertTrue(check.check(far, 40), "positions past the cache are scanned every time");
    }

    @Test
    void aKeyUtf8CannotEncodeIsRefusedWhereverItComes() {
        KeyCheck check = new KeyCheck();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check.check("a\uD800", 0));
        assertTrue(e.getMessage().contains("metadata key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> check.check("a\uD800", 0), "not remembered as checked");
        assertThrows(IllegalArgumentException.class, () -> check.check("\uDC00", 30));
    }
}
