package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.mcp.proxy.ProxyHost;
import io.harnessgym.workspace.Json;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code harnessgym mcp host}: serves this workspace's proxy sessions from one warm JVM until it is
 * stopped, for agents run outside {@code harnessgym run} (which keeps a host while the agent
 * works).
 */
@Command(
        name = "host",
        mixinStandardHelpOptions = true,
        description = {
            "Serve this workspace's MCP proxy sessions from one warm JVM until stopped (Ctrl-C).",
            "'harnessgym run' keeps one while the agent works; see docs/mcp.md."
        })
final class McpHostCommand extends McpSubcommand {
    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = err();
        Optional<ProxyHost> opened =
                ProxyHost.open(
                        state(),
                        line -> {
                            synchronized (err) {
                                err.println(line);
                                err.flush();
                            }
                        });
        if (opened.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        ProxyHost host = opened.get();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onSignal =
                new Thread(
                        () -> {
                            host.close();
                            stopped.countDown();
                        },
                        "harnessgym-host-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        var json = Json.object();
        json.put("dir", host.dir().toString());
        json.put("pid", ProcessHandle.current().pid());
        report(
                json,
                "serving the proxy sessions of "
                        + state().root()
                        + " (pid "
                        + ProcessHandle.current().pid()
                        + "); Ctrl-C stops");
        out().flush();
        stopped.await();
        return ExitCode.OK.code();
    }
}
