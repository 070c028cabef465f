package dev.tally.core.columnar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tally.core.JsonValue;
import dev.tally.core.MembersBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedMembersTest {
    private static final MetadataPlan PLAN = new MetadataPlan(List.of(new MetadataColumn("npu", MetadataKind.INT64),
            new MetadataColumn("op", MetadataKind.STRING_DICT), new MetadataColumn("flops", MetadataKind.INT64),
            new MetadataColumn("energy", MetadataKind.FLOAT64), new MetadataColumn("fused", MetadataKind.BOOL),
            new MetadataColumn("tag", MetadataKind.STRING)));

    @Test
    void everySetOfPresentColumnsGivesTheirMembersInColumnOrder() {
        TypedMembers members = new TypedMembers(PLAN);
        JsonValue[] values = new JsonValue[PLAN.columns().size()];
        // All 64 sets, twice and in a scrambled order: more sets than are remembered as recent, each seen again.
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < 64; k++) {
                int mask = (k * 37 + round) & 63;
                Map<String, JsonValue> expected = new LinkedHashMap<>();
                for (int c = 0; c < values.length; c++) {
                    values[c] = (mask & (1 << c)) != 0 ? JsonValue.of(c * 10 + mask) : null;
                    if (values[c] != null) {
                        expected.put(PLAN.columns().get(c).key(), values[c]);
                    }
                }
                Map<String, JsonValue> m = members.map(values);
                assertEquals(expected, m, "columns present: " + Integer.toBinaryString(mask));
                assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(m.keySet()));
            }
        }
        assertEquals(Map.of(), members.map(new JsonValue[values.length]));
    }

    @Test
    void aBuilderHoldsTheTypedMembersBeforeGeneralOnes() {
        TypedMembers members = new TypedMembers(PLAN);
        JsonValue[] values = {null, JsonValue.of("matmul"), null, JsonValue.of(1.5), null, null};
        MembersBuilder b = members.builder(values, 1);
        b.put("extra", JsonValue.of(true));
        assertEquals(List.of("op", "energy", "extra"), new ArrayList<>(b.build().keySet()));
        assertThrows(IllegalArgumentException.class, () -> members.map(new JsonValue[2]));
    }
}
