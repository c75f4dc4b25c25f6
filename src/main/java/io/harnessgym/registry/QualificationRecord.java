package io.harnessgym.registry;

/**
 * A private qualification record: harnessgym judged this exact content (digest) of this artifact.
 * Only a {@link Verdict#PASSED} record at an artifact's current digest makes it active.
 */
public record QualificationRecord(
        String artifactId, String digest, Verdict verdict, String reportPath, String createdAt) {

    /** The verdict of a qualification. */
    public enum Verdict {
        PASSED,
        FAILED;
    }
}
