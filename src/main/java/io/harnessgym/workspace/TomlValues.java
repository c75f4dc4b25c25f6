package io.harnessgym.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * TOML values for {@code codex -c key=value} overrides: every scalar (and every key, quoted) is
 * written by Jackson's TOML writer; objects become inline tables and arrays inline arrays, so
 * nothing an artifact or a path contains can change the structure. The result is parsed back before
 * it is returned.
 */
public final class TomlValues {
    private static final TomlMapper TOML = new TomlMapper();

    private TomlValues() {}

    /** {@code value} as one TOML value (an inline table for an object). */
    public static String of(JsonNode value) {
        String text = write(value);
        requireParses(text);
        return text;
    }

    /** {@code key=value} for {@code -c}, the key a dotted path of bare keys. */
    public static String override(String dottedKey, JsonNode value) {
        for (String part : dottedKey.split("\\.", -1)) {
            if (!part.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("not a bare TOML key: " + part);
            }
        }
        return dottedKey + "=" + of(value);
    }

    private static String write(JsonNode value) {
        if (value.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(
                        scalar(TextNode.valueOf(field.getKey())) + "=" + write(field.getValue()));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(write(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return scalar(value);
    }

    /** One scalar as Jackson writes it: it writes {@code v = <value>}, and the value follows. */
    private static String scalar(JsonNode value) {
        ObjectNode holder = Json.object();
        holder.set("v", value);
        try {
            String line = TOML.writeValueAsString(holder).strip();
            return line.substring(line.indexOf('=') + 1).strip();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write TOML", e);
        }
    }

    private static void requireParses(String value) {
        try {
            TOML.readTree("v = " + value + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("harnessgym wrote an invalid TOML value: " + value, e);
        }
    }
}
