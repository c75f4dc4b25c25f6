package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.process.Sandbox;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The post-attempt command, run by harnessgym in a scoring room, never in the live workspace: the
 * attempt's snapshot materialised, with the protected paths (the scorer and what it reads) put back
 * from the baseline, so an agent that edits the scorer changes nothing. It runs under bubblewrap
 * (the room writable, the state directory hidden, no network). Its verdict is parsed strictly: a
 * JSON object on stdout (the whole of it, or its last JSON line); passed means exit 0 and a {@code
 * status}, if any, of passed / pass / ok / success / solved; a score is a finite number.
 */
final class Score {
    private static final Set<String> PASSED = Set.of("passed", "pass", "ok", "success", "solved");

    /** What the command measured. */
    record Measured(
            String status,
            Integer exitCode,
            boolean timedOut,
            boolean passed,
            Double score,
            String scoreKey,
            JsonNode json,
            String stdoutPath,
            String stderrPath,
            String snapshot,
            String sandbox,
            long durationMs) {}

    /** Where the holdout is put in the scoring room. */
    static final String HOLDOUT_FILE = ".harnessgym-holdout.md";

    private Score() {}

    static Measured measure(Run run, Iteration iteration, Snapshot attempt) throws IOException {
        // One room for the run, brought to each attempt's snapshot: only what differs from what
        // harnessgym last wrote there is rewritten (the command's own changes included).
        Path room = scoreRoom(run);
        Files.createDirectories(room.getParent());
        run.store.refreshRoom(attempt.id(), room, scoreRoomCache(run));
        restoreProtected(run, room);
        // The task's holdout, for the check only: in the room (which no agent sees, and which the
        // next refresh clears), named by HARNESSGYM_HOLDOUT_FILE.
        Map<String, String> extra = Map.of();
        if (run.holdout != null) {
            Path holdout = room.resolve(HOLDOUT_FILE);
            FileTrees.delete(holdout);
            Files.writeString(holdout, run.holdout, java.nio.file.StandardOpenOption.CREATE_NEW);
            extra = Map.of("HARNESSGYM_HOLDOUT_FILE", holdout.toString());
        }
        Sandbox sandbox = Sandbox.detect(run.env);
        Sandbox.Policy policy =
                Sandbox.Policy.forArtifacts(
                        room, List.of(run.state.root(), run.state.roomsDir()), false, run.env);
        Path out = iteration.dir.resolve("post_attempt.stdout.txt");
        Path err = iteration.dir.resolve("post_attempt.stderr.txt");
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                sandbox.wrap(
                                        List.of("/bin/sh", "-c", run.config.postAttemptCommand()),
                                        room,
                                        policy),
                                room,
                                ChildEnvironment.of(ChildEnvironment.Policy.SERVER, run.env, extra),
                                new ProcessSpec.Stdin.Empty(),
                                new ProcessSpec.Output.ToFile(out, 8L << 20, 1 << 20),
                                new ProcessSpec.Output.ToFile(err, 8L << 20, 16 << 10),
                                run.config.postAttemptTimeout(),
                                Duration.ofSeconds(5)));
        JsonNode json = verdict(result.stdout());
        String status =
                result.timedOut()
                        ? "timeout"
                        : result.exitCode() != null && result.exitCode() == 0
                                ? "completed"
                                : "failed";
        boolean passed =
                "completed".equals(status)
                        && json != null
                        && (!json.has("status")
                                || PASSED.contains(
                                        json.path("status").asText("").toLowerCase(Locale.ROOT)));
        return new Measured(
                status,
                result.exitCode(),
                result.timedOut(),
                passed,
                score(json, run.config.scoreKey()),
                run.config.scoreKey(),
                json,
                out.toString(),
                err.toString(),
                attempt.id(),
                sandbox.id(),
                result.elapsed().toMillis());
    }

    /** The protected paths as the baseline has them (missing there: removed here too). */
    private static void restoreProtected(Run run, Path room) throws IOException {
        if (run.config.protectedPaths().isEmpty()) {
            return;
        }
        Path baseline = run.state.roomsDir().resolve("baseline-" + run.config.runId());
        if (!Files.isDirectory(baseline)) {
            // Only the protected paths: the rest of the baseline is not read.
            List<String> roots = run.config.protectedPaths();
            run.store.materialize(
                    run.baseline.id(),
                    baseline,
                    path ->
                            roots.stream()
                                    .anyMatch(r -> path.equals(r) || path.startsWith(r + "/")));
        }
        for (String relative : run.config.protectedPaths()) {
            Path target = room.resolve(relative).normalize();
            Path source = baseline.resolve(relative).normalize();
            if (!target.startsWith(room) || !source.startsWith(baseline)) {
                continue; // checked when the run was configured
            }
            FileTrees.delete(target);
            if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
                copy(source, target);
            }
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            try (var walk = Files.walk(source)) {
                for (Path from : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(
                                from,
                                to,
                                StandardCopyOption.COPY_ATTRIBUTES,
                                LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        } else {
            Files.copy(
                    source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The whole output as one JSON object, else its last line that is one; else null. */
    static JsonNode verdict(String stdout) {
        JsonNode whole = object(stdout.strip());
        if (whole != null) {
            return whole;
        }
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            JsonNode line = object(lines[i].strip());
            if (line != null) {
                return line;
            }
        }
        return null;
    }

    private static JsonNode object(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The score under {@code key} (or {@code metrics.<key>}) when it is a finite number. */
    static Double score(JsonNode json, String key) {
        if (json == null) {
            return null;
        }
        for (JsonNode value : List.of(json.path(key), json.path("metrics").path(key))) {
            if (value.isNumber() && Double.isFinite(value.asDouble())) {
                return value.asDouble();
            }
        }
        return null;
    }

    private static Path scoreRoom(Run run) {
        return run.state.roomsDir().resolve("score-" + run.config.runId());
    }

    private static Path scoreRoomCache(Run run) {
        return run.state.roomsDir().resolve("score-" + run.config.runId() + ".stat-cache");
    }

    /** Removes the run's rooms (at its end; {@code state gc} removes what a killed run left). */
    static void dropRooms(Run run) {
        for (Path path :
                List.of(
                        run.state.roomsDir().resolve("baseline-" + run.config.runId()),
                        scoreRoom(run),
                        scoreRoomCache(run))) {
            try {
                FileTrees.delete(path);
            } catch (IOException e) {
                // state gc removes it
            }
        }
    }
}
