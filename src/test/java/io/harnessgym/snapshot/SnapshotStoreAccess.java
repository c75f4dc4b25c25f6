package io.harnessgym.snapshot;

import java.nio.file.Path;

/** Package internals other packages' tests use. */
public final class SnapshotStoreAccess {
    private SnapshotStoreAccess() {}

    public static void removeTree(Path path) throws java.io.IOException {
        Checkout.removeAnything(path);
    }
}
