package dev.tally.core.sample;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014): eight lines that any language can repeat, so that a
 * sample trace can be regenerated outside Java from its seed.
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A value in [0, bound): the top 63 bits modulo the bound (the bias is immaterial here). */
    long nextBelow(long bound) {
        return (nextLong() >>> 1) % bound;
    }
}
