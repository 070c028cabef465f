package dev.tally.core;

/**
 * Bounds on the options that size an allocation, shared by the writers and the command line so that one option
 * can never ask for unbounded memory (issue 20: {@code --batch-rows 2147483647} grew to 24 GB).
 */
public final class Limits {
    /**
     * Most rows in an Arrow record batch: 2^20. A batch is built in memory whole and Arrow Java holds each of its
     * buffers in at most 2 GiB with 32-bit offsets for strings and maps; at 2^20 rows a batch of this library's
     * events (tens of bytes a row) stays near 100 MB, far from both, and rows beyond it buy no speed (the writer
     * is at full speed from 2^14 rows a batch on).
     */
    public static final int MAX_BATCH_ROWS = 1 << 20;

    private Limits() {
    }

    /**
     * Checks a batch size given as {@code option} (its name in the message).
     *
     * @throws IllegalArgumentException naming the option and the limit
     */
    public static int batchRows(String option, int value) {
        if (value < 1 || value > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException(option + " must be 1 to " + MAX_BATCH_ROWS + " (Limits.MAX_BATCH_ROWS),"
                    + " not " + value);
        }
        return value;
    }
}
