package io.harnessgym.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.mcp.framing.Framing;
import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.mcp.framing.MessageWriter;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What an agent feels of the MCP proxy, for harnessgym and the Python HarnessGym side by side in
 * one interleaved run (issue 13): added latency over the whole of a fresh proxy's first 2,000 calls
 * and over its first 100 (50 B and 256 KiB arguments, Content-Length on both sides), the start-up
 * to the first initialize answer, and N proxies at once with an audit of the shared call log and
 * each proxy's resident memory. Every figure is the median over the repetitions with its range. The
 * same echo server ({@code bench/echo_server.py}) runs directly for the baseline.
 *
 * <p>Usage (bench/side-by-side-bench.sh): {@code SideBySideBench <work> <reps> <harnessgym
 * launcher> <python> <echo_server.py> [<python with harnessgym 0.1.1> <its
 * mcp_telemetry_proxy.py>]}.
 */
public final class SideBySideBench {
    private SideBySideBench() {}

    /** One proxy under test: how to start it for a server name and where its calls are logged. */
    interface Tool {
        String name();

        ProcessBuilder proxy(String server, List<String> serverArgv);

        Path log();
    }

    /**
     * harnessgym's launcher: through the proxy host serving {@code state} ({@code hosted}), as in
     * {@code harnessgym run}, or with {@code HARNESSGYM_PROXY_HOST=0}, a proxy JVM per session.
     */
    record Harnessgym(String launcher, Path workspace, Path state, boolean hosted) implements Tool {
        @Override
        public String name() {
            return hosted ? "harnessgym, host" : "harnessgym, own JVM";
        }

        @Override
        public ProcessBuilder proxy(String server, List<String> serverArgv) {
            List<String> argv = new ArrayList<>(List.of(launcher, "mcp", "proxy"));
            argv.addAll(List.of("--workspace", workspace.toString()));
            argv.addAll(List.of("--state-dir", state.toString(), "--server", server));
            argv.addAll(List.of("--framing", "content-length", "--"));
            argv.addAll(serverArgv);
            return launched(argv);
        }

        private ProcessBuilder launched(List<String> argv) {
            ProcessBuilder builder = new ProcessBuilder(argv);
            if (!hosted) {
                builder.environment().put("HARNESSGYM_PROXY_HOST", "0");
            }
            return builder;
        }

        /**
         * The host for {@code state}, started as {@code harnessgym mcp host}; returns once it
         * serves and its warm-up (at most 1.5 s) is over, as when an agent CLI takes its own
         * seconds to start after {@code harnessgym run} opened the host for the phase.
         */
        Process startHost() throws IOException, InterruptedException {
            ProcessBuilder builder =
                    new ProcessBuilder(launcher, "mcp", "host")
                            .directory(workspace.toFile())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("HARNESSGYM_STATE_DIR", state.toString());
            Process host = builder.start();
            Path pid = state.resolve("proxy-host").resolve("pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pid)) {
                if (!host.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the proxy host did not start");
                }
                Thread.sleep(20);
            }
            Thread.sleep(2000);
            return host;
        }

        @Override
        public Path log() {
            return state.resolve("mcp_calls.jsonl");
        }

        /** The same server as a bundle server started by its manifest. */
        ProcessBuilder bundled(List<String> serverArgv) throws IOException {
            Path dir = Files.createDirectories(workspace.resolve(".harnessgym/mcp/echo"));
            Files.copy(
                    Path.of(serverArgv.get(1)),
                    dir.resolve("server.py"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            var manifest = Json.object();
            manifest.put("name", "echo");
            manifest.put("command", serverArgv.get(0));
            manifest.putArray("args").add("server.py").add("--framing").add("content-length");
            manifest.put("cwd", ".harnessgym/mcp/echo");
            manifest.put("framing", "content-length");
            manifest.putArray("self_test").add(serverArgv.get(0)).add("server.py");
            Files.writeString(dir.resolve("mcp.json"), Json.compact(manifest));
            return launched(
                    List.of(
                            launcher,
                            "mcp",
                            "proxy",
                            "--workspace",
                            workspace.toString(),
                            "--state-dir",
                            state.toString(),
                            "--manifest",
                            ".harnessgym/mcp/echo/mcp.json"));
        }
    }

    record PythonHarnessgym(String python, String proxyScript, Path workspace, Path log)
            implements Tool {
        @Override
        public String name() {
            return "python 0.1.1";
        }

        @Override
        public ProcessBuilder proxy(String server, List<String> serverArgv) {
            List<String> argv = new ArrayList<>(List.of(python, proxyScript));
            argv.addAll(List.of("--server-name", server, "--response-timeout", "60"));
            argv.addAll(List.of("--cwd", workspace.toString(), "--"));
            argv.addAll(serverArgv);
            ProcessBuilder builder = new ProcessBuilder(argv);
            builder.environment().put("HARNESSGYM_MCP_TELEMETRY_PATH", log.toString());
            return builder;
        }
    }

    /** Figures per tool, each a list over the repetitions. */
    static final class Figures {
        final Map<String, List<Double>> values = new LinkedHashMap<>();

        void add(String figure, double value) {
            values.computeIfAbsent(figure, k -> new ArrayList<>()).add(value);
        }
    }

    static final String SMALL = "{\"text\":\"" + "x".repeat(39) + "\"}"; // 50 B of arguments
    static final String LARGE = "{\"blob\":\"" + "x".repeat(256 * 1024 - 11) + "\"}";

    /** {@code SIDE_BY_SIDE_ONLY=concurrent}: only the concurrent proxies (to study one figure). */
    static final boolean ONLY_CONCURRENT = "concurrent".equals(System.getenv("SIDE_BY_SIDE_ONLY"));

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        List<String> server = List.of(args[3], args[4], "--framing", "content-length");
        List<Tool> tools = new ArrayList<>();
        Path workspace = Files.createDirectories(work.resolve("ws"));
        Harnessgym hosted = new Harnessgym(args[2], workspace, work.resolve("state-host"), true);
        tools.add(hosted);
        tools.add(new Harnessgym(args[2], workspace, work.resolve("state"), false));
        if (args.length > 6) {
            tools.add(
                    new PythonHarnessgym(
                            args[5], args[6], workspace, work.resolve("python.jsonl")));
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        Figures direct = new Figures();
        tools.forEach(tool -> figures.put(tool.name(), new Figures()));
        host = hosted.startHost();
        try {
            measure(reps, server, tools, figures, direct);
        } finally {
            hostPeakRss = peakRssMiB(host.pid());
            host.destroy();
            host.waitFor(30, TimeUnit.SECONDS);
        }
        print(reps, tools, figures, direct);
    }

    /** The host of the hosted tool (one for the whole bench, as a run keeps one per phase). */
    static Process host;

    static double hostPeakRss;

    static void measure(
            int reps,
            List<String> server,
            List<Tool> tools,
            Map<String, Figures> figures,
            Figures direct)
            throws Exception {
        for (int rep = 0; rep < reps; rep++) {
            System.err.printf("repetition %d of %d%n", rep + 1, reps);
            long[] small = latencies(new ProcessBuilder(server), SMALL, 2000);
            long[] large = latencies(new ProcessBuilder(server), LARGE, 300);
            direct.add("startup ms", startupMs(new ProcessBuilder(server)));
            for (Tool tool : tools) {
                Figures f = figures.get(tool.name());
                if (ONLY_CONCURRENT) {
                    for (int n : new int[] {8, 16}) {
                        concurrent(tool, server, n, 500, f);
                    }
                    continue;
                }
                long[] ps = latencies(tool.proxy("steady", server), SMALL, 2000);
                long[] pl = latencies(tool.proxy("steady", server), LARGE, 300);
                added(f, "added p50 us, 2,000 calls, 50 B", ps, small, 50);
                added(f, "added p99 us, 2,000 calls, 50 B", ps, small, 99);
                added(f, "added p50 us, 300 calls, 256 KiB", pl, large, 50);
                added(f, "added p99 us, 300 calls, 256 KiB", pl, large, 99);
                long[] fs = Arrays.copyOf(ps, 100);
                long[] fl = Arrays.copyOf(pl, 100);
                long[] ds = Arrays.copyOf(small, 100);
                long[] dl = Arrays.copyOf(large, 100);
                added(f, "added p50 us, first 100 calls, 50 B", fs, ds, 50);
                added(f, "added p99 us, first 100 calls, 50 B", fs, ds, 99);
                added(f, "added p50 us, first 100 calls, 256 KiB", fl, dl, 50);
                added(f, "added p99 us, first 100 calls, 256 KiB", fl, dl, 99);
                f.add(
                        "startup ms (server alone: see below)",
                        startupMs(tool.proxy("start", server)));
                if (tool instanceof Harnessgym ours) {
                    // As agent configs start it: admission (digest, private records), confined.
                    f.add(
                            "startup ms, --manifest (admitted, confined)",
                            startupMs(ours.bundled(server)));
                }
                for (int n : new int[] {8, 16}) {
                    concurrent(tool, server, n, 500, f);
                }
            }
        }
    }

    static void print(int reps, List<Tool> tools, Map<String, Figures> figures, Figures direct) {
        boolean python = tools.size() > 2;
        System.out.printf("%n%-44s", "FIGURE (median [min-max] of " + reps + ")");
        for (Tool tool : tools) {
            System.out.printf(" %-24s", tool.name());
        }
        System.out.println(python ? " PYTHON/HOST PYTHON/OWN-JVM" : "");
        Set<String> names = new java.util.LinkedHashSet<>();
        figures.values().forEach(f -> names.addAll(f.values.keySet()));
        for (String figure : names) {
            System.out.printf("%-44s", figure);
            List<Double> medians = new ArrayList<>();
            for (Tool tool : tools) {
                List<Double> v = figures.get(tool.name()).values.get(figure);
                medians.add(v == null ? Double.NaN : median(v));
                System.out.printf(" %-24s", v == null ? "-" : describe(v));
            }
            System.out.println(
                    python
                            ? String.format(
                                    " %-11s %s",
                                    ratio(medians.get(2), medians.get(0)),
                                    ratio(medians.get(2), medians.get(1)))
                            : "");
        }
        System.out.printf(
                "%-44s %s%n",
                "server alone: startup ms", describe(direct.values.get("startup ms")));
        System.out.printf(
                "%-44s %.1f (one process for every session; a session's launcher is sh + cat)%n",
                "proxy host: peak RSS MiB", hostPeakRss);
    }

    private static String ratio(double python, double ours) {
        return Double.isNaN(python) || Double.isNaN(ours) || ours == 0
                ? "-"
                : String.format("%.2f", python / ours);
    }

    static String describe(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(
                "%.0f [%.0f-%.0f]", median(values), sorted[0], sorted[sorted.length - 1]);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void added(Figures f, String figure, long[] proxy, long[] direct, int p) {
        f.add(figure, pct(proxy, p) - pct(direct, p));
    }

    /** The p-th percentile in microseconds of call times in nanoseconds (any order). */
    static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    /** A fresh process: initialize, then {@code calls} tools/call one at a time, in call order. */
    static long[] latencies(ProcessBuilder builder, String arguments, int calls) throws Exception {
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Session session = new Session(process);
            session.initialize();
            long[] times = new long[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                session.call(i + 1, arguments);
                times[i] = System.nanoTime() - start;
            }
            return times;
        } finally {
            stop(process);
        }
    }

    static double startupMs(ProcessBuilder builder) throws Exception {
        long start = System.nanoTime();
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            new Session(process).initialize();
            return (System.nanoTime() - start) / 1e6;
        } finally {
            stop(process);
        }
    }

    /**
     * {@code n} proxies at once, each {@code calls} sequential calls from its own client thread:
     * the aggregate calls/s from the moment all are initialized, each proxy's peak resident memory,
     * and an audit of the log they share (every call once, every line whole).
     */
    static void concurrent(Tool tool, List<String> server, int n, int calls, Figures f)
            throws Exception {
        Files.deleteIfExists(tool.log());
        List<Process> processes = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Process process =
                        tool.proxy("c" + i, server)
                                .redirectError(ProcessBuilder.Redirect.DISCARD)
                                .start();
                processes.add(process);
                sessions.add(new Session(process));
            }
            for (Session session : sessions) {
                session.initialize();
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Session session : sessions) {
                Thread thread =
                        new Thread(
                                () -> {
                                    try {
                                        go.await();
                                        for (int c = 0; c < calls; c++) {
                                            session.call(c + 1, SMALL);
                                        }
                                    } catch (Exception e) {
                                        failures.add(e);
                                    }
                                });
                thread.start();
                threads.add(thread);
            }
            boolean hosted = tool instanceof Harnessgym h && h.hosted();
            double hostCpuBefore = hosted ? cpuMillis(host.pid()) : 0;
            double[] cpuBefore = new double[n];
            for (int i = 0; i < n; i++) {
                cpuBefore[i] = cpuMillis(processes.get(i).pid());
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!failures.isEmpty()) {
                throw new IOException("a concurrent client failed: " + failures.get(0));
            }
            f.add(n + " proxies x " + calls + ": aggregate calls/s", n * calls / seconds);
            double worst = 0;
            List<Double> cpu = new ArrayList<>();
            List<Double> startCpu = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long pid = processes.get(i).pid();
                worst = Math.max(worst, peakRssMiB(pid));
                cpu.add((cpuMillis(pid) - cpuBefore[i]) * 1000.0 / calls);
                startCpu.add(cpuBefore[i]);
            }
            f.add(n + " proxies: largest peak RSS MiB", worst);
            // The whole process, its JIT compiler threads included: to the first answer, then
            // over the calls.
            f.add(n + " proxies: CPU ms to initialized, median", median(startCpu));
            f.add(n + " proxies: CPU ms per 1,000 calls, median", median(cpu));
            if (hosted) {
                // The sessions' proxies are the host's threads: its CPU over all their calls.
                f.add(
                        n + " proxies: host CPU ms per 1,000 calls",
                        (cpuMillis(host.pid()) - hostCpuBefore) * 1000.0 / (n * calls));
            }
        } finally {
            for (Process process : processes) {
                stop(process);
            }
        }
        int[] audit = audit(tool.log(), n, calls);
        f.add(n + " proxies: log lines lost", audit[0]);
        f.add(n + " proxies: log lines corrupt", audit[1]);
        f.add(n + " proxies: log lines duplicate", audit[2]);
    }

    /** Lost, corrupt and duplicate lines of {@code n} servers × {@code calls} calls. */
    static int[] audit(Path log, int n, int calls) throws IOException {
        int corrupt = 0;
        int duplicate = 0;
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                corrupt++;
                continue;
            }
            if (event == null || !event.isObject()) {
                corrupt++;
                continue;
            }
            String key = event.path("server").asText() + "/" + event.path("request_id").asText();
            if (!seen.add(key)) {
                duplicate++;
            }
        }
        int lost = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 1; c <= calls; c++) {
                if (!seen.contains("c" + i + "/" + c)) {
                    lost++;
                }
            }
        }
        return new int[] {lost, corrupt, duplicate};
    }

    /** User plus system CPU time of a process so far, in milliseconds (0 when unknown). */
    static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of stat (utime, stime), counted from the state, the third field.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** VmHWM of a process, in MiB (0 when /proc does not say). */
    static double peakRssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static void stop(Process process) throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** A Content-Length client of one process. */
    static final class Session {
        private final MessageWriter out;
        private final MessageReader in;

        Session(Process process) {
            out =
                    new MessageWriter(
                            new java.io.BufferedOutputStream(process.getOutputStream(), 1 << 16),
                            Framing.CONTENT_LENGTH);
            in = new MessageReader(process.getInputStream(), Framing.CONTENT_LENGTH, 1 << 26);
        }

        void initialize() throws IOException {
            send(
                    "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
            out.write(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"
                            .getBytes(StandardCharsets.UTF_8));
        }

        void call(int id, String arguments) throws IOException {
            send(
                    "{\"jsonrpc\":\"2.0\",\"id\":"
                            + id
                            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":"
                            + arguments
                            + "}}");
        }

        private void send(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.UTF_8));
            if (in.read() == null) {
                throw new IOException("the server closed its output");
            }
        }
    }
}
