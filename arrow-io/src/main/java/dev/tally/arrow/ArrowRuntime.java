package dev.tally.arrow;

import java.nio.ByteBuffer;

/** Checks, once, that the JVM lets Arrow's memory module work, and says how to fix it when not. */
final class ArrowRuntime {
    private static volatile boolean checked;

    private ArrowRuntime() {
    }

    static void check() {
        if (checked) {
            return;
        }
        if (!ByteBuffer.class.getModule().isOpen("java.nio", ArrowRuntime.class.getModule())) {
            throw new IllegalStateException("Arrow needs java.nio opened to it: run Java with "
                    + "--add-opens=java.base/java.nio=ALL-UNNAMED (an executable jar can say Add-Opens: java.base/java.nio "
                    + "in its manifest)");
        }
        checked = true;
    }
}
