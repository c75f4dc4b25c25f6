package io.harnessgym.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the front matter most skills have, one {@code key: plain words} per line, without starting
 * a YAML parser (SnakeYAML costs about 0.2 ms a document even when warm, and a bundle has
 * hundreds). It accepts only text whose YAML meaning is certain: ASCII keys, values that start with
 * a letter and contain no YAML indicator, no value YAML would read as a boolean or null, no
 * duplicate key. For anything else it answers null and the caller uses the real parser, so the
 * result is always what the YAML parser would have produced ({@code PlainFrontMatterTest} compares
 * the two).
 */
final class PlainFrontMatter {
    /** Words YAML 1.1 or 1.2 reads as booleans or null, in any case. */
    private static final Set<String> SPECIAL =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    private PlainFrontMatter() {}

    /**
     * The mapping, or null when the text is not of the plain form (the YAML parser decides then).
     */
    static ObjectNode parse(String yaml) {
        ObjectNode mapping = JsonNodeFactory.instance.objectNode();
        int start = 0;
        while (start <= yaml.length()) {
            int end = yaml.indexOf('\n', start);
            if (end < 0) {
                end = yaml.length();
            }
            if (!addLine(yaml, start, end, mapping)) {
                return null;
            }
            start = end + 1;
        }
        return mapping.isEmpty() ? null : mapping;
    }

    private static boolean addLine(String yaml, int start, int end, ObjectNode mapping) {
        if (isBlank(yaml, start, end)) {
            return true;
        }
        int colon = start;
        while (colon < end && isKeyChar(yaml.charAt(colon), colon == start)) {
            colon++;
        }
        if (colon == start
                || colon + 1 >= end
                || yaml.charAt(colon) != ':'
                || yaml.charAt(colon + 1) != ' ') {
            return false;
        }
        String key = yaml.substring(start, colon);
        String value = yaml.substring(colon + 2, end).strip();
        if (mapping.has(key) || !isPlainWords(value)) {
            return false;
        }
        mapping.put(key, value);
        return true;
    }

    private static boolean isBlank(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || !first && (c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    /**
     * Starts with a letter; letters, digits, spaces and {@code _ . , ( ) ' / -} only; not a special
     * word.
     */
    private static boolean isPlainWords(String value) {
        if (value.isEmpty() || !Character.isLetter(value.charAt(0)) || value.charAt(0) > 127) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed =
                    c >= 'a' && c <= 'z'
                            || c >= 'A' && c <= 'Z'
                            || c >= '0' && c <= '9'
                            || c == ' '
                            || c == '_'
                            || c == '.'
                            || c == ','
                            || c == '('
                            || c == ')'
                            || c == '\''
                            || c == '/'
                            || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return !SPECIAL.contains(value.toLowerCase(Locale.ROOT));
    }
}
