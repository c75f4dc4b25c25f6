package io.harnessgym.workspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest harnessgym records. */
public final class Digests {
    private Digests() {}

    /** The SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** {@code sha256:<hex>} of a text's UTF-8 bytes, as records name a digest. */
    public static String text(String text) {
        return "sha256:" + HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code sha256:<hex>} of the first {@code limit} bytes of a file ({@code Long.MAX_VALUE}: all
     * of it), read without following a link.
     */
    public static String file(java.nio.file.Path file, long limit) throws java.io.IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (java.io.InputStream in =
                java.nio.file.Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[64 << 10];
            long left = limit;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                sha.update(buffer, 0, n);
                left -= n;
            }
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    /** The first {@code bytes} bytes of the SHA-256 of a text, in hex (a short stable key). */
    public static String shortKey(String text, int bytes) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)), 0, bytes);
    }
}
