package io.harnessgym.bench;

import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Measures what the telemetry proxy adds to a {@code tools/call}: the same client loop against the
 * same server, once directly and once through {@code harnessgym mcp proxy}; and the proxy's
 * start-up to the first {@code initialize} answer. Prints the figures. Usage (see
 * bench/mcp-proxy-bench.sh): {@code ProxyBench <launcher> <workspace> <server argv...>}
 */
public final class ProxyBench {
    private ProxyBench() {}

    public static void main(String[] args) throws Exception {
        String launcher = args[0];
        Path workspace = Path.of(args[1]);
        // The private state directory must be outside the workspace.
        Path state = workspace.resolveSibling(workspace.getFileName() + "-state");
        List<String> server = List.of(args).subList(2, args.length);
        String small = "{\"text\":\"hello\"}";
        String large = "{\"blob\":\"" + "x".repeat(256 * 1024) + "\"}";

        List<String> proxied =
                new ArrayList<>(
                        List.of(
                                launcher,
                                "mcp",
                                "proxy",
                                "--workspace",
                                workspace.toString(),
                                "--state-dir",
                                state.toString(),
                                "--server",
                                "bench",
                                "--framing",
                                "ndjson",
                                "--"));
        proxied.addAll(server);

        long[] directSmall = latencies(server, small, 3000, 20000);
        long[] proxySmall = latencies(proxied, small, 3000, 20000);
        long[] directLarge = latencies(server, large, 300, 1500);
        long[] proxyLarge = latencies(proxied, large, 300, 1500);

        report("small arguments (" + small.length() + " B)", directSmall, proxySmall);
        report("256 KiB arguments", directLarge, proxyLarge);
        double mean = Arrays.stream(proxySmall).average().orElse(1) / 1e9;
        System.out.printf(
                "calls/s through the proxy (one client, sequential, small): %.0f%n", 1 / mean);
        long lines = Files.lines(state.resolve("mcp_calls.jsonl")).count();
        System.out.printf("call log lines written: %d%n", lines);
    }

    private static void report(String label, long[] direct, long[] proxy) {
        System.out.printf(
                "%s: direct p50 %.1f us p99 %.1f us; proxy p50 %.1f us p99 %.1f us; added p50 %.1f us, p99 %.1f us%n",
                label,
                pct(direct, 50),
                pct(direct, 99),
                pct(proxy, 50),
                pct(proxy, 99),
                pct(proxy, 50) - pct(direct, 50),
                pct(proxy, 99) - pct(direct, 99));
    }

    static double pct(long[] sorted, int p) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    /** Nanoseconds per call (sorted), after a warm-up, one call at a time. */
    static long[] latencies(List<String> command, String arguments, int warmup, int measured)
            throws Exception {
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            MessageWriter out = new MessageWriter(process.getOutputStream(), Framing.NDJSON);
            MessageReader in = new MessageReader(process.getInputStream(), Framing.NDJSON, 1 << 26);
            call(
                    out,
                    in,
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
            long[] times = new long[measured];
            for (int i = 0; i < warmup + measured; i++) {
                String request =
                        "{\"jsonrpc\":\"2.0\",\"id\":"
                                + (i + 1)
                                + ",\"method\":\"tools/call\",\"params\":"
                                + "{\"name\":\"echo\",\"arguments\":"
                                + arguments
                                + "}}";
                long start = System.nanoTime();
                call(out, in, request);
                if (i >= warmup) {
                    times[i - warmup] = System.nanoTime() - start;
                }
            }
            Arrays.sort(times);
            return times;
        } finally {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void call(MessageWriter out, MessageReader in, String request)
            throws IOException {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        if (in.read() == null) {
            throw new IOException("server closed its output");
        }
    }
}
