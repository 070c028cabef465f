package dev.tally.bench;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares builds of this library in one JVM: each benchmarks jar in a class loader of its own, with the same
 * sample trace, writing each {@link Subject} in alternating rounds. On a shared machine whose speed drifts by a
 * quarter between runs, a change measured this way is compared with its baseline under the same conditions, where
 * two JMH runs made minutes apart are not. A diagnostic for benchmarks/README.md beside JMH, not a benchmark.
 *
 * <p>{@code java --add-opens=java.base/java.nio=ALL-UNNAMED -Xms8g -Xmx14g -XX:+AlwaysPreTouch -cp
 * benchmarks/target/benchmarks.jar dev.tally.bench.CompareBuilds EVENTS SHAPE ROUNDS SUBJECTS BEFORE.jar AFTER.jar
 * [MORE.jar...]}, e.g. {@code 1000000 INT 60 JACKSON_JSON,ARROW_FILE_NONE /tmp/before.jar
 * benchmarks/target/benchmarks.jar}; files go to {@code java.io.tmpdir}. Prints, per jar and subject, the median
 * and quartiles in ms of the rounds after the first third (the warm-up).
 */
public final class CompareBuilds {
    private CompareBuilds() {
    }

    /** One build: its classes, its copy of the trace, and each subject's input. */
    private static final class Build {
        final String name;
        final Object[] subjects;
        final Object[] inputs;
        final Method write;

        Build(String classPath, long events, String shape, String[] subjectNames) throws Exception {
            String[] entries = classPath.split(File.pathSeparator);
            this.name = Path.of(entries[0]).getFileName().toString();
            URL[] urls = new URL[entries.length];
            for (int i = 0; i < entries.length; i++) {
                urls[i] = Path.of(entries[i]).toUri().toURL();
            }
            ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            Class<?> workloads = loader.loadClass("dev.tally.bench.Workloads");
            Class<?> shapes = loader.loadClass("dev.tally.core.sample.SampleTrace$Shape");
            Class<?> subject = loader.loadClass("dev.tally.bench.Subject");
            Class<?> input = loader.loadClass("dev.tally.bench.Subject$Input");
            Object trace = workloads.getMethod("materialise", long.class, shapes, long.class)
                    .invoke(null, events, enumValue(shapes, shape), 42L);
            Method of = input.getMethod("of", trace.getClass(), subject);
            this.write = subject.getMethod("write", input, Path.class);
            this.subjects = new Object[subjectNames.length];
            this.inputs = new Object[subjectNames.length];
            for (int i = 0; i < subjectNames.length; i++) {
                subjects[i] = enumValue(subject, subjectNames[i]);
                inputs[i] = of.invoke(null, trace, subjects[i]);
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumValue(Class<?> type, String name) {
            return Enum.valueOf((Class) type, name);
        }

        /** Writes subject {@code i} to {@code file} (deleted first) and returns the time taken, in ms. */
        double time(int i, Path file) throws Exception {
            Files.deleteIfExists(file);
            long start = System.nanoTime();
            write.invoke(subjects[i], inputs[i], file);
            return (System.nanoTime() - start) / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: CompareBuilds EVENTS SHAPE ROUNDS SUBJECT[,SUBJECT...] JAR [JAR...]");
            System.exit(2);
        }
        run(Long.parseLong(args[0]), args[1], Integer.parseInt(args[2]), args[3].split(","),
                Arrays.asList(args).subList(4, args.length)).forEach(System.out::println);
    }

    /**
     * Runs the comparison: {@code builds} are class paths (a benchmarks jar, or entries separated by the path
     * separator); one line per build and subject.
     */
    static List<String> run(long events, String shape, int rounds, String[] subjects, List<String> builds)
            throws Exception {
        if (rounds < 2) {
            throw new IllegalArgumentException("rounds must be at least 2, not " + rounds);
        }
        List<Build> loaded = new ArrayList<>();
        for (String classPath : builds) {
            loaded.add(new Build(classPath, events, shape, subjects));
        }
        Path dir = Files.createTempDirectory("tally-compare-");
        Path file = dir.resolve("written");
        int warm = rounds / 3;
        double[][][] ms = new double[loaded.size()][subjects.length][rounds - warm];
        try {
            for (int round = 0; round < rounds; round++) {
                for (int b = 0; b < loaded.size(); b++) {
                    for (int s = 0; s < subjects.length; s++) {
                        double t = loaded.get(b).time(s, file);
                        if (round >= warm) {
                            ms[b][s][round - warm] = t;
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        List<String> lines = new ArrayList<>();
        for (int b = 0; b < loaded.size(); b++) {
            for (int s = 0; s < subjects.length; s++) {
                double[] v = ms[b][s];
                Arrays.sort(v);
                lines.add(String.format(java.util.Locale.ROOT, "%-28s %-18s median %8.1f ms  (quartiles %.1f, %.1f)",
                        b + 1 + ". " + loaded.get(b).name, subjects[s], v[v.length / 2], v[v.length / 4],
                        v[3 * v.length / 4]));
            }
        }
        return lines;
    }
}
