package io.fasterapi.linux.uring;

/**
 * Packs and unpacks the 64-bit {@code user_data} of SQEs and CQEs:
 * <pre>
 *  63      56 55                   32 31                                0
 * +----------+-----------------------+-----------------------------------+
 * |    op    |  generation (24 bits) |        slot (32 bits)             |
 * +----------+-----------------------+-----------------------------------+
 * </pre>
 * {@code op} says which operation completed, {@code slot} which connection (or other owner) it belongs to,
 * and {@code generation} which use of that slot: a completion that arrives after its connection closed and
 * the slot was reused carries an old generation and is dropped.
 */
public final class UserData {
    /** Generations wrap at 2^24. */
    public static final int GENERATION_MASK = (1 << 24) - 1;

    private UserData() {}

    public static long pack(int op, int slot, int generation) {
        return ((long) (op & 0xFF) << 56) | ((long) (generation & GENERATION_MASK) << 32) | (slot & 0xFFFF_FFFFL);
    }

    public static int op(long userData) {
        return (int) (userData >>> 56);
    }

    public static int generation(long userData) {
        return (int) (userData >>> 32) & GENERATION_MASK;
    }

    public static int slot(long userData) {
        return (int) userData;
    }
}
