package io.harnessgym.mcp.framing;

import java.io.IOException;

/**
 * A message that could not be read. When {@code recoverable}, the stream is positioned after the
 * bad message and reading may go on (an oversized or non-UTF-8 message); otherwise the stream is
 * lost.
 */
public class FramingException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean recoverable;
    private final transient byte[] unreadable;

    public FramingException(String message, boolean recoverable) {
        this(message, recoverable, null);
    }

    /** {@code unreadable}: the message that was skipped (for salvaging its id), or null. */
    public FramingException(String message, boolean recoverable, byte[] unreadable) {
        super(message);
        this.recoverable = recoverable;
        this.unreadable = unreadable;
    }

    /** The skipped message's bytes when they were read whole, else null. */
    public byte[] unreadable() {
        return unreadable;
    }

    public boolean recoverable() {
        return recoverable;
    }
}
