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
    /**
     * One mapper, one naming policy: records are written and read with snake_case keys (as the
     * Python formats use) and enums in lower case. Jackson's default cap of 20 M characters per
     * string is lifted: a valid registry with one long description is valid.
     */
    public static final ObjectMapper MAPPER =
            JsonMapper.builder(
                            com.fasterxml.jackson.core.JsonFactory.builder()
                                    .streamReadConstraints(
                                            com.fasterxml.jackson.core.StreamReadConstraints
                                                    .builder()
                                                    .maxStringLength(Integer.MAX_VALUE)
                                                    .build())
                                    .build())
                    .propertyNamingStrategy(
                            com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .enable(com.fasterxml.jackson.databind.cfg.EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                    .enable(
                            com.fasterxml.jackson.databind.MapperFeature
                                    .ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .disable(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .defaultPrettyPrinter(pythonStylePrinter())
                    .build();

    /**
     * Python's {@code json.dumps(indent=2)} layout, so files we rewrite diff cleanly against
     * Python-written ones.
     */
    private static com.fasterxml.jackson.core.PrettyPrinter pythonStylePrinter() {
        com.fasterxml.jackson.core.util.DefaultIndenter indenter =
                new com.fasterxml.jackson.core.util.DefaultIndenter("  ", "\n");
        com.fasterxml.jackson.core.util.Separators separators =
                com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(
                                com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator("");
        com.fasterxml.jackson.core.util.DefaultPrettyPrinter printer =
                new com.fasterxml.jackson.core.util.DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

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
            throw HarnessGymException.badInput(
                    shownAs + ": expected a JSON object, found " + describe(node));
        }
        return (ObjectNode) node;
    }

    public static JsonNode readTree(Path file, Path shownAs) {
        byte[] bytes = readBytes(file, shownAs);
        requireUtf8(bytes, shownAs);
        try {
            // From bytes, so that Jackson's UTF-8 parser does the decoding in one pass.
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw HarnessGymException.badInput(shownAs + ": file is empty, expected JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HarnessGymException.badInput(shownAs + ": not valid JSON: " + oneLine(e), e);
        } catch (IOException e) {
            throw HarnessGymException.badInput(shownAs + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * A record harnessgym wrote ({@code what}: "a run state", ...), bound by Jackson; a file that
     * does not bind is a {@link HarnessGymException} naming it.
     */
    public static <T> T readRecord(Path file, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(readTree(file, file), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw HarnessGymException.badInput(
                    file + " is not " + what + " harnessgym wrote: " + e.getMessage(), e);
        }
    }

    /** Reads a file as strict UTF-8, with a clear error for a missing file or invalid bytes. */
    public static String readUtf8(Path file, Path shownAs) {
        return decodeUtf8(readBytes(file, shownAs), shownAs);
    }

    private static byte[] readBytes(Path file, Path shownAs) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw HarnessGymException.badInput(shownAs + ": file not found", e);
        } catch (IOException e) {
            throw HarnessGymException.badInput(shownAs + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Plain ASCII, the common case, needs no decoder; anything else is checked strictly. */
    private static void requireUtf8(byte[] bytes, Path shownAs) {
        for (byte b : bytes) {
            if (b < 0) {
                decodeUtf8(bytes, shownAs);
                return;
            }
        }
    }

    private static String decodeUtf8(byte[] bytes, Path shownAs) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HarnessGymException.badInput(shownAs + ": not valid UTF-8", e);
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
            return MAPPER.writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node);
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

    /** A small JSON object someone else wrote (an agent's claims), or why it was ignored. */
    public record Claimed(ObjectNode value, String problem) {}

    /**
     * Reads a JSON object of at most {@code maxBytes} that an agent wrote ({@code shownAs} names it
     * in the problem): missing is an empty object and no problem; a link or folder, a file over the
     * cap, invalid JSON or not an object is an empty object and a problem. Never throws.
     */
    public static Claimed readClaimed(Path file, int maxBytes, String shownAs) {
        java.nio.file.LinkOption nofollow = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        if (!Files.exists(file, nofollow)) {
            return new Claimed(object(), null);
        }
        if (!Files.isRegularFile(file, nofollow)) {
            return new Claimed(
                    object(),
                    shownAs + " is not a regular file (a link or a folder); it was ignored");
        }
        byte[] bytes;
        try (java.io.InputStream in = Files.newInputStream(file, nofollow)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            return new Claimed(object(), shownAs + " could not be read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            return new Claimed(
                    object(), shownAs + " is over " + (maxBytes >> 20) + " MiB; it was ignored");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Claimed(object(), shownAs + " is not valid JSON; it was ignored");
        }
        if (node == null || !node.isObject()) {
            return new Claimed(object(), shownAs + " is not a JSON object; it was ignored");
        }
        return new Claimed((ObjectNode) node, null);
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

    /**
     * A Jackson error as one line: the message without its source excerpt, plus line and column.
     */
    private static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        if (e.getLocation() != null) {
            message +=
                    " (line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr()
                            + ")";
        }
        if (e instanceof JsonParseException && message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return message;
    }

    /**
     * Initialises Jackson (its mapper's class initialisation is a large part of a cold start) on a
     * daemon thread, so that it runs on the second core while the main thread does other start-up
     * work; {@code more} adds the caller's own warm-up. Failures are ignored: it is only a warm-up.
     */
    public static void warmUpInBackground(String threadName, Runnable more) {
        Thread warm =
                new Thread(
                        () -> {
                            try {
                                compact(MAPPER.readTree("{\"a\":[1,\"b\",{\"c\":null}]}"));
                                more.run();
                            } catch (Exception | LinkageError ignored) {
                                // Only a warm-up; the real use reports any problem.
                            }
                        },
                        threadName);
        warm.setDaemon(true);
        warm.start();
    }
}
