package io.harnessgym.mcp.framing;

/** A strict UTF-8 check with an ASCII fast path (most JSON-RPC traffic is ASCII). */
public final class Utf8 {
    private Utf8() {}

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                    long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    public static void requireValid(byte[] bytes) throws FramingException {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            // Eight ASCII bytes at a time; most JSON-RPC traffic never leaves this loop.
            while (i + 8 <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int extra;
            int min;
            if (lead >= 0xc2 && lead <= 0xdf) {
                extra = 1;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                extra = 2;
                min = 0x800;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                extra = 3;
                min = 0x10000;
            } else {
                throw invalid(i);
            }
            int code = lead & (0x3f >> extra);
            for (int k = 1; k <= extra; k++) {
                if (i + k >= n) {
                    throw invalid(i);
                }
                int cont = bytes[i + k] & 0xff;
                if ((cont & 0xc0) != 0x80) {
                    throw invalid(i);
                }
                code = (code << 6) | (cont & 0x3f);
            }
            if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
                throw invalid(i);
            }
            i += extra + 1;
        }
    }

    private static FramingException invalid(int offset) {
        return new FramingException(
                "message is not valid UTF-8 (bad byte at offset " + offset + ")", true);
    }
}
