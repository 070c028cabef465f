package dev.tally.core.sample;

import dev.tally.core.CounterEvent;
import dev.tally.core.EventReader;
import dev.tally.core.JsonValue;
import dev.tally.core.StreamHeader;
import dev.tally.core.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seeded, estimator-like trace: what a performance estimator emits when it walks a small transformer on eight
 * NPUs. The main job, the tests and the benchmarks use it; the same seed always gives the same trace.
 *
 * <h2>How it is made</h2>
 * All randomness comes from one SplitMix64 generator seeded with the seed; {@code below(n)} is
 * {@code (next() >>> 1) % n}. In this order:
 * <ol>
 *   <li><b>The model</b>: 50 ops, {@code layer0.attn.qkv} to {@code layer4.mlp.down}: for each layer 0-4 the ops
 *       {@code attn.qkv, attn.score, attn.softmax, attn.context, attn.out, attn.norm, mlp.norm, mlp.up,
 *       mlp.act, mlp.down}. For op i in that order: {@code flops = 1_000_000 + below(999_000_001)} (at most
 *       10^9), {@code energyPerFlop = 0.5 + below(1501) / 1000.0} pJ, and whether it emits a fifth event,
 *       {@code below(2) == 0}.
 *   <li><b>Event names</b>: op i emits, per NPU k, the events {@code npu<k>.<primary counter>},
 *       {@code <primary stablehlo op>}, {@code npu<k>.<COUNTERS[i % 20]>}, {@code STABLEHLO[i % 40]}, and
 *       when it has a fifth, {@code npu<k>.<COUNTERS[(i + 7) % 20]>}. Matrix ops' primaries are {@code mac_ops} and {@code stablehlo.dot_general},
 *       softmax and activation's {@code vec_ops} and {@code stablehlo.exponential}, norms' {@code vec_ops} and
 *       {@code stablehlo.reduce}. That gives 8 x 20 per-NPU names and 40 stablehlo names: 200 in all.
 *   <li><b>The walk</b>: steps repeat forever: for each op, for each NPU 0-7, each of the op's events in turn,
 *       until the requested number of events is reached.
 *   <li><b>Timestamps</b>: shape {@code int}: a cycle clock advances by {@code below(501)} before each event, and
 *       the event's timestamp is the clock, unit {@code cycles}. Shape {@code float}: a nanosecond clock advances
 *       by {@code below(501)}; then if {@code below(5) == 0} (one event in five) the timestamp is the float
 *       {@code clock / 1000.0} microseconds (the clock first moves on by 1 ns if that would be integral),
 *       otherwise the clock is rounded up to a whole microsecond and the timestamp is that integer; unit
 *       {@code us}. Timestamps never decrease.
 *   <li><b>Metadata</b>, after the timestamp draw: {@code npu} (the NPU, an integer), {@code op} (the op's name),
 *       {@code flops} (the op's flops, present when {@code below(4) != 0}, three events in four), and
 *       {@code energy_pj} (the float {@code flops * energyPerFlop * (0.9 + 0.025 * npu)}).
 *   <li><b>Stream metadata</b>: {@code estimator}, {@code model}, {@code npus}, {@code ops}, {@code shape},
 *       {@code seed}.
 * </ol>
 */
public final class SampleTrace {
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42;
    /** NPUs the model runs on. */
    public static final int NPUS = 8;

    /** The kinds of timestamps in the trace. */
    public enum Shape {
        /** Integer cycles. */
        INT,
        /** Microseconds, one timestamp in five a non-integral float. */
        FLOAT
    }

    /** How the metadata values behave. */
    public enum Values {
        /** As an estimator computes them: each op's {@code flops} and {@code energy_pj} repeat on every run of it. */
        REPEATING,
        /**
         * As measured counters vary: {@code flops} and {@code energy_pj} drawn afresh for every event (the other
         * keys as before): the case where values do not repeat, for size comparisons.
         */
        VARYING
    }

    static final String[] LAYER_OPS = {"attn.qkv", "attn.score", "attn.softmax", "attn.context", "attn.out",
            "attn.norm", "mlp.norm", "mlp.up", "mlp.act", "mlp.down"};
    static final String[] COUNTERS = {"mac_ops", "vec_ops", "sfu_ops", "sram_read_bytes", "sram_write_bytes",
            "dram_read_bytes", "dram_write_bytes", "dma_issue", "dma_complete", "noc_tx_bytes", "noc_rx_bytes",
            "stall_cycles", "busy_cycles", "idle_cycles", "cache_hits", "cache_misses", "tensor_util",
            "power_sample", "thermal_sample", "barrier_wait"};
    static final String[] STABLEHLO = {"stablehlo.dot_general", "stablehlo.add", "stablehlo.multiply",
            "stablehlo.subtract", "stablehlo.divide", "stablehlo.exponential", "stablehlo.log", "stablehlo.rsqrt",
            "stablehlo.tanh", "stablehlo.logistic", "stablehlo.maximum", "stablehlo.minimum", "stablehlo.reduce",
            "stablehlo.broadcast_in_dim", "stablehlo.reshape", "stablehlo.transpose", "stablehlo.convert",
            "stablehlo.concatenate", "stablehlo.slice", "stablehlo.dynamic_slice", "stablehlo.gather",
            "stablehlo.scatter", "stablehlo.select", "stablehlo.compare", "stablehlo.convolution",
            "stablehlo.reduce_window", "stablehlo.iota", "stablehlo.constant", "stablehlo.negate", "stablehlo.abs",
            "stablehlo.sqrt", "stablehlo.power", "stablehlo.clamp", "stablehlo.pad", "stablehlo.reverse",
            "stablehlo.sort", "stablehlo.all_reduce", "stablehlo.all_gather", "stablehlo.reduce_scatter",
            "stablehlo.collective_permute"};

    private final long events;
    private final Shape shape;
    private final long seed;
    private final Values values;

    private SampleTrace(long events, Shape shape, long seed, Values values) {
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0: " + events);
        }
        this.events = events;
        this.shape = shape;
        this.seed = seed;
        this.values = java.util.Objects.requireNonNull(values, "values");
    }

    /** A trace of {@code events} events of the given shape from the given seed. */
    public static SampleTrace of(long events, Shape shape, long seed) {
        return new SampleTrace(events, shape, seed, Values.REPEATING);
    }

    /** A trace of {@code events} events of the given shape and metadata values from the given seed. */
    public static SampleTrace of(long events, Shape shape, long seed, Values values) {
        return new SampleTrace(events, shape, seed, values);
    }

    /** A trace of {@code events} integer-cycle events from {@link #DEFAULT_SEED}. */
    public static SampleTrace of(long events) {
        return new SampleTrace(events, Shape.INT, DEFAULT_SEED, Values.REPEATING);
    }

    /** The number of events. */
    public long events() {
        return events;
    }

    /** The timestamp shape. */
    public Shape shape() {
        return shape;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** How the metadata values behave. */
    public Values values() {
        return values;
    }

    /** The stream header: the current version and the stream metadata described in the class comment. */
    public StreamHeader header() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimator", "tally-sample");
        m.put("model", "toy-transformer-5x10");
        m.put("npus", NPUS);
        m.put("ops", LAYER_OPS.length * 5);
        m.put("shape", shape.name().toLowerCase(java.util.Locale.ROOT));
        m.put("seed", seed);
        if (values == Values.VARYING) {
            m.put("values", "varying");
        }
        return StreamHeader.of(m);
    }

    /** A fresh reader that generates the events as they are read, in constant memory. */
    public EventReader reader() {
        return new Generator();
    }

    /** One op of the model, with everything that repeats across its executions precomputed. */
    private record Op(String[][] eventNamesByNpu, List<Map<String, JsonValue>> withFlops,
            List<Map<String, JsonValue>> withoutFlops) {
    }

    private final class Generator implements EventReader {
        private final SplitMix64 rng = new SplitMix64(seed);
        private final SplitMix64 valueRng = new SplitMix64(seed ^ 0x5DEECE66DL);
        private final Op[] ops;
        private final StreamHeader header = SampleTrace.this.header();
        private final String unit = shape == Shape.INT ? "cycles" : "us";
        private long produced;
        private long clock;
        private int op;
        private int npu;
        private int slot;

        Generator() {
            ops = buildModel();
        }

        private Op[] buildModel() {
            List<Op> list = new ArrayList<>();
            int i = 0;
            for (int layer = 0; layer < 5; layer++) {
                for (String opName : LAYER_OPS) {
                    long flops = 1_000_000 + rng.nextBelow(999_000_001);
                    double energyPerFlop = 0.5 + rng.nextBelow(1501) / 1000.0;
                    boolean fifth = rng.nextBelow(2) == 0;
                    String primaryCounter;
                    String primaryHlo;
                    if (opName.endsWith("softmax") || opName.endsWith("act")) {
                        primaryCounter = "vec_ops";
                        primaryHlo = "stablehlo.exponential";
                    } else if (opName.endsWith("norm")) {
                        primaryCounter = "vec_ops";
                        primaryHlo = "stablehlo.reduce";
                    } else {
                        primaryCounter = "mac_ops";
                        primaryHlo = "stablehlo.dot_general";
                    }
                    String name = "layer" + layer + "." + opName;
                    String[][] names = new String[NPUS][];
                    List<Map<String, JsonValue>> with = new ArrayList<>(NPUS);
                    List<Map<String, JsonValue>> without = new ArrayList<>(NPUS);
                    for (int k = 0; k < NPUS; k++) {
                        List<String> n = new ArrayList<>(List.of("npu" + k + "." + primaryCounter, primaryHlo,
                                "npu" + k + "." + COUNTERS[i % COUNTERS.length], STABLEHLO[i % STABLEHLO.length]));
                        if (fifth) {
                            n.add("npu" + k + "." + COUNTERS[(i + 7) % COUNTERS.length]);
                        }
                        names[k] = n.toArray(String[]::new);
                        double energy = flops * energyPerFlop * (0.9 + 0.025 * k);
                        with.add(metadata(k, name, flops, energy));
                        without.add(metadata(k, name, -1, energy));
                    }
                    list.add(new Op(names, List.copyOf(with), List.copyOf(without)));
                    i++;
                }
            }
            return list.toArray(Op[]::new);
        }

        /** The same keys with flops and energy drawn afresh (from a generator of their own: timestamps stay put). */
        private Map<String, JsonValue> varying(Map<String, JsonValue> base) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> e : base.entrySet()) {
                m.put(e.getKey(), switch (e.getKey()) {
                    case "flops" -> JsonValue.of(1_000_000 + valueRng.nextBelow(999_000_001));
                    case "energy_pj" -> JsonValue.of((1 + valueRng.nextBelow(1L << 52)) / (double) (1L << 52) * 1e9);
                    default -> e.getValue();
                });
            }
            return new JsonValue.ObjectValue(m).members();
        }

        private Map<String, JsonValue> metadata(int k, String opName, long flops, double energy) {
            Map<String, JsonValue> m = new LinkedHashMap<>();
            m.put("npu", JsonValue.of(k));
            m.put("op", JsonValue.of(opName));
            if (flops >= 0) {
                m.put("flops", JsonValue.of(flops));
            }
            m.put("energy_pj", JsonValue.of(energy));
            return new JsonValue.ObjectValue(m).members();
        }

        @Override
        public StreamHeader header() {
            return header;
        }

        @Override
        public CounterEvent next() {
            if (produced == events) {
                return null;
            }
            Op o = ops[op];
            String name = o.eventNamesByNpu()[npu][slot];
            Timestamp ts = nextTimestamp();
            Map<String, JsonValue> meta = rng.nextBelow(4) != 0 ? o.withFlops().get(npu) : o.withoutFlops().get(npu);
            if (values == Values.VARYING) {
                meta = varying(meta);
            }
            CounterEvent e = new CounterEvent(name, ts, unit, meta);
            produced++;
            if (++slot == o.eventNamesByNpu()[npu].length) {
                slot = 0;
                if (++npu == NPUS) {
                    npu = 0;
                    op = (op + 1) % ops.length;
                }
            }
            return e;
        }

        private Timestamp nextTimestamp() {
            clock += rng.nextBelow(501);
            if (shape == Shape.INT) {
                return Timestamp.of(clock);
            }
            if (rng.nextBelow(5) == 0) {
                if (clock % 1000 == 0) {
                    clock++;
                }
                return Timestamp.of(clock / 1000.0);
            }
            clock = (clock + 999) / 1000 * 1000;
            return Timestamp.of(clock / 1000);
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
