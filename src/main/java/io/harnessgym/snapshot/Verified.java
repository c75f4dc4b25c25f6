package io.harnessgym.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The last few snapshots a store read, as verified: a loop step reads the baseline and the attempt
 * again and again, and what was proved once by its id stays proved in memory, whatever the disk
 * holds later. A snapshot is still named through its ref first, so a dropped one is not found here.
 */
final class Verified {
    private static final int KEPT = 4;

    private final Map<ObjectId, VerifiedObjects.Content> kept =
            new LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(
                        Map.Entry<ObjectId, VerifiedObjects.Content> eldest) {
                    return size() > KEPT;
                }
            };

    /** The snapshot {@code id}, read and verified by {@code read} unless it was already. */
    VerifiedObjects.Content get(ObjectId id, Supplier<VerifiedObjects.Content> read) {
        synchronized (kept) {
            VerifiedObjects.Content known = kept.get(id);
            if (known != null) {
                return known;
            }
        }
        VerifiedObjects.Content content = read.get();
        synchronized (kept) {
            kept.put(id.copy(), content);
        }
        return content;
    }
}
