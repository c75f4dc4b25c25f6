package io.harnessgym.mcp.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.harnessgym.workspace.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The call-log line written token by token is byte for byte the line Jackson writes by binding the
 * record, for every shape a field can take: the log's format does not depend on which writer ran.
 */
class CallEventTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static CallEvent event(
            JsonNode id,
            Boolean isError,
            Integer errorCode,
            String errorMessage,
            double durationMs,
            CallStatus status,
            Scope scope,
            List<String> keys) {
        return new CallEvent(
                "2026-12-03T14:00:00.123456Z",
                "2026-12-03T14:00:00.223456Z",
                "sérveur \"quoted\"\n",
                id,
                "tool\u2028name",
                keys,
                17,
                4096,
                List.of("text", "image", "text"),
                isError,
                errorCode,
                errorMessage,
                durationMs,
                status,
                scope,
                "content-length",
                4242,
                "bubblewrap");
    }

    @Test
    void theStreamedLineIsTheBoundLine() throws Exception {
        List<JsonNode> ids =
                List.of(
                        NODES.numberNode(7),
                        NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(new BigInteger("123456789012345678901234567890")),
                        NODES.numberNode(1.5),
                        NODES.textNode("id-ünïcødé-\u0000"),
                        NODES.nullNode());
        List<CallEvent> events = new ArrayList<>();
        for (JsonNode id : ids) {
            events.add(
                    event(
                            id,
                            false,
                            null,
                            null,
                            0.0004,
                            CallStatus.COMPLETED,
                            Scope.NONE,
                            List.of("b", "a")));
        }
        events.add(
                event(
                        null,
                        null,
                        -32000,
                        "x".repeat(900),
                        1e8 + 0.123,
                        CallStatus.ERROR,
                        new Scope("run-1", "2", "attempt", "plain-0"),
                        List.of()));
        events.add(
                event(
                        NODES.numberNode(3),
                        true,
                        null,
                        "line\nbreak\ttab",
                        12.3456789,
                        CallStatus.TOOL_ERROR,
                        new Scope(null, null, null, null),
                        List.of("z", "é", "a")));
        for (CallStatus status : CallStatus.values()) {
            events.add(
                    event(
                            NODES.textNode("s"),
                            null,
                            null,
                            "",
                            1,
                            status,
                            Scope.NONE,
                            List.of("k")));
        }
        for (CallEvent event : events) {
            String streamed = new String(event.toLineBytes(), StandardCharsets.UTF_8);
            assertEquals(new String(event.boundLineBytes(), StandardCharsets.UTF_8), streamed);
            assertTrue(streamed.endsWith("}\n") && streamed.indexOf('\n') == streamed.length() - 1);
            assertEquals(22, Json.MAPPER.readTree(streamed).size(), streamed);
        }
    }
}
