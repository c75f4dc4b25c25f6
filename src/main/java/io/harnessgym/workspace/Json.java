package io.harnessgym.workspace;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The shared Jackson mapper and tolerant, explicit JSON file IO. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Reads a JSON object from a file. Every failure (missing file, invalid UTF-8, malformed JSON,
     * not an object) becomes a {@link HarnessGymException} naming the file and the problem.
     */
    public static ObjectNode readObject(Path file, Path shownAs) {
        JsonNode node = readTree(file, shownAs);
        if (!node.isObject()) {
            throw HarnessGymException.badInput(shownAs + ": expected a JSON object, found " + describe(node));
        }
        return (ObjectNode) node;
    }

    public static JsonNode readTree(Path file, Path shownAs) {
        String text = readUtf8(file, shownAs);
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw HarnessGymException.badInput(shownAs + ": file is empty, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HarnessGymException.badInput(shownAs + ": not valid JSON: " + oneLine(e), e);
        }
    }

    /** Reads a file as strict UTF-8, with a clear error for a missing file or invalid bytes. */
    public static String readUtf8(Path file, Path shownAs) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw HarnessGymException.badInput(shownAs + ": file not found", e);
        } catch (CharacterCodingException e) {
            throw HarnessGymException.badInput(shownAs + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw HarnessGymException.badInput(shownAs + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Writes pretty JSON atomically, with a trailing newline. */
    public static void writeAtomic(Path file, JsonNode node) {
        try {
            AtomicFiles.writeString(file, MAPPER.writeValueAsString(node) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON for " + file, e);
        }
    }

    public static String compact(JsonNode node) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** A Jackson error as one line: the message without its source excerpt, plus line and column. */
    private static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        if (e instanceof JsonParseException && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return message;
    }
}
