package io.harnessgym.text;

/**
 * Makes text that the agent wrote (descriptions, ids, tool names, server output, error messages
 * that quote them) safe to show on a terminal: control characters (C0, DEL, C1) and the Unicode
 * controls that reorder or hide text (bidirectional overrides and isolates, zero-width joiners and
 * marks, the line and paragraph separators) are shown as visible escapes such as {@code \x1b} or
 * {@code \u202e}, so an escape sequence cannot erase or recolour what the user reads, and a newline
 * cannot split a table row or fake a line.
 */
public final class Terminal {
    private Terminal() {}

    /** One cell or value: every control character escaped, newlines and tabs too. */
    public static String clean(String text) {
        return escape(text, false);
    }

    /** Text of several lines (harnessgym's own reports): controls escaped, newlines kept. */
    public static String keepLines(String text) {
        return escape(text, true);
    }

    /** The first line of {@code text} (a parser's message, say); "" for null. */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** One line for an error or a note: runs of white space (newlines too) become one space. */
    public static String line(String text) {
        if (text == null) {
            return "(no message)";
        }
        return clean(text.replaceAll("[\\s\\u0085\\u2028\\u2029]+", " ").strip());
    }

    private static String escape(String text, boolean keepNewlines) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = isUnsafe(c) && !(keepNewlines && c == '\n');
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!unsafe) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else if (c <= 0xff) {
                    out.append(String.format("\\x%02x", (int) c));
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }

    static boolean isUnsafe(char c) {
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
            return true;
        }
        return (c >= 0x200b && c <= 0x200f)
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0xfeff;
    }
}
