package io.harnessgym.runner;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A session id in an agent's plain-text output, as the Python tool found it: {@code session id: X}
 * (any case; {@code _}, {@code -} or a space; {@code :} or {@code =}), else the first UUID.
 */
public final class SessionIds {
    private static final Pattern LABELLED =
            Pattern.compile("(?i)session[ _-]?id\\s*[:=]\\s*([A-Za-z0-9_.:-]+)");
    private static final Pattern UUID =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private SessionIds() {}

    /** The session id in {@code text}, or null. */
    public static String fromText(String text) {
        if (text == null) {
            return null;
        }
        Matcher labelled = LABELLED.matcher(text);
        if (labelled.find()) {
            return labelled.group(1);
        }
        Matcher uuid = UUID.matcher(text);
        return uuid.find() ? uuid.group() : null;
    }
}
