package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.task.CheckCommand;
import io.harnessgym.task.ProtectedPaths;
import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The post-attempt command, run by harnessgym in a scoring room, never in the live workspace: the
 * attempt's snapshot materialised, with the protected paths (the scorer and what it reads) put back
 * from the baseline, so an agent that edits the scorer changes nothing. How it runs and how its
 * verdict is read: {@link CheckCommand}.
 */
final class Score {
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

    private Score() {}

    static Measured measure(Run run, Iteration iteration, Snapshot attempt) throws IOException {
        // One room for the run, brought to each attempt's snapshot: only what differs from what
        // harnessgym last wrote there is rewritten (the command's own changes included).
        Path room = scoreRoom(run);
        Files.createDirectories(room.getParent());
        run.store.refreshRoom(attempt.id(), room, scoreRoomCache(run));
        ProtectedPaths.restore(
                run.store,
                run.baseline.id(),
                run.state.roomsDir().resolve("baseline-" + run.config.runId()),
                room,
                run.config.protectedPaths());
        // The task's holdout, for the check only: in the room (which no agent sees, and which the
        // next refresh clears), named by HARNESSGYM_HOLDOUT_FILE.
        Path out = iteration.dir.resolve("post_attempt.stdout.txt");
        Path err = iteration.dir.resolve("post_attempt.stderr.txt");
        CheckCommand.Verdict verdict =
                CheckCommand.run(
                        new CheckCommand.Spec(
                                run.config.postAttemptCommand(),
                                run.config.scoreKey(),
                                run.holdout,
                                run.config.postAttemptTimeout(),
                                List.of(run.state.root(), run.state.roomsDir())),
                        room,
                        out,
                        err,
                        run.env);
        return new Measured(
                verdict.status(),
                verdict.exitCode(),
                verdict.timedOut(),
                verdict.passed(),
                verdict.score(),
                run.config.scoreKey(),
                verdict.json(),
                out.toString(),
                err.toString(),
                attempt.id(),
                verdict.sandbox(),
                verdict.durationMs());
    }

    /** The score under {@code key} (or {@code metrics.<key>}) when it is a finite number. */
    static Double score(JsonNode json, String key) {
        return CheckCommand.score(json, key);
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
