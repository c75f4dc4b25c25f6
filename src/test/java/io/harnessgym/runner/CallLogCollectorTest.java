package io.harnessgym.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.telemetry.CallLog;
import io.harnessgym.mcp.telemetry.CallLogCollector;
import io.harnessgym.mcp.telemetry.Scope;
import io.harnessgym.mcp.telemetry.SocketCallSink;
import io.harnessgym.testing.Files2;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector that logs for proxies run as the agent's user: what it takes, what it refuses. */
class CallLogCollectorTest {
    @TempDir Path dir;

    @Test
    void itAdmitsLogsWithItsOwnScopeAndRefusesForgedLines() throws Exception {
        Path log = dir.resolve("calls.jsonl");
        String me = System.getProperty("user.name");
        try (CallLogCollector collector =
                new CallLogCollector(
                        dir.resolve("c.sock"),
                        new CallLog(log),
                        me,
                        new Scope("run", "3", "attempt", "t"),
                        hello ->
                                hello.server().equals("good")
                                        ? Optional.empty()
                                        : Optional.of("not qualified"))) {
            try (SocketCallSink good =
                    new SocketCallSink(
                            collector.socket(), new PrintStream(OutputStream.nullOutputStream()))) {
                assertThat(good.admission("good", dir.resolve("m.json"), null)).isEmpty();
                good.submit(
                        new io.harnessgym.mcp.telemetry.CallEvent(
                                "a",
                                "b",
                                "good",
                                null,
                                "echo",
                                List.of(),
                                1,
                                1,
                                List.of("text"),
                                false,
                                null,
                                "",
                                1.0,
                                io.harnessgym.mcp.telemetry.CallStatus.COMPLETED,
                                new Scope("forged-run", "99", "build", "x"),
                                "ndjson",
                                1,
                                "bubblewrap"));
            }
            try (SocketCallSink bad =
                    new SocketCallSink(
                            collector.socket(), new PrintStream(OutputStream.nullOutputStream()))) {
                assertThat(bad.admission("other", dir.resolve("m.json"), null))
                        .contains("not qualified");
            }
            // A peer that forges lines: garbage, and a record for another server.
            try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                raw.connect(UnixDomainSocketAddress.of(collector.socket()));
                OutputStream out = Channels.newOutputStream(raw);
                out.write(
                        ("{\"hello\":{\"server\":\"good\",\"manifest\":\"m\"}}\nnot json\n"
                                        + "{\"server\":\"evil\",\"tool_name\":\"x\",\"status\":\"completed\"}\n")
                                .getBytes(StandardCharsets.UTF_8));
                out.flush();
                raw.shutdownOutput();
                Channels.newInputStream(raw).readAllBytes();
            }
            Thread.sleep(200);
            assertThat(collector.rejected()).isEqualTo(2);
        }
        List<JsonNode> lines = Files2.jsonLines(log);
        assertThat(lines)
                .singleElement()
                .satisfies(
                        line -> {
                            assertThat(line.path("run_id").asText()).isEqualTo("run");
                            assertThat(line.path("iteration").asText()).isEqualTo("3");
                            assertThat(line.path("phase").asText()).isEqualTo("attempt");
                            assertThat(line.path("via").asText()).isEqualTo("socket");
                        });
    }

    @Test
    void aPeerOfAnotherUserIsNotHeard() throws Exception {
        Path log = dir.resolve("calls.jsonl");
        try (CallLogCollector collector =
                new CallLogCollector(
                        dir.resolve("c.sock"),
                        new CallLog(log),
                        "somebody-else",
                        Scope.NONE,
                        hello -> Optional.empty())) {
            try (SocketCallSink sink =
                    new SocketCallSink(
                            collector.socket(), new PrintStream(OutputStream.nullOutputStream()))) {
                assertThat(sink.admission("good", dir.resolve("m.json"), null)).isPresent();
            }
            Thread.sleep(200);
            assertThat(collector.rejected()).isEqualTo(1);
        }
        assertThat(log).doesNotExist();
    }
}
