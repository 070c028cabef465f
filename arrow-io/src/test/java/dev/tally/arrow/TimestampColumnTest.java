package dev.tally.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A batch's timestamps read in place give every event's timestamp, and refuse a row whose member is null. */
class TimestampColumnTest extends AllocatorTest {
    private static List<CounterEvent> events() {
        List<CounterEvent> out = new ArrayList<>();
        for (int i = 0; i < 5_003; i++) {
            Timestamp t = i % 7 == 0 ? Timestamp.of(i + 0.25) : i % 13 == 0 ? Timestamp.of(Long.MIN_VALUE + i)
                    : i % 17 == 0 ? Timestamp.of(i % 2 == 0 ? Double.MIN_VALUE : -0.75) : Timestamp.of((long) i * 1_000_003L);
            out.add(new CounterEvent("e" + i % 3, t));
        }
        return out;
    }

    private Path write(ArrowForm form, ArrowCodec codec, List<CounterEvent> events) throws IOException {
        Path file = tmp.resolve(form + "-" + codec + ".arrow");
        try (ArrowEventWriter w = ArrowEventWriter.builder().form(form).codec(codec).batchRows(700)
                .allocator(allocator).open(file, StreamHeader.empty())) {
            for (CounterEvent e : events) {
                w.write(e);
            }
        }
        return file;
    }

    private List<Timestamp> scan(Path file, ArrowEventReader.ReadOptions options) throws IOException {
        List<Timestamp> out = new ArrayList<>();
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator, options)) {
            while (r.loadNextBatch()) {
                TimestampColumn ts = r.timestamps();
                assertEquals(r.root().getRowCount(), ts.rows());
                for (int i = 0; i < ts.rows(); i++) {
                    out.add(ts.isInt(i) ? Timestamp.of(ts.intValue(i)) : Timestamp.of(ts.floatValue(i)));
                }
            }
        }
        return out;
    }

    @Test
    void everyFormAndCodecGivesTheEventsTimestamps() throws IOException {
        List<CounterEvent> events = events();
        List<Timestamp> expected = events.stream().map(CounterEvent::timestamp).toList();
        for (ArrowForm form : ArrowForm.values()) {
            for (ArrowCodec codec : ArrowCodec.values()) {
                Path file = write(form, codec, events);
                assertEquals(expected, scan(file, ArrowEventReader.ReadOptions.DEFAULT), form + " " + codec);
                assertEquals(expected, scan(file, ArrowEventReader.ReadOptions.DEFAULT.withColumns("timestamp")),
                        form + " " + codec + ", timestamp column only");
            }
        }
    }

    @Test
    void aReaderWithoutTheColumnOrBeforeABatchRefuses() throws IOException {
        Path file = write(ArrowForm.FILE, ArrowCodec.NONE, events());
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator)) {
            assertThrows(IllegalStateException.class, r::timestamps);
        }
        try (ArrowEventReader r = ArrowEventReader.open(file, allocator,
                ArrowEventReader.ReadOptions.DEFAULT.withColumns("event_name"))) {
            r.loadNextBatch();
            IllegalStateException e = assertThrows(IllegalStateException.class, r::timestamps);
            assertTrue(e.getMessage().contains("timestamp"), e.getMessage());
        }
    }

    /** The reference: the first row whose type id names no member or whose member's validity bit is 0. */
    private static int naiveFirstNull(byte[] types, byte[] intValid, byte[] floatValid, int rows, byte intId,
                                      byte floatId) {
        for (int i = 0; i < rows; i++) {
            byte[] valid = types[i] == intId ? intValid : types[i] == floatId ? floatValid : null;
            if (valid == null || (valid[i >>> 3] & (1 << (i & 7))) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The check eight rows at a time finds the same first null member as a row-by-row check, for any ids. */
    @Test
    void theNullMemberCheckFindsTheFirstNullRow() {
        SplittableRandom random = new SplittableRandom(5);
        byte[][] idPairs = {{0, 1}, {1, 0}, {5, 9}};
        for (int round = 0; round < 3_000; round++) {
            int rows = random.nextInt(1, 300);
            byte[] ids = idPairs[round % idPairs.length];
            byte[] types = new byte[rows];
            byte[] intValid = new byte[(rows + 7) / 8];
            byte[] floatValid = new byte[(rows + 7) / 8];
            for (int i = 0; i < rows; i++) {
                boolean isInt = random.nextBoolean();
                types[i] = isInt ? ids[0] : ids[1];
                byte[] valid = isInt ? intValid : floatValid;
                valid[i >>> 3] |= (byte) (1 << (i & 7));
                if (random.nextInt(4) == 0) { // the other member valid too: allowed
                    byte[] other = isInt ? floatValid : intValid;
                    other[i >>> 3] |= (byte) (1 << (i & 7));
                }
            }
            int damage = round % 3 == 0 ? -1 : random.nextInt(rows);
            if (damage >= 0) {
                byte[] valid = types[damage] == ids[0] ? intValid : floatValid;
                valid[damage >>> 3] &= (byte) ~(1 << (damage & 7));
            }
            int expected = naiveFirstNull(types, intValid, floatValid, rows, ids[0], ids[1]);
            assertEquals(damage, expected); // the reference agrees with the damage done
            assertEquals(expected, TimestampColumn.firstNullMember(ByteBuffer.wrap(types),
                    ByteBuffer.wrap(intValid), ByteBuffer.wrap(floatValid), rows, ids[0], ids[1]),
                    "round " + round + ", " + rows + " rows, ids " + ids[0] + "/" + ids[1]);
        }
    }

    @Test
    void aTypeIdOfNoMemberIsANullMember() {
        byte[] types = new byte[16];
        types[11] = 2;
        byte[] all = {(byte) 0xFF, (byte) 0xFF};
        assertEquals(11, TimestampColumn.firstNullMember(ByteBuffer.wrap(types), ByteBuffer.wrap(all),
                ByteBuffer.wrap(all), 16, (byte) 0, (byte) 1));
    }
}
