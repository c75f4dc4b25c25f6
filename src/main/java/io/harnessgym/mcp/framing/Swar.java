package io.harnessgym.mcp.framing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time ("SIMD within a register"): the proxy scans every message for
 * line breaks, and a 256 KiB message should not cost a byte-by-byte loop each time.
 */
final class Swar {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long RETURNS = 0x0d0d0d0d0d0d0d0dL;

    private Swar() {}

    /** Non-zero when some byte of {@code word} is zero. */
    private static long zeroByte(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    static int indexOfNewline(byte[] array, int from, int to) {
        int i = from;
        while (i + 8 <= to && zeroByte((long) LONGS.get(array, i) ^ NEWLINES) == 0) {
            i += 8;
        }
        for (; i < to; i++) {
            if (array[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static boolean containsLineBreak(byte[] array) {
        int i = 0;
        int n = array.length;
        while (i + 8 <= n) {
            long word = (long) LONGS.get(array, i);
            if ((zeroByte(word ^ NEWLINES) | zeroByte(word ^ RETURNS)) != 0) {
                break;
            }
            i += 8;
        }
        for (; i < n; i++) {
            if (array[i] == '\n' || array[i] == '\r') {
                return true;
            }
        }
        return false;
    }
}
