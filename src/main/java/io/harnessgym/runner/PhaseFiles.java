package io.harnessgym.runner;

import java.nio.file.Path;

/**
 * Where one phase's files go, in a folder of the private state directory (the agent cannot write
 * there): the prompt as sent, the agent's raw stdout and stderr (size-capped bytes), its transcript
 * (the agent's own event stream, when it has one), the normalised trajectory (ATIF) and the result
 * record.
 */
public record PhaseFiles(
        Path dir,
        Path prompt,
        Path stdout,
        Path stderr,
        Path transcript,
        Path trajectory,
        Path result) {

    public static PhaseFiles in(Path dir, Phase phase) {
        String p = phase.id();
        return new PhaseFiles(
                dir,
                dir.resolve(p + ".prompt.txt"),
                dir.resolve(p + ".stdout.log"),
                dir.resolve(p + ".stderr.log"),
                dir.resolve(p + ".transcript.jsonl"),
                dir.resolve(p + ".trajectory.json"),
                dir.resolve(p + ".result.json"));
    }
}
