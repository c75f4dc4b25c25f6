package io.harnessgym.registry;

/**
 * A private quarantine record: this content (digest) of this artifact is set aside. It holds for
 * the digest wherever its files move, and for the id until new content passes qualification.
 *
 * @param source {@code manual} (registry quarantine), {@code registry.json} (a marker found there,
 *     such as the Python HarnessGym's), or {@code qualification}
 */
public record QuarantineRecord(
        String artifactId,
        String digest,
        String reason,
        String source,
        String reportPath,
        String createdAt) {}
