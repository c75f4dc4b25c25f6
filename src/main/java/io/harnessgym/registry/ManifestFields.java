package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.Durations;
import io.harnessgym.text.ShellWords;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed fields of one manifest, read as the Python HarnessGym read them (its spellings, its
 * truthiness, its timeout keys in its order), each problem collected with the manifest's name
 * rather than thrown, so that one parse reports them all.
 */
final class ManifestFields {
    /** A key whose value is a number of seconds, or of milliseconds. */
    record TimeoutKey(JsonNode source, String key, boolean millis) {}

    private final Workspace workspace;
    private final String shownAs;
    final ObjectNode json;
    private final List<String> problems = new ArrayList<>();

    ManifestFields(Workspace workspace, String shownAs, ObjectNode json) {
        this.workspace = workspace;
        this.shownAs = shownAs;
        this.json = json;
    }

    void problem(String message) {
        problems.add(shownAs + ": " + message);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String optionalText(String key) {
        JsonNode value = json.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problem("'" + key + "' must be a string, found " + Json.describe(value));
            return null;
        }
        return value.asText();
    }

    /** A list of scalars as strings (numbers allowed, as the Python tool converted them). */
    List<String> words(JsonNode value, String key) {
        List<String> words = new ArrayList<>();
        if (value == null || value.isNull()) {
            return words;
        }
        if (!value.isArray()) {
            problem("'" + key + "' must be a list of strings, found " + Json.describe(value));
            return words;
        }
        for (JsonNode item : value) {
            if (!item.isValueNode() || item.isNull()) {
                problem("'" + key + "' items must be strings, found " + Json.describe(item));
            } else {
                words.add(item.asText());
            }
        }
        return words;
    }

    /** A workspace-relative directory that must stay inside the workspace, normalised. */
    String confinedDir(JsonNode value, String key, String fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            problem("'" + key + "' must be a string, found " + Json.describe(value));
            return fallback;
        }
        try {
            return workspace.relative(workspace.resolveConfined(value.asText(), "'" + key + "'"));
        } catch (HarnessGymException e) {
            problem(e.getMessage());
            return fallback;
        }
    }

    JsonNode timeoutsObject() {
        JsonNode timeouts = json.get("timeouts");
        if (timeouts != null && !timeouts.isNull() && !timeouts.isObject()) {
            problem("'timeouts' must be an object, found " + Json.describe(timeouts));
            return null;
        }
        return timeouts;
    }

    /**
     * The first key present wins, in the Python tool's order; milliseconds round down to whole
     * seconds, at least 1.
     */
    int timeout(int fallback, TimeoutKey... keys) {
        for (TimeoutKey key : keys) {
            JsonNode value = key.source() == null ? null : key.source().get(key.key());
            if (value == null || value.isNull()) {
                continue;
            }
            String where = (key.source() == json ? "" : "timeouts.") + key.key();
            try {
                long seconds = key.millis() ? Math.max(1, millis(value) / 1000) : seconds(value);
                if (seconds > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("is too large");
                }
                return (int) seconds;
            } catch (IllegalArgumentException e) {
                problem("'" + where + "' " + e.getMessage());
                return fallback;
            }
        }
        return fallback;
    }

    private long seconds(JsonNode value) {
        if (value.isNumber()) {
            long seconds =
                    value.isIntegralNumber() ? value.longValue() : (long) value.doubleValue();
            if (seconds <= 0) {
                throw new IllegalArgumentException(
                        "must be at least 1 second, found " + value.asText());
            }
            return seconds;
        }
        if (value.isTextual()) {
            return Durations.parseSeconds(value.asText());
        }
        throw new IllegalArgumentException(
                "must be a number of seconds, found " + Json.describe(value));
    }

    private long millis(JsonNode value) {
        long ms;
        if (value.isNumber()) {
            ms = value.isIntegralNumber() ? value.longValue() : (long) value.doubleValue();
        } else if (value.isTextual() && value.asText().strip().matches("[0-9]+")) {
            ms = Long.parseLong(value.asText().strip());
        } else {
            throw new IllegalArgumentException(
                    "must be a number of milliseconds, found " + Json.describe(value));
        }
        if (ms <= 0) {
            throw new IllegalArgumentException("must be above 0, found " + value.asText());
        }
        return ms;
    }

    List<String> split(String line, String key) {
        try {
            return ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            problem("'" + key + "': " + e.getMessage());
            return null;
        }
    }

    /**
     * Python truthiness, as the reference tool used it: absent, null, false, 0, "", [] and {} mean
     * "none".
     */
    static boolean isFalsy(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isBoolean()) {
            return !value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() == 0.0;
        }
        if (value.isTextual()) {
            return value.asText().isEmpty();
        }
        return value.isContainerNode() && value.isEmpty();
    }
}
