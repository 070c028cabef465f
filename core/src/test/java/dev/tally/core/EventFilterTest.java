package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    private static final long P53 = 1L << 53;

    private static CounterEvent at(Timestamp t) {
        return new CounterEvent("e", t);
    }

    private static boolean keeps(EventFilter f, Timestamp t) {
        return f.matches(at(t));
    }

    @Test
    void integerBoundsBeyondTwoToThe53CompareExactly() {
        EventFilter f = EventFilter.timeRange(P53 + 1, P53 + 2);
        assertFalse(keeps(f, Timestamp.of(P53)), "2^53 is below 2^53+1, although their doubles are equal");
        assertTrue(keeps(f, Timestamp.of(P53 + 1)));
        assertFalse(keeps(f, Timestamp.of(P53 + 2)));
        EventFilter eight = EventFilter.timeRange(P53 + 8, P53 + 9);
        assertTrue(keeps(eight, Timestamp.of(P53 + 8)));
        assertFalse(keeps(eight, Timestamp.of(P53 + 7)));
        assertFalse(keeps(eight, Timestamp.of(P53 + 9)));
        EventFilter top = EventFilter.timeRange(Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertTrue(keeps(top, Timestamp.of(Long.MAX_VALUE - 1)));
        assertFalse(keeps(top, Timestamp.of(Long.MAX_VALUE)));
        assertFalse(keeps(top, Timestamp.of(Long.MAX_VALUE - 2)));
        EventFilter bottom = EventFilter.timeRange(Long.MIN_VALUE, Long.MIN_VALUE + 1);
        assertTrue(keeps(bottom, Timestamp.of(Long.MIN_VALUE)));
        assertFalse(keeps(bottom, Timestamp.of(Long.MIN_VALUE + 1)));
        assertFalse(keeps(bottom, Timestamp.of(Double.NEGATIVE_INFINITY)));
    }

    @Test
    void anIntegerAndAFloatCompareByTheirExactValuesAsInPython() {
        // Python: 2**53 + 1 > 9007199254740992.0, and 2**53 < 9007199254740992.5 is not a float (it rounds)
        assertEquals(1, EventFilter.compare(P53 + 1, 9007199254740992.0));
        assertEquals(0, EventFilter.compare(P53, 9007199254740992.0));
        assertEquals(-1, EventFilter.compare(P53 - 1, 9007199254740992.0));
        assertEquals(-1, EventFilter.compare(Long.MAX_VALUE, 0x1p63), "2^63 - 1 < 2.0**63");
        assertEquals(1, EventFilter.compare(Long.MIN_VALUE, -0x1.0000000000001p63));
        assertEquals(0, EventFilter.compare(Long.MIN_VALUE, -0x1p63));
        assertEquals(-1, EventFilter.compare(1, 1.5));
        assertEquals(1, EventFilter.compare(2, 1.5));
        assertEquals(1, EventFilter.compare(-1, -1.5));
        assertEquals(-1, EventFilter.compare(-2, -1.5));
        assertEquals(-1, EventFilter.compare(Long.MAX_VALUE, Double.POSITIVE_INFINITY));
        assertEquals(1, EventFilter.compare(Long.MIN_VALUE, Double.NEGATIVE_INFINITY));

        EventFilter f = new EventFilter(Timestamp.of(1.5), Timestamp.of(P53 + 1), Set.of());
        assertFalse(keeps(f, Timestamp.of(1)));
        assertTrue(keeps(f, Timestamp.of(2)));
        assertTrue(keeps(f, Timestamp.of(1.75)));
        assertTrue(keeps(f, Timestamp.of(P53)));
        assertFalse(keeps(f, Timestamp.of(P53 + 1)));
        EventFilter g = new EventFilter(Timestamp.of(-3), Timestamp.of(-2.5), Set.of());
        assertTrue(keeps(g, Timestamp.of(-3)));
        assertTrue(keeps(g, Timestamp.of(-2.75)));
        assertFalse(keeps(g, Timestamp.of(-2.5)));
        assertFalse(keeps(g, Timestamp.of(-2)));
    }

    @Test
    void infinitiesAreBoundsAndTimestampsLikeAnyOther() {
        EventFilter fromMinusInf = new EventFilter(Timestamp.of(Double.NEGATIVE_INFINITY), Timestamp.of(0), Set.of());
        assertTrue(keeps(fromMinusInf, Timestamp.of(Double.NEGATIVE_INFINITY)));
        assertTrue(keeps(fromMinusInf, Timestamp.of(Long.MIN_VALUE)));
        assertFalse(keeps(fromMinusInf, Timestamp.of(0)));
        EventFilter toInf = new EventFilter(Timestamp.of(P53 + 1), Timestamp.of(Double.POSITIVE_INFINITY), Set.of());
        assertTrue(keeps(toInf, Timestamp.of(Long.MAX_VALUE)));
        assertFalse(keeps(toInf, Timestamp.of(Double.POSITIVE_INFINITY)), "[from, inf) leaves inf out");
        assertFalse(keeps(toInf, Timestamp.of(P53)));
        EventFilter atInf = new EventFilter(Timestamp.of(Double.POSITIVE_INFINITY),
                Timestamp.of(Double.POSITIVE_INFINITY), Set.of());
        assertFalse(keeps(atInf, Timestamp.of(Double.POSITIVE_INFINITY)), "an empty range");
    }

    @Test
    void nanMatchesOnlyTheFullRangeAndIsNoBound() {
        Timestamp nan = Timestamp.of(Double.NaN);
        assertTrue(keeps(EventFilter.ALL, nan));
        assertTrue(keeps(EventFilter.names(Set.of("e")), nan));
        assertFalse(keeps(EventFilter.timeRange(Double.NEGATIVE_INFINITY, 1e18), nan));
        assertFalse(keeps(new EventFilter(Timestamp.of(Long.MIN_VALUE), Timestamp.of(Double.POSITIVE_INFINITY),
                Set.of()), nan));
        assertThrows(IllegalArgumentException.class, () -> new EventFilter(nan, Timestamp.of(1), Set.of()));
        assertThrows(IllegalArgumentException.class, () -> EventFilter.timeRange(0, Double.NaN));
    }

    @Test
    void aBackwardsRangeIsRefusedExactly() {
        assertThrows(IllegalArgumentException.class, () -> EventFilter.timeRange(P53 + 1, P53));
        assertThrows(IllegalArgumentException.class,
                () -> new EventFilter(Timestamp.of(P53 + 1), Timestamp.of(9007199254740992.0), Set.of()));
        EventFilter empty = EventFilter.timeRange(P53 + 1, P53 + 1);
        assertFalse(keeps(empty, Timestamp.of(P53 + 1)));
    }

    @Test
    void boundsParseAsPythonIntForIntegerLiteralsAndFloatOtherwise() {
        assertEquals(Timestamp.of(9007199254740993L), EventFilter.parseBound("9007199254740993"));
        assertEquals(Timestamp.of(-9007199254740993L), EventFilter.parseBound(" -9_007_199_254_740_993 "));
        assertEquals(Timestamp.of(Long.MAX_VALUE), EventFilter.parseBound("9223372036854775807"));
        assertEquals(Timestamp.of(Long.MIN_VALUE), EventFilter.parseBound("-9223372036854775808"));
        assertEquals(Timestamp.of(7), EventFilter.parseBound("+7"));
        // float(): rounds, then the integral value is an integer timestamp as in hespas
        assertEquals(Timestamp.of(P53), EventFilter.parseBound("9007199254740993.0"));
        assertEquals(Timestamp.of(1000), EventFilter.parseBound("1e3"));
        assertEquals(Timestamp.of(1.5), EventFilter.parseBound("1.5"));
        assertEquals(Timestamp.of(Double.NEGATIVE_INFINITY), EventFilter.parseBound("-inf"));
        assertEquals(Timestamp.of(Double.POSITIVE_INFINITY), EventFilter.parseBound("Infinity"));
        assertTrue(Double.isNaN(EventFilter.parseBound("nan").doubleValue()));
        IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
                () -> EventFilter.parseBound("soon"));
        assertEquals("could not convert string to float: 'soon'", word.getMessage());
        for (String huge : List.of("9223372036854775808", "-9223372036854775809", "1e19")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EventFilter.parseBound(huge));
            assertTrue(e.getMessage().contains("outside the signed 64-bit range"), e.getMessage());
        }
    }

    @Test
    void convenienceFormsMakeTheSameFilters() {
        assertEquals(new EventFilter(Timestamp.of(1), Timestamp.of(2), Set.of()), EventFilter.timeRange(1, 2));
        assertEquals(new EventFilter(Timestamp.of(1), Timestamp.of(2.5), Set.of()), EventFilter.timeRange(1.0, 2.5));
        assertTrue(EventFilter.ALL.isAll());
        assertTrue(EventFilter.timeRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY).isFullRange());
        assertFalse(EventFilter.timeRange(Long.MIN_VALUE, Long.MAX_VALUE).isFullRange());
    }
}
