package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.proxy.ProxyHost;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.Survivors;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy as agents run it: the launcher and the shaded jar, many sessions at once, one call log.
 */
class ProxyJarIT {
    static final Path LAUNCHER = Path.of("bin/harnessgym").toAbsolutePath();

    @TempDir Path ws;

    @TempDir Path stderr;

    /** One agent session: initialize, then {@code calls} echo calls, then stdin closed. */
    int session(int number, int calls, String... extraArgs) throws Exception {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                LAUNCHER.toString(),
                                "mcp",
                                "proxy",
                                "--workspace",
                                ws.toString(),
                                "--manifest",
                                ".harnessgym/mcp/t/mcp.json"));
        argv.addAll(List.of(extraArgs));
        Process proxy =
                new ProcessBuilder(argv)
                        .redirectError(stderr.resolve("proxy-" + number + ".txt").toFile())
                        .start();
        MessageWriter out = new MessageWriter(proxy.getOutputStream(), Framing.NDJSON);
        MessageReader in = new MessageReader(proxy.getInputStream(), Framing.NDJSON, 1 << 20);
        out.write(
                ("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"s"
                                + number
                                + "\",\"version\":\"1\"}}}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(Json.MAPPER.readTree(in.read()).has("result")).isTrue();
        for (int i = 1; i <= calls; i++) {
            out.write(
                    ("{\"jsonrpc\":\"2.0\",\"id\":"
                                    + i
                                    + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                                    + "\"arguments\":{\"text\":\"session "
                                    + number
                                    + " call "
                                    + i
                                    + "\"}}}")
                            .getBytes(StandardCharsets.UTF_8));
            JsonNode response = Json.MAPPER.readTree(in.read());
            assertThat(response.get("id").asInt()).isEqualTo(i);
        }
        out.close();
        assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return proxy.exitValue();
    }

    /** A proxy-host folder as a host makes it: its control FIFO, and {@code pid} as the host's. */
    static Path hostFolder(Path state, long pid) throws Exception {
        Path host = Files.createDirectories(state.resolve(ProxyHost.DIR));
        Process mkfifo = new ProcessBuilder("mkfifo", host.resolve("control").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.writeString(host.resolve("pid"), pid + "\n");
        return host;
    }

    @Test
    void aProxyHostFolderWhoseHostIsGoneIsPassedByAndTheJvmProxyServes() throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        Path state = TestState.of(ws).ensure();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path host = hostFolder(state, gone.pid());

        assertThat(session(0, 3, "--state-dir", state.toString()))
                .as("stderr: %s", Files.readString(stderr.resolve("proxy-0.txt")))
                .isZero();
        List<String> lines = Files.readAllLines(TestState.callLog(ws));
        assertThat(lines).hasSize(3);
        try (var left = Files.list(host)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the launcher made no pipes for a host that is not there")
                    .containsExactlyInAnyOrder("control", "pid");
        }
    }

    @Test
    void aProxyHostThatDiesBeforeAnsweringLeavesTheLauncherToTheJvmProxy() throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        Path state = TestState.of(ws).ensure();
        Process dying = new ProcessBuilder("sleep", "120").start();
        Path host = hostFolder(state, dying.pid());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> session =
                    pool.submit(() -> session(0, 3, "--state-dir", state.toString()));
            // Play the host up to the moment it would answer: take the launcher's request, then
            // die.
            try (var control =
                    new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                    Files.newInputStream(host.resolve("control")),
                                    StandardCharsets.US_ASCII))) {
                assertThat(control.readLine()).matches("[0-9]+");
            }
            dying.destroyForcibly().waitFor();

            assertThat(session.get(60, TimeUnit.SECONDS))
                    .as("stderr: %s", Files.readString(stderr.resolve("proxy-0.txt")))
                    .isZero();
        } finally {
            pool.shutdownNow();
            dying.destroyForcibly();
        }
        assertThat(Files.readAllLines(TestState.callLog(ws))).hasSize(3);
        try (var left = Files.list(host)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("the launcher removed the pipes it made")
                    .containsExactlyInAnyOrder("control", "pid");
        }
        assertThat(Survivors.of(ws.toString())).as("no launcher process is left behind").isEmpty();
    }

    @Test
    void manyProxiesAtOnceWriteEveryCallToOneLog() throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> sessions = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            int number = s;
            sessions.add(pool.submit(() -> session(number, 40)));
        }
        for (Future<Integer> session : sessions) {
            assertThat(session.get(120, TimeUnit.SECONDS)).isZero();
        }
        pool.shutdown();

        List<String> lines = Files.readAllLines(TestState.callLog(ws));
        assertThat(lines).hasSize(240);
        Map<Long, Integer> perProxy = new HashMap<>();
        for (String line : lines) {
            JsonNode event = Json.MAPPER.readTree(line);
            assertThat(event.get("status").asText()).isEqualTo("completed");
            perProxy.merge(event.get("proxy_pid").asLong(), 1, Integer::sum);
        }
        assertThat(perProxy).hasSize(6).allSatisfy((pid, count) -> assertThat(count).isEqualTo(40));
        // A clean session says nothing on stderr (agents show it as the server's diagnostics): no
        // JVM warning, no word from the warm-up.
        for (int s = 0; s < 6; s++) {
            assertThat(Files.readString(stderr.resolve("proxy-" + s + ".txt"))).isEmpty();
        }
    }
}
