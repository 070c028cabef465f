package dev.tally.core.columnar;

/**
 * Refuses metadata keys that UTF-8 cannot encode (an unpaired surrogate), for writers that check every event's keys
 * before taking it. Events repeat their keys as the same objects, in the same order, so a key checked just before
 * at the same position is not scanned again.
 *
 * <p>Not thread-safe: one per writer.
 */
public final class KeyCheck {
    private final String[] checked = new String[16];

    /**
     * Checks {@code key}, the {@code position}-th (0-based) of its event's metadata.
     *
     * @return whether it was scanned: false when the same object was checked at that position just before
     * @throws IllegalArgumentException if UTF-8 cannot encode the key
     */
    public boolean check(String key, int position) {
        if (position < checked.length && checked[position] == key) {
            return false;
        }
        if (!Utf8.isEncodable(key)) {
            throw Utf8.unencodable("metadata key", key);
        }
        if (position < checked.length) {
            checked[position] = key;
        }
        return true;
    }
}
