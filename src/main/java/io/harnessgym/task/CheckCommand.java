package io.harnessgym.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.process.Overlay;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A task's check (its {@code verify} command, {@code run}'s post-attempt command) run by harnessgym
 * in a room of its own, never in the live workspace, under bubblewrap (the room writable, its
 * {@code .git} and {@code .harnessgym} read-only, the state directory and credentials hidden, no
 * network), with the server environment policy. The holdout, when there is one, is a file in the
 * room named by {@code HARNESSGYM_HOLDOUT_FILE}. The verdict is parsed strictly: a JSON object on
 * stdout (the whole of it, or its last JSON line); passed means exit 0 and a {@code status}, if
 * any, of passed / pass / ok / success / solved; a score is a finite number.
 */
public final class CheckCommand {
    private static final Set<String> PASSED = Set.of("passed", "pass", "ok", "success", "solved");

    /** Where the holdout is put in the room. */
    public static final String HOLDOUT_FILE = ".harnessgym-holdout.md";

    /** What the check's verdict is, as harnessgym read it. */
    public record Verdict(
            String status,
            Integer exitCode,
            boolean timedOut,
            boolean passed,
            Double score,
            JsonNode json,
            String sandbox,
            long durationMs) {}

    /**
     * How a check is run: its shell command, the score's JSON key, the holdout (or null), the time
     * limit, and the paths to hide besides credentials (the state directory, the rooms).
     */
    public record Spec(
            String command, String scoreKey, String holdout, Duration timeout, List<Path> hidden) {
        public Spec {
            hidden = List.copyOf(hidden);
        }
    }

    private CheckCommand() {}

    /** Runs the check in {@code room}; its output goes to {@code stdout} and {@code stderr}. */
    public static Verdict run(
            Spec spec, Path room, Path stdout, Path stderr, Map<String, String> env)
            throws IOException {
        return run(spec, room, null, stdout, stderr, env);
    }

    /**
     * The same in {@code overlay}'s merged view ({@code room}) when it is not null: the holdout is
     * then written above the workspace, in the overlay's upper folder.
     */
    public static Verdict run(
            Spec spec,
            Path room,
            Overlay overlay,
            Path stdout,
            Path stderr,
            Map<String, String> env)
            throws IOException {
        Map<String, String> extra = Map.of();
        if (spec.holdout() != null) {
            Path holdout = (overlay == null ? room : overlay.upper()).resolve(HOLDOUT_FILE);
            FileTrees.delete(holdout);
            Files.writeString(holdout, spec.holdout(), StandardOpenOption.CREATE_NEW);
            extra = Map.of("HARNESSGYM_HOLDOUT_FILE", room.resolve(HOLDOUT_FILE).toString());
        }
        RoomProcess process =
                new RoomProcess(room, spec.timeout(), spec.hidden(), stdout, stderr, env, overlay);
        ProcessResult result =
                process.run(List.of("/bin/sh", "-c", spec.command()), extra, 1 << 20);
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
                        && (!json.has("status") || isPassed(json.path("status").asText("")));
        return new Verdict(
                status,
                result.exitCode(),
                result.timedOut(),
                passed,
                score(json, spec.scoreKey()),
                json,
                process.sandbox().id(),
                result.elapsed().toMillis());
    }

    /** Whether a verdict's {@code status} says passed (passed, pass, ok, success, solved). */
    public static boolean isPassed(String status) {
        return PASSED.contains(status.toLowerCase(Locale.ROOT));
    }

    /** The whole output as one JSON object, else its last line that is one; else null. */
    public static JsonNode verdict(String stdout) {
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
    public static Double score(JsonNode json, String key) {
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
}
