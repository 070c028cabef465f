package dev.tally.arrow;

import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh allocator and folder per test; closing the allocator after the test fails it on any leaked buffer. */
abstract class AllocatorTest {
    @TempDir
    Path tmp;
    BufferAllocator allocator;

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void closeAllocatorFailingOnLeaks() {
        allocator.close(); // throws IllegalStateException naming the leaked buffers
    }
}
