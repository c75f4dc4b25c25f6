package io.harnessgym.mcp.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallLogTest {
    @TempDir Path dir;

    static Map<String, Integer> countByWriter(Path file) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode event = Json.MAPPER.readTree(line);
            counts.merge(event.get("writer").asText(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void manyThreadsAppendWithoutLosingOrMixingALine() throws Exception {
        Path file = dir.resolve("calls.jsonl");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        String padding = "x".repeat(20_000);
        for (int t = 0; t < 8; t++) {
            String writer = "thread-" + t;
            pool.submit(
                    () -> {
                        CallLog log = new CallLog(file);
                        for (int i = 0; i < 100; i++) {
                            log.append(
                                    Json.object()
                                            .put("writer", writer)
                                            .put("seq", i)
                                            .put("padding", padding));
                        }
                    });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<String, Integer> counts = countByWriter(file);
        assertThat(counts)
                .hasSize(8)
                .allSatisfy((writer, count) -> assertThat(count).isEqualTo(100));
    }

    @Test
    void manyProcessesAppendWithoutLosingOrMixingALine() throws Exception {
        Path file = dir.resolve("calls.jsonl");
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            List<String> command = new ArrayList<>(McpTestServers.harnessgymCommand());
            command.set(command.size() - 1, LogAppender.class.getName());
            command.addAll(List.of(file.toString(), "process-" + p, "250", "70000"));
            processes.add(new ProcessBuilder(command).inheritIO().start());
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        Map<String, Integer> counts = countByWriter(file);
        assertThat(counts)
                .hasSize(4)
                .allSatisfy((writer, count) -> assertThat(count).isEqualTo(250));
    }

    @Test
    void writersOfManySessionsInOneJvmLoseNoLine() throws Exception {
        // The proxy host runs every session of a run in one JVM, each with its own writer of the
        // same log: a second file lock in one process throws instead of waiting.
        Path file = dir.resolve("calls.jsonl");
        List<CallLogWriter> writers = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(new CallLogWriter(new CallLog(file), System.err));
        }
        List<Thread> threads = new java.util.ArrayList<>();
        for (CallLogWriter writer : writers) {
            threads.add(
                    new Thread(
                            () -> {
                                for (int i = 0; i < 300; i++) {
                                    writer.submit(event(CallStatus.COMPLETED, i));
                                }
                            }));
            threads.get(threads.size() - 1).start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (CallLogWriter writer : writers) {
            assertThat(writer.failed()).isFalse();
            writer.close();
        }
        assertThat(Files.readAllLines(file)).hasSize(1200).allMatch(l -> l.endsWith("}"));
    }

    @Test
    void theWriterHasWrittenEachEventWhenSubmitReturns() throws Exception {
        // The proxy forwards an answer only after submit returns: a client that kills it at once
        // (Codex does) cannot leave a call unlogged.
        Path file = dir.resolve("calls.jsonl");
        try (CallLogWriter log = new CallLogWriter(new CallLog(file), System.err)) {
            for (int i = 0; i < 50; i++) {
                log.submit(event(CallStatus.COMPLETED, i));
                assertThat(Files.readAllLines(file)).hasSize(i + 1);
            }
            assertThat(log.failed()).isFalse();
        }
    }

    @Test
    void summaryCountsFiltersAndSkipsBadLines() {
        Path file = dir.resolve("calls.jsonl");
        CallLog log = new CallLog(file);
        log.append(event(CallStatus.COMPLETED, 1).toJson());
        log.append(event(CallStatus.TOOL_ERROR, 2).toJson());
        log.append(event(CallStatus.TIMEOUT, 3).toJson());
        CallEvent other =
                new CallEvent(
                        "t",
                        "t",
                        "other",
                        TextNode.valueOf("x"),
                        "lint",
                        List.of(),
                        0,
                        0,
                        List.of(),
                        null,
                        null,
                        "",
                        1,
                        CallStatus.COMPLETED,
                        new Scope("run-2", "1", "attempt", ""),
                        "ndjson",
                        1,
                        "none");
        log.append(other.toJson());
        try {
            Files.writeString(file, "not json\n[1]\n\n", java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        TelemetrySummary all = TelemetrySummary.read(file, null, null);
        assertThat(all.count()).isEqualTo(4);
        assertThat(all.successful()).isEqualTo(2);
        assertThat(all.failed()).isEqualTo(2);
        assertThat(all.skippedLines()).isEqualTo(2);
        assertThat(all.calledTools()).containsExactly("bench", "lint");
        JsonNode json = io.harnessgym.workspace.Json.MAPPER.valueToTree(all.report(file));
        assertThat(json.at("/status_counts/tool_error").asInt()).isEqualTo(1);
        assertThat(json.get("scopes")).hasSize(2);

        TelemetrySummary run1 = TelemetrySummary.read(file, "run-1", "2");
        assertThat(run1.count()).isEqualTo(3);
        assertThat(TelemetrySummary.read(file, "run-1", "9").count()).isZero();
        assertThat(TelemetrySummary.read(dir.resolve("missing.jsonl"), null, null).count())
                .isZero();
    }

    @Test
    void eventLinesHaveSortedKeysAndBoundedErrorText() {
        CallEvent event =
                new CallEvent(
                        "a",
                        "b",
                        "s",
                        TextNode.valueOf("id"),
                        "t",
                        List.of("z", "a"),
                        1,
                        2,
                        List.of("text"),
                        false,
                        -1,
                        "e\n".repeat(1000),
                        1.23456,
                        CallStatus.ERROR,
                        Scope.NONE,
                        "ndjson",
                        9,
                        "bubblewrap");
        JsonNode json = event.toJson();
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isSorted();
        String line = new String(event.toLineBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n").doesNotContain("\n ");
        List<String> lineKeys = new ArrayList<>();
        try {
            io.harnessgym.workspace.Json.MAPPER
                    .readTree(line)
                    .fieldNames()
                    .forEachRemaining(lineKeys::add);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(lineKeys).as("the stored line has the same sorted keys").isEqualTo(keys);
        assertThat(json.get("argument_keys"))
                .extracting(JsonNode::asText)
                .containsExactly("a", "z");
        assertThat(json.get("error_message").asText()).hasSizeLessThan(510).doesNotContain("\n");
        assertThat(json.get("duration_ms").asDouble()).isEqualTo(1.235);
        assertThat(Files2.PYTHON_BUNDLE).exists();
    }

    static CallEvent event(CallStatus status, int id) {
        return new CallEvent(
                "2026-11-21T00:00:00Z",
                "2026-11-21T00:00:01Z",
                "kernel",
                Json.MAPPER.valueToTree(id),
                "bench",
                List.of("size"),
                10,
                20,
                List.of("text"),
                status == CallStatus.TOOL_ERROR ? Boolean.TRUE : null,
                null,
                "",
                5.0,
                status,
                new Scope("run-1", "2", "attempt", "0"),
                "ndjson",
                1,
                "none");
    }
}
