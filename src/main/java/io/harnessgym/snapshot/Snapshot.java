package io.harnessgym.snapshot;

import java.util.List;

/**
 * One snapshot: its id (the commit id, which names its content), what it was taken for, its size,
 * how many files were read to take it (the others' stat was unchanged), and the sockets, pipes and
 * devices it left out. {@code excludes} are the patterns it was taken with; restoring it uses them
 * again.
 */
@com.fasterxml.jackson.annotation.JsonInclude(
        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record Snapshot(
        String id,
        String label,
        String createdAt,
        String workspace,
        List<String> excludes,
        int files,
        long bytes,
        int rehashed,
        List<String> skipped) {
    public Snapshot {
        excludes = excludes == null ? List.of() : List.copyOf(excludes);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    /** The same snapshot under its id (the metadata in a commit message has none). */
    Snapshot withId(String commitId) {
        return new Snapshot(
                commitId, label, createdAt, workspace, excludes, files, bytes, rehashed, skipped);
    }
}
