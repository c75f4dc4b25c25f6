package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.process.Overlay;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.snapshot.Untouched;
import io.harnessgym.task.CheckCommand;
import io.harnessgym.task.ProtectedPaths;
import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The post-attempt command, run by harnessgym in a scoring room, never in the live workspace: the
 * attempt's snapshot, with the protected paths (the scorer and what it reads) put back from the
 * baseline, so an agent that edits the scorer changes nothing. How it runs and how its verdict is
 * read: {@link CheckCommand}.
 *
 * <p>Where an overlay works ({@link Overlay}), the room is the live workspace read-only below and a
 * fresh folder above: nothing is copied. That is the attempt's snapshot only while no one writes
 * the workspace, so it is used only when the workspace's stat shows it still is the snapshot, and
 * the same proof is made again after the command: a write in between (an agent's process that
 * outlived its session) voids the score, and the command runs again in a copied room, which is also
 * what is used wherever an overlay does not work.
 */
final class Score {
    /**
     * What the command measured, and in which room: {@code overlay} (the live workspace, proved to
     * be the attempt's snapshot before and after the command, below; the command's writes above) or
     * {@code copy} (the snapshot written out); {@code roomNote} says why a copy was used where an
     * overlay works.
     */
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
            long durationMs,
            String room,
            String roomNote) {}

    private Score() {}

    static Measured measure(Run run, Iteration iteration, Snapshot attempt) throws IOException {
        Path out = iteration.dir.resolve("post_attempt.stdout.txt");
        Path err = iteration.dir.resolve("post_attempt.stderr.txt");
        CheckCommand.Spec spec =
                new CheckCommand.Spec(
                        run.config.postAttemptCommand(),
                        run.config.scoreKey(),
                        run.holdout,
                        run.config.postAttemptTimeout(),
                        List.of(run.state.root(), run.state.roomsDir()));
        String note = null;
        Path rooms = run.state.roomsDir();
        Files.createDirectories(rooms);
        Files.setPosixFilePermissions(rooms, PosixFilePermissions.fromString("rwx------"));
        Optional<Overlay.Tools> tools = Overlay.detect(rooms, run.env);
        if (tools.isPresent() && run.overlayRefused != null) {
            note = run.overlayRefused;
        } else if (tools.isPresent()) {
            Over over = overlay(run, tools.get(), attempt);
            if (over.refused() != null) {
                note = over.refused();
            } else {
                Overlay overlay = over.overlay();
                try {
                    CheckCommand.Verdict verdict =
                            CheckCommand.run(spec, overlay.merged(), overlay, out, err, run.env);
                    if (!overlay.mounted()) {
                        note = "the overlay could not be mounted over this workspace";
                        run.overlayRefused = note;
                    } else if (!run.store
                            .untouchedSince(attempt.id())
                            .equals(Optional.of(over.shown()))) {
                        // What the command read may not be what the snapshot holds: void.
                        note = "the workspace changed while it was scored; that score is void";
                    } else {
                        return measured(run, attempt, verdict, out, err, "overlay", null);
                    }
                } finally {
                    overlay.remove();
                }
            }
        }
        // One room for the run, brought to each attempt's snapshot: only what differs from what
        // harnessgym last wrote there is rewritten (the command's own changes included).
        Path room = scoring(run, "");
        run.store.refreshRoom(attempt.id(), room, scoring(run, ".stat-cache"));
        ProtectedPaths.restore(
                run.store, run.baseline.id(), baselineRoom(run), room, run.config.protectedPaths());
        // The task's holdout, for the check only: in the room (which no agent sees, and which the
        // next refresh clears), named by HARNESSGYM_HOLDOUT_FILE.
        CheckCommand.Verdict verdict = CheckCommand.run(spec, room, out, err, run.env);
        return measured(run, attempt, verdict, out, err, "copy", note);
    }

    /**
     * An overlay room and what the workspace below it held beside the snapshot; or why there is
     * none ({@code refused}).
     */
    private record Over(Overlay overlay, Untouched shown, String refused) {
        static Over refused(String why) {
            return new Over(null, null, why);
        }
    }

    /**
     * An overlay room over the live workspace when it can be {@code attempt}: the protected paths
     * put back above it, and whatever the snapshot leaves out hidden.
     */
    private static Over overlay(Run run, Overlay.Tools tools, Snapshot attempt) throws IOException {
        Path lower = run.workspace.root();
        Path upper = scoring(run, ".upper");
        Path work = scoring(run, ".work");
        Path merged = scoring(run, ".view");
        if (!Overlay.usable(lower)
                || !Overlay.usable(upper)
                || !Overlay.usable(work)
                || !Overlay.usable(merged)) {
            run.overlayRefused =
                    "the workspace's or the rooms' path has a character overlay options cannot"
                            + " carry (a comma, colon, backslash or control character)";
            return Over.refused(run.overlayRefused);
        }
        // Every file of the snapshot held by the stat cache first (the proof rests on it); then
        // what the snapshot left out, from its own walk when this run just took it. Whether the
        // workspace is still that snapshot is proved after the command.
        String notShown = "the workspace was not shown to be the attempt's snapshot";
        if (!run.store.vouch(attempt.id())) {
            return Over.refused(notShown);
        }
        Optional<Untouched> live = run.store.lastTaken(attempt.id());
        if (live.isEmpty()) {
            live = run.store.untouchedSince(attempt.id());
        }
        if (live.isEmpty()) {
            return Over.refused(notShown);
        }
        Overlay overlay =
                Overlay.prepare(tools, lower, upper, work, merged, scoring(run, ".mounted"));
        List<Path> whiteouts =
                new ArrayList<>(
                        ProtectedPaths.over(
                                run.store,
                                run.baseline.id(),
                                baselineRoom(run),
                                lower,
                                overlay.upper(),
                                run.config.protectedPaths(),
                                live.get().leftOut()));
        for (String relative : live.get().leftOut()) {
            Path whiteout = overlay.upper().resolve(relative);
            Files.createDirectories(whiteout.getParent());
            whiteouts.add(whiteout);
        }
        return new Over(overlay.hiding(whiteouts), live.get(), null);
    }

    private static Measured measured(
            Run run,
            Snapshot attempt,
            CheckCommand.Verdict verdict,
            Path out,
            Path err,
            String room,
            String note) {
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
                verdict.durationMs(),
                room,
                note);
    }

    /** The score under {@code key} (or {@code metrics.<key>}) when it is a finite number. */
    static Double score(JsonNode json, String key) {
        return CheckCommand.score(json, key);
    }

    private static Path baselineRoom(Run run) {
        return run.state.roomsDir().resolve("baseline-" + run.config.runId());
    }

    /**
     * The run's scoring paths in the rooms folder: the kept copy ({@code ""}), its stat cache, and
     * the overlay's folders and mark.
     */
    private static Path scoring(Run run, String suffix) {
        return run.state.roomsDir().resolve("score-" + run.config.runId() + suffix);
    }

    private static final List<String> SCORING =
            List.of("", ".stat-cache", ".upper", ".work", ".view", ".mounted");

    /** Removes the run's rooms (at its end; {@code state gc} removes what a killed run left). */
    static void dropRooms(Run run) {
        List<Path> paths = new ArrayList<>(List.of(baselineRoom(run)));
        SCORING.forEach(suffix -> paths.add(scoring(run, suffix)));
        for (Path path : paths) {
            try {
                FileTrees.delete(path);
            } catch (IOException e) {
                // state gc removes it
            }
        }
    }
}
