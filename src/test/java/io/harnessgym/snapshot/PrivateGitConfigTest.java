package io.harnessgym.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's (or an agent's) {@code ~/.gitconfig} has no say over the snapshot store: its settings do
 * not reach the store's configuration, and the store's own settings hold.
 */
class PrivateGitConfigTest {
    @TempDir Path tmp;

    @Test
    void theUsersGitConfigDoesNotReachTheStore() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files2.write(
                home.resolve(".gitconfig"),
                "[core]\n\tcompression = 9\n[pack]\n\tthreads = 1\n[gc]\n\tauto = 1\n");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files2.write(ws.resolve("a.txt"), "a\n");
        File before = FS.DETECTED.userHome();
        FS.DETECTED.setUserHome(home.toFile());
        try (SnapshotStore store =
                SnapshotStore.open(Workspace.open(ws), new StateDir(tmp.resolve("state")))) {
            store.take("t", Excludes.DEFAULT);
            StoredConfig config = store.repository().getConfig();
            assertNull(config.getString("pack", null, "threads"), "the user's pack.threads");
            assertEquals(1, config.getInt("core", "compression", -1), "the store's own");
            assertEquals(false, config.getBoolean("gc", "auto", true), "the store's own");
            assertNull(
                    org.eclipse.jgit.util.SystemReader.getInstance()
                            .getUserConfig()
                            .getString("pack", null, "threads"),
                    "JGit's own view of the user configuration");
        } finally {
            FS.DETECTED.setUserHome(before);
        }
    }
}
