package dev.tally.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEventStream;
import dev.tally.core.FormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON reader decodes strict UTF-8 and refuses what Python (so hespas) refuses, in Python's words. */
class HespasJsonUtf8Test {
    static byte[] doc(byte[] name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[{\"event_name\":\"".getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(name);
        b.writeBytes("\",\"timestamp\":1,\"timeunit\":\"\",\"metadata\":{}}]}".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    static final int NAME_AT = "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[{\"event_name\":\"".length();

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** One byte per read: every sequence is split across reads somewhere. */
    static InputStream trickle(byte[] doc) {
        return new ByteArrayInputStream(doc) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    static CounterEventStream read(InputStream in) throws IOException {
        try (HespasJsonReader r = HespasJsonReader.open(in, "t.json")) {
            return r.readAll();
        }
    }

    static String refusal(byte[] doc) {
        FormatException e = assertThrows(FormatException.class, () -> read(new ByteArrayInputStream(doc)));
        FormatException split = assertThrows(FormatException.class, () -> read(trickle(doc)));
        assertEquals(e.getMessage(), split.getMessage(), "the error depends on how the bytes arrive");
        return e.getMessage();
    }

    @Test
    void overlongFormsAreRefusedNotReadAsOtherText() {
        String slash = refusal(doc(bytes(0xC0, 0xAF)));
        assertTrue(slash.contains("invalid UTF-8: 'utf-8' codec can't decode byte 0xc0 in position " + NAME_AT
                + ": invalid start byte"), slash);
        assertTrue(slash.contains("byte offset " + NAME_AT), slash);
        assertTrue(refusal(doc(bytes(0xC0, 0x80))).contains("byte 0xc0 in position " + NAME_AT + ": invalid start byte"));
        assertTrue(refusal(doc(bytes(0xE0, 0x80, 0xAF))).contains("byte 0xe0 in position " + NAME_AT
                + ": invalid continuation byte"));
    }

    @Test
    void surrogatesAndCodePointsBeyondUnicodeAreRefused() {
        assertTrue(refusal(doc(bytes(0xED, 0xA0, 0x80))).contains("byte 0xed in position " + NAME_AT
                + ": invalid continuation byte"));
        assertTrue(refusal(doc(bytes(0xF4, 0x90, 0x80, 0x80))).contains("byte 0xf4 in position " + NAME_AT
                + ": invalid continuation byte"));
        assertTrue(refusal(doc(bytes(0xF5, 0x80, 0x80, 0x80))).contains("byte 0xf5 in position " + NAME_AT
                + ": invalid start byte"));
        assertTrue(refusal(doc(bytes(0x80))).contains("invalid start byte"));
    }

    @Test
    void aTimestampStringAndAVersionWithAnOverlongDotAreRefused() {
        byte[] ts = "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[{\"event_name\":\"a\",\"timestamp\":\"1\u00c0\u00ae5\",\"timeunit\":\"\",\"metadata\":{}}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refusal(ts).contains("byte 0xc0 in position"), refusal(ts));
        byte[] version = "{\"version\":\"0\u00c0\u00ae0.1\",\"metadata\":{},\"events\":[]}".getBytes(StandardCharsets.ISO_8859_1);
        String m = refusal(version);
        assertTrue(m.contains("byte 0xc0 in position 13: invalid start byte"), m);
    }

    @Test
    void aCutSequenceAtTheEndIsUnexpectedEndOfData() {
        byte[] whole = doc(bytes(0xE2, 0x82));
        byte[] cut = java.util.Arrays.copyOf(whole, NAME_AT + 2); // a file cut inside the name's last character
        String m = refusal(cut);
        int at = NAME_AT;
        assertTrue(m.contains("can't decode bytes in position " + at + "-" + (at + 1) + ": unexpected end of data"), m);
    }

    @Test
    void everyValidSequenceReadsExactlyHoweverTheBytesArrive() throws IOException {
        String name = "a\u00e9\u07ff\u0800\u4e2d\ud7ff\ue000\uffff\ud83d\ude00\udbff\udfff";
        byte[] d = doc(name.getBytes(StandardCharsets.UTF_8));
        assertEquals(name, read(new ByteArrayInputStream(d)).events().get(0).eventName());
        assertEquals(name, read(trickle(d)).events().get(0).eventName());
    }

    @Test
    void utf16DocumentsAreLeftToJacksonsDecoder() throws IOException {
        String json = "{\"version\":\"0.0.1\",\"metadata\":{},\"events\":[{\"event_name\":\"\u00e9\",\"timestamp\":1,"
                + "\"timeunit\":\"\",\"metadata\":{}}]}";
        assertEquals("\u00e9", read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_16BE))).events().get(0)
                .eventName());
    }
}
