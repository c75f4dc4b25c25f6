package io.harnessgym.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.proxy.ProxyHost;
import io.harnessgym.process.Sandbox;
import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.testing.ProxyProcess;
import io.harnessgym.testing.Survivors;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.StateDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy host with the real launcher ({@code bin/harnessgym}, its {@code sh} and {@code cat}
 * relays, named pipes): sessions are served in this JVM with the launcher's own arguments and
 * environment, their calls are logged, their status and stderr come back, nothing outlives a
 * session, and the host serves no one it should not.
 */
class ProxyHostTest {
    static final Path LAUNCHER = Path.of("bin/harnessgym").toAbsolutePath();

    @TempDir Path ws;

    @TempDir Path elsewhere;

    StateDir state;
    ProxyHost host;
    final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void openHost() {
        state = new StateDir(elsewhere.resolve("state"));
        host = ProxyHost.open(state, notes::add).orElseThrow();
    }

    @AfterEach
    void closeHost() {
        host.close();
    }

    List<String> launcher(String... proxyArgs) {
        List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), "mcp", "proxy"));
        argv.addAll(List.of("--workspace", ws.toString(), "--state-dir", state.root().toString()));
        argv.addAll(List.of(proxyArgs));
        return argv;
    }

    static List<ProcessHandle> javaUnder(Process launcher) {
        return launcher.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .toList();
    }

    @Test
    void aSessionIsServedByTheHostWithTheLaunchersEnvironmentAndLogged() throws Exception {
        try (ProxyProcess proxy =
                ProxyProcess.launch(
                        launcher(
                                "--server",
                                "hosted",
                                "--",
                                "python3",
                                McpTestServers.SCRIPT.toString()),
                        ws,
                        Map.of("HARNESSGYM_RUN_ID", "run-h", "HARNESSGYM_PHASE", "attempt"))) {
            proxy.initialize();
            proxy.callTool(1, "echo", "{\"text\":\"through the host\"}");
            assertThat(proxy.responseTo(1).toString()).contains("through the host");
            assertThat(javaUnder(proxy.process()))
                    .as("no proxy JVM started under the launcher")
                    .isEmpty();
            assertThat(proxy.finish()).isZero();
        }
        Eventually.holds(() -> assertThat(host.served()).isEqualTo(1));
        List<JsonNode> calls = Files2.jsonLines(state.callLog());
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("server").asText()).isEqualTo("hosted");
        assertThat(calls.get(0).get("run_id").asText())
                .as("the scope is the launcher's, read from its environment")
                .isEqualTo("run-h");
        assertThat(host.dir()).isDirectoryContaining(p -> p.endsWith("control"));
        Eventually.holds(
                () ->
                        assertThat(Files.list(host.dir()).map(p -> p.getFileName().toString()))
                                .as("the session's pipes and status are gone")
                                .containsExactlyInAnyOrder("control", "pid"));
    }

    @Test
    void sessionsAtOnceInTheHostLogEveryCallOnce() throws Exception {
        List<ProxyProcess> proxies = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                proxies.add(
                        ProxyProcess.launch(
                                launcher(
                                        "--server",
                                        "s" + i,
                                        "--",
                                        "python3",
                                        McpTestServers.SCRIPT.toString()),
                                ws,
                                Map.of()));
            }
            for (ProxyProcess proxy : proxies) {
                proxy.initialize();
            }
            for (int call = 1; call <= 25; call++) {
                for (ProxyProcess proxy : proxies) {
                    proxy.callTool(call, "echo", "{\"text\":\"c\"}");
                }
                for (ProxyProcess proxy : proxies) {
                    proxy.responseTo(call);
                }
            }
            for (ProxyProcess proxy : proxies) {
                assertThat(proxy.finish()).as("stderr: %s", proxy.stderr()).isZero();
            }
        } finally {
            proxies.forEach(ProxyProcess::close);
        }
        List<String> keys =
                Files2.jsonLines(state.callLog()).stream()
                        .map(e -> e.get("server").asText() + "/" + e.get("request_id").asText())
                        .toList();
        assertThat(keys).hasSize(150).doesNotHaveDuplicates();
        Eventually.holds(() -> assertThat(host.served()).isEqualTo(6));
    }

    @Test
    void theProxysExitStatusAndStderrComeBackThroughTheLauncher() throws Exception {
        try (ProxyProcess proxy =
                ProxyProcess.launch(
                        launcher("--manifest", ".harnessgym/mcp/none/mcp.json"), ws, Map.of())) {
            assertThat(proxy.finish()).isEqualTo(ExitCode.BAD_INPUT.code());
            assertThat(proxy.stderr()).contains("harnessgym: error:").contains("mcp.json");
        }
        assertThat(host.served()).isEqualTo(1);
    }

    @Test
    void aLauncherEndedMidSessionTakesItsServerAndRelaysWithIt() throws Exception {
        String token = "hosted-" + UUID.randomUUID();
        ProxyProcess proxy =
                ProxyProcess.launch(
                        launcher("--", "python3", McpTestServers.SCRIPT.toString(), token),
                        ws,
                        Map.of());
        proxy.initialize();
        assertThat(Survivors.of(token)).as("the server runs").isNotEmpty();
        List<ProcessHandle> relays = proxy.process().descendants().toList();
        assertThat(relays).isNotEmpty();
        proxy.process().destroy(); // SIGTERM, as an agent CLI ends a server
        assertThat(proxy.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        Eventually.holds(() -> assertThat(Survivors.of(token)).isEmpty());
        Eventually.holds(() -> assertThat(relays).noneMatch(ProcessHandle::isAlive));
        Eventually.holds(() -> assertThat(host.active()).isZero());
    }

    /** Speaks the launcher's side of the protocol and prints the host's verdict. */
    String verdictFor(String... argv) throws Exception {
        Path fake =
                Files2.write(
                        elsewhere.resolve("fake/harnessgym"),
                        """
                        s=$HOST/$$
                        mkfifo -m 600 "$s.out" "$s.in" "$s.err"
                        printf '%s\\n' "$$" 1<>"$HOST/control"
                        read -r verdict < "$s.out"
                        printf '%s\\n' "$verdict"
                        """);
        List<String> command = new ArrayList<>(List.of("/bin/sh", fake.toString()));
        command.addAll(List.of(argv));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOST", host.dir().toString());
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void theHostServesOnlyLaunchersOfItsOwnStateDirectory() throws Exception {
        Files.writeString(host.dir().resolve("control"), "not-a-pid\n\n");
        assertThat(verdictFor("run", "--something")).isEqualTo("fallback");
        Path other = elsewhere.resolve("other-state");
        assertThat(
                        verdictFor(
                                "mcp",
                                "proxy",
                                "--workspace",
                                ws.toString(),
                                "--state-dir",
                                other.toString(),
                                "--",
                                "true"))
                .isEqualTo("fallback");
        assertThat(verdictFor("mcp", "proxy", "--workspace", "relative", "--", "true"))
                .isEqualTo("fallback");
        assertThat(String.join("\n", notes))
                .contains("not a pid")
                .contains("not a harnessgym launcher")
                .contains("another state directory")
                .contains("absolute");
        Eventually.holds(() -> assertThat(host.declined()).isEqualTo(3));
        assertThat(host.served()).isZero();
        assertThat(state.callLog()).doesNotExist();
        // And a real session is still served after all that.
        try (ProxyProcess proxy =
                ProxyProcess.launch(
                        launcher("--", "python3", McpTestServers.SCRIPT.toString()),
                        ws,
                        Map.of())) {
            proxy.initialize();
            assertThat(proxy.finish()).isZero();
        }
        Eventually.holds(() -> assertThat(host.served()).isEqualTo(1));
    }

    @Test
    void aBundleServerTheHostRunsCannotReachTheHostsFolder() throws Exception {
        McpTestServers.install(ws, "t", "ndjson", "ndjson");
        String[] targets = {
            host.dir().resolve("control").toString(), host.dir().resolve("pid").toString()
        };
        List<String> outcomes = new ArrayList<>();
        try (ProxyProcess proxy =
                ProxyProcess.launch(
                        launcher("--manifest", ".harnessgym/mcp/t/mcp.json"), ws, Map.of())) {
            proxy.initialize();
            for (int i = 0; i < targets.length; i++) {
                proxy.callTool(
                        i + 1,
                        "write",
                        "{\"path\":\"" + targets[i] + "\",\"content\":\"" + (i + 4242) + "\\n\"}");
                outcomes.add(proxy.responseTo(i + 1).at("/result/content/0/text").asText());
            }
            assertThat(proxy.finish()).isZero();
        }
        assertThat(host.served()).isEqualTo(1);
        if (Sandbox.detect(TestState.env()).id().equals("bubblewrap")) {
            assertThat(outcomes).allMatch(o -> o.startsWith("blocked"));
            assertThat(Files.readString(host.dir().resolve("pid")).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(notes).noneMatch(n -> n.contains("4242"));
        } else {
            assertThat(outcomes).as("unconfined, the server could write").isNotEmpty();
        }
    }

    @Test
    void aSecondHostForTheSameStateDirectoryIsRefusedAndAClosedHostLeavesNothing()
            throws Exception {
        Path dir = host.dir();
        // The pid file names a live host (this JVM): another JVM would be refused; this one may
        // reopen its own.
        Files.writeString(
                dir.resolve("pid"), ProcessHandle.current().parent().orElseThrow().pid() + "\n");
        List<String> second = new ArrayList<>();
        assertThat(ProxyHost.open(state, second::add)).isEmpty();
        assertThat(second).singleElement().asString().contains("already serves");
        Files.writeString(dir.resolve("pid"), ProcessHandle.current().pid() + "\n");
        host.close();
        assertThat(dir).doesNotExist();
        assertThat(state.root()).isDirectory();
        assertThat(Files.list(state.root()).map(p -> p.getFileName().toString()))
                .noneMatch(name -> name.startsWith(ProxyHost.DIR));
    }
}
