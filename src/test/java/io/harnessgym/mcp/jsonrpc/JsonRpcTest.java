package io.harnessgym.mcp.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRpcTest {
    static Peek peek(String json) throws JsonRpc.MalformedMessage {
        return JsonRpc.peek(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toolCallRequest() throws Exception {
        String arguments = "{\"b\":{\"deep\":[1,2,{\"x\":\"y\"}]},\"a\":\"é\"}";
        Peek p =
                peek(
                        "{\"params\":{\"arguments\":"
                                + arguments
                                + ",\"name\":\"run\",\"_meta\":{\"progressToken\":1}},"
                                + "\"method\":\"tools/call\",\"jsonrpc\":\"2.0\",\"id\":17}");

        assertThat(p.kind()).isEqualTo(Peek.Kind.REQUEST);
        assertThat(p.isToolCall()).isTrue();
        assertThat(p.toolName()).isEqualTo("run");
        assertThat(p.argumentKeys()).containsExactly("b", "a");
        assertThat(p.argumentBytes()).isEqualTo(arguments.getBytes(StandardCharsets.UTF_8).length);
        assertThat(p.idKey()).isEqualTo("n:17");
    }

    @Test
    void stringAndNumberIdsAreDifferentKeys() throws Exception {
        assertThat(peek("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"method\":\"ping\"}").idKey())
                .isEqualTo("s:1");
        assertThat(peek("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}").idKey()).isEqualTo("n:1");
    }

    @Test
    void notificationsIncludingCancelAndIdNull() throws Exception {
        Peek cancel =
                peek(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"r9\"}}");
        assertThat(cancel.kind()).isEqualTo(Peek.Kind.NOTIFICATION);
        assertThat(JsonRpc.key(cancel.cancelledId())).isEqualTo("s:r9");
        assertThat(peek("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"x\"}").kind())
                .isEqualTo(Peek.Kind.NOTIFICATION);
    }

    @Test
    void responsesWithResultOrError() throws Exception {
        String result =
                "{\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image\",\"data\":\"\"},{\"type\":\"text\"}],"
                        + "\"isError\":true}";
        Peek ok = peek("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":" + result + "}");
        assertThat(ok.kind()).isEqualTo(Peek.Kind.RESPONSE);
        assertThat(ok.isError()).isTrue();
        assertThat(ok.contentTypes()).containsExactly("text", "image");
        assertThat(ok.resultBytes()).isEqualTo(result.length());

        Peek error =
                peek(
                        "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32602,\"message\":\"Unknown tool\",\"data\":[1]}}");
        assertThat(error.errorCode()).isEqualTo(-32602);
        assertThat(error.errorMessage()).isEqualTo("Unknown tool");

        Peek init =
                peek(
                        "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\"}}");
        assertThat(init.protocolVersion()).isEqualTo("2025-06-18");
    }

    @Test
    void batchesAndNonRpcValues() throws Exception {
        assertThat(peek("[{\"id\":1}]").kind()).isEqualTo(Peek.Kind.BATCH);
        assertThat(peek("\"just a string\"").kind()).isEqualTo(Peek.Kind.INVALID);
        assertThat(peek("{\"jsonrpc\":\"2.0\",\"id\":5}").kind()).isEqualTo(Peek.Kind.INVALID);
    }

    @Test
    void malformedJsonAndTrailingGarbage() {
        assertThatThrownBy(() -> peek("{\"id\":1,")).isInstanceOf(JsonRpc.MalformedMessage.class);
        assertThatThrownBy(() -> peek("{\"id\":1} {}"))
                .hasMessage("trailing content after the JSON value");
    }

    @Test
    void salvagedIds() {
        assertThat(
                        JsonRpc.salvageId(
                                        "{\"jsonrpc\":\"2.0\",\"id\": \"a\\\"b\", \"method\":"
                                                .getBytes(StandardCharsets.UTF_8))
                                .asText())
                .isEqualTo("a\"b");
        assertThat(JsonRpc.salvageId("{\"id\":-12,".getBytes(StandardCharsets.UTF_8)).asLong())
                .isEqualTo(-12);
        assertThat(JsonRpc.salvageId("garbage".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void errorResponsesWithAndWithoutId() {
        assertThat(JsonRpc.errorResponse(null, -32700, "Parse error", null).toString())
                .isEqualTo(
                        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
        assertThat(
                        JsonRpc.errorResponse(
                                        com.fasterxml.jackson.databind.node.TextNode.valueOf("x"),
                                        -1,
                                        "m",
                                        null)
                                .get("id")
                                .asText())
                .isEqualTo("x");
    }
}
