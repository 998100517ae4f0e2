package io.fasterapi.linux.uring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoUringTest {
    @Test
    void probeEitherWorksOrSaysWhy() {
        if (IoUring.isAvailable()) {
            assertTrue(IoUring.describe().startsWith("io_uring on kernel"), IoUring.describe());
            IoUring.ensureAvailability();
        } else {
            String reason = IoUring.unavailabilityCause().getMessage();
            assertFalse(reason.isBlank());
            assertTrue(IoUring.describe().contains(reason));
        }
    }

    @Test
    void kernelVersionsParse() {
        assertArrayEquals(new int[] {6, 18}, IoUring.parseKernelVersion("6.18.44-fc-v657"));
        assertArrayEquals(new int[] {5, 15}, IoUring.parseKernelVersion("5.15.0-91-generic"));
        assertArrayEquals(new int[] {0, 0}, IoUring.parseKernelVersion("unknown"));
    }
}
