package io.fasterapi.linux.uring;

/** Receives completions from {@link CompletionQueue#process}; allocation-free by design. */
@FunctionalInterface
public interface CompletionHandler {
    /**
     * One CQE. {@code res} is the operation's result or {@code -errno}; {@code flags} the {@code IORING_CQE_F_*}
     * bits (with the buffer id in the upper 16 bits when {@code IORING_CQE_F_BUFFER} is set).
     */
    void complete(long userData, int res, int flags);
}
