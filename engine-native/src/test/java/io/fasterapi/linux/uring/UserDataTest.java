package io.fasterapi.linux.uring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserDataTest {
    @Test
    void packsAndUnpacksEveryFieldAtItsLimits() {
        int[][] cases = {{0, 0, 0}, {1, 2, 3}, {255, -1, UserData.GENERATION_MASK}, {7, Integer.MAX_VALUE, 1 << 23}};
        for (int[] c : cases) {
            long packed = UserData.pack(c[0], c[1], c[2]);
            assertEquals(c[0], UserData.op(packed));
            assertEquals(c[1], UserData.slot(packed));
            assertEquals(c[2], UserData.generation(packed));
        }
    }

    @Test
    void generationWrapsWithoutTouchingOpOrSlot() {
        long packed = UserData.pack(3, 42, UserData.GENERATION_MASK + 2);
        assertEquals(1, UserData.generation(packed));
        assertEquals(3, UserData.op(packed));
        assertEquals(42, UserData.slot(packed));
    }
}
