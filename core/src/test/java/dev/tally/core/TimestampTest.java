package dev.tally.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimestampTest {

    /** Input, then what CPython 3.11's float() and hespas's normalisation made of it. */
    private static final String[][] PYTHON_FLOAT = {
            {"2", "int", "2"},
            {"2.5", "float", "2.5"},
            {" 7 ", "int", "7"},
            {"1e3", "int", "1000"},
            {"-0.25", "float", "-0.25"},
            {"inf", "float", "Infinity"},
            {"-inf", "float", "-Infinity"},
            {"+Infinity", "float", "Infinity"},
            {"iNfInItY", "float", "Infinity"},
            {"nan", "float", "NaN"},
            {"-nan", "float", "NaN"},
            {"NaN", "float", "NaN"},
            {"1_000", "int", "1000"},
            {"1_000.000_1", "float", "1000.0001"},
            {"1e1_0", "int", "10000000000"},
            {"\u00a01\u2003", "int", "1"},
            {"\u0661\u0662", "int", "12"},
            {".5", "float", "0.5"},
            {"5.", "int", "5"},
            {"+.5e-3", "float", "0.0005"},
            {"1E400", "float", "Infinity"},
            {"-1e400", "float", "-Infinity"},
            {"1e-400", "int", "0"},
            {"9007199254740993", "int", "9007199254740992"},
            {"0.1", "float", "0.1"},
            {"\t\n 3.25 \r\u000b\f", "float", "3.25"},
            {"1__0", "error", "could not convert string to float: '1__0'"},
            {"_1", "error", "could not convert string to float: '_1'"},
            {"1_", "error", "could not convert string to float: '1_'"},
            {"1e", "error", "could not convert string to float: '1e'"},
            {"e5", "error", "could not convert string to float: 'e5'"},
            {".", "error", "could not convert string to float: '.'"},
            {"", "error", "could not convert string to float: ''"},
            {" ", "error", "could not convert string to float: ' '"},
            {"0x10", "error", "could not convert string to float: '0x10'"},
            {"1d", "error", "could not convert string to float: '1d'"},
            {"1f", "error", "could not convert string to float: '1f'"},
            {"infinit", "error", "could not convert string to float: 'infinit'"},
            {"\u001c5\u001f", "error", "could not convert string to float: '\\x1c5\\x1f'"},
            {"\u200b5", "error", "could not convert string to float: '\\u200b5'"},
            {"1.5.2", "error", "could not convert string to float: '1.5.2'"},
            {"--1", "error", "could not convert string to float: '--1'"},
            {"+-1", "error", "could not convert string to float: '+-1'"},
            {"nan(1)", "error", "could not convert string to float: 'nan(1)'"},
            {"1e+", "error", "could not convert string to float: '1e+'"},
            {"\u0661.\u0665", "float", "1.5"},
            {"1 2", "error", "could not convert string to float: '1 2'"},
            {"\uff11\uff12", "int", "12"},
            {"1_.5", "error", "could not convert string to float: '1_.5'"},
            {"1._5", "error", "could not convert string to float: '1._5'"},
            {"1e_5", "error", "could not convert string to float: '1e_5'"},
            {"Infinityx", "error", "could not convert string to float: 'Infinityx'"},
    };

    static Stream<Arguments> pythonFloat() {
        return Arrays.stream(PYTHON_FLOAT).map(r -> Arguments.of(r[0], r[1], r[2]));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @MethodSource("pythonFloat")
    void stringTimestampParsesAsPythonFloatThenNormalises(String input, String kind, String expected) {
        switch (kind) {
            case "int" -> assertEquals(new Timestamp.IntTimestamp(Long.parseLong(expected)), Timestamp.parse(input));
            case "float" -> assertEquals(new Timestamp.FloatTimestamp(Double.parseDouble(expected)), Timestamp.parse(input));
            default -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timestamp.parse(input));
                assertEquals(expected, e.getMessage());
            }
        }
    }

    @Test
    void integralFloatBecomesAnInteger() {
        assertEquals(Timestamp.of(1), Timestamp.of(1.0));
        assertEquals(Timestamp.of(0), Timestamp.of(-0.0));
        assertEquals(Timestamp.of(-3), Timestamp.of(-3.0));
        assertEquals(Timestamp.of(Long.MIN_VALUE), Timestamp.of(-0x1p63));
        assertEquals(Timestamp.of(1L << 62), Timestamp.of(0x1p62));
        assertInstanceOf(Timestamp.FloatTimestamp.class, Timestamp.of(1.5));
    }

    @Test
    void nanAndInfinitiesStayFloatsAndNanEqualsNan() {
        assertEquals(Timestamp.of(Double.NaN), Timestamp.of(Double.NaN));
        assertFalse(Timestamp.of(Double.NaN).isInteger());
        assertFalse(Timestamp.of(Double.POSITIVE_INFINITY).isInteger());
        assertNotEquals(Timestamp.of(Double.POSITIVE_INFINITY), Timestamp.of(Double.NEGATIVE_INFINITY));
    }

    @Test
    void integerAndFloatOfTheSameValueAreNeverEqual() {
        assertNotEquals(Timestamp.of(2), new Timestamp.FloatTimestamp(2.5));
        assertThrows(IllegalArgumentException.class, () -> new Timestamp.FloatTimestamp(2.0));
    }

    @Test
    void integralValueBeyondSixtyFourBitsIsRefusedNotChanged() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Timestamp.of(1e20));
        assertTrue(e.getMessage().contains("100000000000000000000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timestamp.of(0x1p63));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.parse("1e19"));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.of(BigInteger.ONE.shiftLeft(63)));
        assertEquals(Timestamp.of(Long.MAX_VALUE), Timestamp.of(BigInteger.valueOf(Long.MAX_VALUE)));
    }

    @Test
    void javaValuesConvertAsHespasAcceptsThem() {
        assertEquals(Timestamp.of(5), Timestamp.from(5));
        assertEquals(Timestamp.of(5), Timestamp.from(5.0f));
        assertEquals(Timestamp.of(2.5), Timestamp.from("2.5"));
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class, () -> Timestamp.from(true));
        assertEquals("Field 'timestamp' requires type 'typing.Union[str, int, float]', not 'bool'", bool.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Timestamp.from(null));
        assertTrue(none.getMessage().endsWith("not 'NoneType'"));
    }

    @Test
    void floatTimestampHasNoLongValue() {
        assertThrows(IllegalStateException.class, () -> Timestamp.of(1.5).longValue());
        assertEquals(1.5, Timestamp.of(1.5).doubleValue());
        assertEquals(7.0, Timestamp.of(7).doubleValue());
    }
}
