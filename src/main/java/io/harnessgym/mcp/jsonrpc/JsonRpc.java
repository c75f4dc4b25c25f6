package io.harnessgym.mcp.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON-RPC 2.0 on Jackson: a streaming peek, id keys, and the error responses we send. */
public final class JsonRpc {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    /** Server error range: the server exited, or did not answer in time. */
    public static final int SERVER_GONE = -32000;

    public static final int REQUEST_TIMEOUT = -32001;

    /** The proxy refused to run the server (quarantined, or changed since activation). */
    public static final int SERVER_REFUSED = -32002;

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    private static final Pattern ID =
            Pattern.compile("\"id\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+)");

    private JsonRpc() {}

    /** Thrown for bytes that are not JSON at all. */
    public static final class MalformedMessage extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedMessage(String message) {
            super(message);
        }
    }

    /** A key that tells {@code 1} from {@code "1"}, for correlating requests and responses. */
    public static String key(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        return (id.isTextual() ? "s:" : "n:") + id.asText();
    }

    public static Peek peek(byte[] message) throws MalformedMessage {
        try (JsonParser parser = FACTORY.createParser(message)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                parser.skipChildren();
                requireEnd(parser);
                return invalid(Peek.Kind.BATCH, null);
            }
            if (first != JsonToken.START_OBJECT) {
                parser.skipChildren();
                requireEnd(parser);
                return invalid(Peek.Kind.INVALID, null);
            }
            return new PeekReader(parser).read();
        } catch (MalformedMessage e) {
            throw e;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            int cut = reason.indexOf('\n');
            throw new MalformedMessage(cut > 0 ? reason.substring(0, cut) : reason);
        }
    }

    private static void requireEnd(JsonParser parser) throws IOException, MalformedMessage {
        if (parser.nextToken() != null) {
            throw new MalformedMessage("trailing content after the JSON value");
        }
    }

    private static Peek invalid(Peek.Kind kind, JsonNode id) {
        return new Peek(
                kind, id, null, null, List.of(), 0, null, null, null, List.of(), 0, null, null);
    }

    /** The id of a message that did not parse, when one can still be seen in its text. */
    public static JsonNode salvageId(byte[] message) {
        String head =
                new String(message, 0, Math.min(message.length, 4096), StandardCharsets.UTF_8);
        Matcher matcher = ID.matcher(head);
        if (!matcher.find()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(matcher.group(1));
        } catch (IOException e) {
            return null;
        }
    }

    public static ObjectNode errorResponse(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode response = Json.object();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? NullNode.getInstance() : id.deepCopy());
        ObjectNode error = response.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return response;
    }

    public static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode message = Json.object();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    public static ObjectNode request(JsonNode id, String method, ObjectNode params) {
        ObjectNode message = notification(method, params);
        message.set("id", id);
        return message;
    }

    /** Reads one top-level object field by field, skipping what it does not need. */
    private static final class PeekReader {
        private final JsonParser parser;
        private JsonNode id;
        private boolean hasId;
        private String method;
        private boolean hasResult;
        private boolean hasError;
        private String toolName;
        private final List<String> argumentKeys = new ArrayList<>();
        private long argumentBytes;
        private JsonNode cancelledId;
        private String protocolVersion;
        private Boolean isError;
        private final List<String> contentTypes = new ArrayList<>();
        private long resultBytes;
        private Integer errorCode;
        private String errorMessage;

        PeekReader(JsonParser parser) {
            this.parser = parser;
        }

        Peek read() throws IOException, MalformedMessage {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        hasId = true;
                        id = scalar(value);
                    }
                    case "method" ->
                            method = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "params" -> params(value);
                    case "result" -> {
                        hasResult = true;
                        result(value);
                    }
                    case "error" -> {
                        hasError = true;
                        error(value);
                    }
                    default -> parser.skipChildren();
                }
            }
            requireEnd(parser);
            Peek.Kind kind;
            if (method != null) {
                kind = hasId && id != null ? Peek.Kind.REQUEST : Peek.Kind.NOTIFICATION;
            } else if ((hasResult || hasError) && hasId) {
                kind = Peek.Kind.RESPONSE;
            } else {
                kind = Peek.Kind.INVALID;
            }
            return new Peek(
                    kind,
                    id,
                    method,
                    toolName,
                    List.copyOf(argumentKeys),
                    argumentBytes,
                    cancelledId,
                    protocolVersion,
                    isError,
                    List.copyOf(contentTypes),
                    resultBytes,
                    errorCode,
                    errorMessage);
        }

        private JsonNode scalar(JsonToken token) throws IOException {
            return switch (token) {
                case VALUE_STRING -> Json.MAPPER.getNodeFactory().textNode(parser.getText());
                case VALUE_NUMBER_INT ->
                        Json.MAPPER.getNodeFactory().numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT ->
                        Json.MAPPER.getNodeFactory().numberNode(parser.getDecimalValue());
                default -> {
                    parser.skipChildren();
                    yield null;
                }
            };
        }

        private void params(JsonToken token) throws IOException {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "name" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            toolName = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "arguments" -> arguments(value);
                    case "requestId" -> cancelledId = scalar(value);
                    case "protocolVersion" -> protocolVersion = text(value);
                    default -> parser.skipChildren();
                }
            }
        }

        private void arguments(JsonToken token) throws IOException {
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    argumentKeys.add(parser.currentName());
                    parser.nextToken();
                    parser.skipChildren();
                }
            } else {
                parser.skipChildren();
            }
            argumentBytes = parser.currentLocation().getByteOffset() - start;
        }

        private void result(JsonToken token) throws IOException {
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "isError" ->
                                isError =
                                        value == JsonToken.VALUE_TRUE
                                                ? Boolean.TRUE
                                                : value == JsonToken.VALUE_FALSE
                                                        ? Boolean.FALSE
                                                        : null;
                        case "content" -> content(value);
                        case "protocolVersion" -> protocolVersion = text(value);
                        default -> parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
            resultBytes = parser.currentLocation().getByteOffset() - start;
        }

        private void content(JsonToken token) throws IOException {
            if (token != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("type") && value == JsonToken.VALUE_STRING) {
                        String type = parser.getText();
                        if (!contentTypes.contains(type)) {
                            contentTypes.add(type);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }

        private void error(JsonToken token) throws IOException {
            long start = parser.currentTokenLocation().getByteOffset();
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("code") && value == JsonToken.VALUE_NUMBER_INT) {
                        errorCode = parser.getIntValue();
                    } else if (field.equals("message") && value == JsonToken.VALUE_STRING) {
                        errorMessage = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
            resultBytes = parser.currentLocation().getByteOffset() - start;
        }

        private String text(JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
            return null;
        }
    }
}
