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

    public FramingException(String message, boolean recoverable) {
        super(message);
        this.recoverable = recoverable;
    }

    public boolean recoverable() {
        return recoverable;
    }
}
