package dev.tally.core;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The hespas stream format version: three dot-separated integers, each parsed as Python's {@code int()}
 * parses it, compared as a tuple with the version this library implements.
 */
public final class StreamVersion {
    /** The hespas format version this library implements and writes. */
    public static final String CURRENT = "0.0.1";

    private static final List<BigInteger> CURRENT_PARTS = List.of(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE);

    private StreamVersion() {
    }

    /**
     * Checks a version string as hespas does and returns hespas's warning when it is newer than {@link #CURRENT}.
     *
     * @throws IllegalArgumentException with hespas's message when the version is malformed
     */
    public static Optional<String> check(String version) {
        String[] parts = version.split("\\.", -1);
        BigInteger[] tuple = new BigInteger[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                tuple[i] = PythonNumbers.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (tuple.length != 3) {
            throw new IllegalArgumentException("version field must be in the form '#.#.#', not '" + version + "'");
        }
        for (int i = 0; i < 3; i++) {
            int c = tuple[i].compareTo(CURRENT_PARTS.get(i));
            if (c > 0) {
                return Optional.of("Version of input CounterEventStream '" + version
                        + "' is newer than runtime CounterEventStream version '" + CURRENT + "'");
            } else if (c < 0) {
                break;
            }
        }
        return Optional.empty();
    }
}
