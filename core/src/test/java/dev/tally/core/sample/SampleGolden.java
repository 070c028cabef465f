package dev.tally.core.sample;

import dev.tally.core.JsonValue;
import java.util.List;

/** Values of the default-seed sample trace, pinned so that the documented algorithm cannot drift unnoticed. */
final class SampleGolden {
    static final List<Long> FIRST_TIMESTAMPS = List.of(451L, 681L, 830L);
    static final JsonValue FIRST_FLOPS = JsonValue.of(866062372L);

    private SampleGolden() {
    }
}
