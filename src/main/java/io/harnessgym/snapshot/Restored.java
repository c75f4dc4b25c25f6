package io.harnessgym.snapshot;

import java.util.List;

/** What a restore did: files and links rewritten, paths removed, and the snapshot it restored. */
public record Restored(String snapshot, List<String> written, List<String> removed, int unchanged) {
    public Restored {
        written = List.copyOf(written);
        removed = List.copyOf(removed);
    }
}
