package dev.tally.core.columnar;

import dev.tally.core.JsonValue;
import dev.tally.core.MemberKeys;
import dev.tally.core.MembersBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an event's metadata from the values of a plan's typed columns, for readers that build one map per event.
 * Events mostly have the same columns present as the events before them, so the maps of each set of present
 * columns share one {@link MemberKeys}: no key array, builder or distinctness check per event.
 *
 * <p>Not thread-safe: one per reader.
 */
public final class TypedMembers {
    /** Sets of present columns remembered; more are forgotten all at once (a trace has a few). */
    private static final int REMEMBERED = 256;
    private static final int RECENT = 4;

    private final List<String> keys;
    private final Map<Long, MemberKeys> subsets = new HashMap<>();
    private final JsonValue[][] scratch;
    // The last few sets seen, searched before the map: events often alternate between two or three sets.
    private final long[] recentMasks = new long[RECENT];
    private final MemberKeys[] recent = new MemberKeys[RECENT];
    private int nextRecent;

    /** For {@code plan}'s columns. */
    public TypedMembers(MetadataPlan plan) {
        List<String> k = new ArrayList<>(plan.columns().size());
        for (MetadataColumn c : plan.columns()) {
            k.add(c.key());
        }
        keys = List.copyOf(k);
        scratch = new JsonValue[keys.size() + 1][];
    }

    /** The number of typed columns. */
    public int size() {
        return keys.size();
    }

    /**
     * The metadata of an event whose typed columns hold {@code values} (one per column, null where the event has
     * none), in column order.
     */
    public Map<String, JsonValue> map(JsonValue[] values) {
        if (values.length != keys.size()) {
            throw new IllegalArgumentException(values.length + " values for " + keys.size() + " columns");
        }
        long mask = 0; // a plan has at most MetadataPlan.MAX_COLUMNS (32) columns: one bit each
        int present = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                mask |= 1L << i;
                present++;
            }
        }
        if (present == 0) {
            return Map.of();
        }
        MemberKeys subset = subset(mask);
        if (present == values.length) {
            return subset.map(values);
        }
        JsonValue[] packed = scratch[present];
        if (packed == null) {
            packed = scratch[present] = new JsonValue[present];
        }
        for (int i = 0, j = 0; i < values.length; i++) {
            if (values[i] != null) {
                packed[j++] = values[i];
            }
        }
        return subset.map(packed);
    }

    private MemberKeys subset(long mask) {
        for (int i = 0; i < RECENT; i++) {
            if (recentMasks[i] == mask && recent[i] != null) {
                return recent[i];
            }
        }
        MemberKeys subset = subsets.get(mask);
        if (subset == null) {
            List<String> k = new ArrayList<>(Long.bitCount(mask));
            for (int i = 0; i < keys.size(); i++) {
                if ((mask & (1L << i)) != 0) {
                    k.add(keys.get(i));
                }
            }
            if (subsets.size() == REMEMBERED) {
                subsets.clear();
            }
            subset = MemberKeys.of(k);
            subsets.put(mask, subset);
        }
        recentMasks[nextRecent] = mask;
        recent[nextRecent] = subset;
        nextRecent = (nextRecent + 1) % RECENT;
        return subset;
    }

    /**
     * A builder holding the event's typed values (as {@link #map}), with room for {@code more} members: for
     * events that also have general metadata, put after the typed members.
     */
    public MembersBuilder builder(JsonValue[] values, int more) {
        MembersBuilder m = new MembersBuilder(values.length + more);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                m.putDistinct(keys.get(i), values[i]); // a plan's keys are distinct
            }
        }
        return m;
    }
}
