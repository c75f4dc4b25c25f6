package io.harnessgym.mcp.proxy;

import io.harnessgym.mcp.ServerLink;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.mcp.telemetry.CallSink;
import io.harnessgym.mcp.telemetry.CallStatus;
import io.harnessgym.mcp.telemetry.Scope;
import io.harnessgym.process.OutputTail;
import io.harnessgym.process.ProcessGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The telemetry proxy: a JSON-RPC router between an agent CLI (client side, newline-delimited JSON,
 * or whatever framing the client's first bytes show) and one MCP server (given framing, or
 * detected). Requests are correlated by id; notifications and server-to-client requests pass both
 * ways; {@code notifications/cancelled} and timeouts finish the pending call; a server that dies
 * answers every pending call with an error. Every {@code tools/call} becomes one line in the call
 * log.
 */
public final class McpProxy {
    /** Proxy settings. */
    public record Options(
            String serverName,
            Framing serverFraming,
            Duration responseTimeout,
            Duration startupTimeout,
            int maxMessageBytes,
            Scope scope,
            Duration shutdownGrace,
            String sandbox) {}

    private final ProxySession session;
    private final MessageReader clientReader;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public McpProxy(
            Options options,
            InputStream clientIn,
            OutputStream clientOut,
            PrintStream diagnostics,
            CallSink log) {
        this.session =
                new ProxySession(
                        options, diagnostics, log, new MessageWriter(clientOut, Framing.NDJSON));
        this.clientReader = new MessageReader(clientIn, null, options.maxMessageBytes());
    }

    /**
     * Routes until the client closes its side or the server exits; returns the server's exit status
     * when it exited on its own, 0 when the client ended the session.
     */
    public int run(ProcessGroup process) throws InterruptedException {
        Process child = process.process();
        session.serverDiagnostics =
                new ServerDiagnostics(
                        child,
                        OutputTail.drain(
                                child.getErrorStream(),
                                64 * 1024,
                                session.diagnostics,
                                1024 * 1024,
                                "harnessgym-proxy-stderr"));
        ServerLink server =
                new ServerLink(
                        child.getInputStream(),
                        child.getOutputStream(),
                        session.options.serverFraming(),
                        session.options.maxMessageBytes());
        session.server = server;
        Thread fromClient =
                daemon(
                        new ClientRoutes(session, clientReader, stopped::countDown)::pump,
                        "harnessgym-proxy-client");
        Thread fromServer =
                daemon(
                        new ServerRoutes(session, stopped::countDown)::pump,
                        "harnessgym-proxy-server");
        // Killed by a signal (the agent CLI ending its session): calls still waiting are logged.
        Thread onSignal =
                new Thread(
                        () -> {
                            session.finishPending(
                                    CallStatus.CANCELLED,
                                    "the proxy was stopped before the server answered");
                        },
                        "harnessgym-proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(onSignal);
        fromClient.start();
        fromServer.start();
        stopped.await();
        int status = shutDown(process, fromServer);
        session.timer.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs.
        }
        return status;
    }

    /**
     * Ends the session once either side is gone, and finishes every call still waiting: each is
     * logged, none is missing. Returns the server's exit status, or 0 when the client ended it.
     */
    private int shutDown(ProcessGroup process, Thread fromServer) throws InterruptedException {
        Process child = process.process();
        int status;
        if (session.clientGone) {
            // Orderly shutdown: close the server's stdin, give it time to exit, then end its group.
            session.server.closeOutput();
            boolean exited = process.waitFor(session.options.shutdownGrace());
            // Answers the server wrote before it exited are still in the pipe: route them first.
            fromServer.join(session.options.shutdownGrace().toMillis());
            process.terminate(Duration.ofSeconds(2));
            status = exited ? child.exitValue() : 0;
        } else {
            process.terminate(Duration.ofSeconds(2));
            status = child.exitValue();
        }
        fromServer.join(Duration.ofSeconds(2).toMillis());
        // Whatever is still waiting now will never be answered: every call is logged, none missing.
        if (status != 0 && !process.process().isAlive()) {
            session.finishPending(
                    CallStatus.ERROR,
                    "MCP server "
                            + session.options.serverName()
                            + " exited with status "
                            + status
                            + " before answering");
        }
        session.finishPending(
                CallStatus.CANCELLED, "the client ended the session before the server answered");
        return status;
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
