package io.harnessgym.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir Path tmp;
    Path ws;
    Path outside;
    StateDir state;
    Workspace workspace;

    @BeforeEach
    void setUp() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files2.write(outside.resolve("secret.txt"), "outside\n");
        state = new StateDir(tmp.resolve("state"));
        workspace = Workspace.open(ws);
        Files2.write(ws.resolve("README.md"), "hello\n");
        Files2.write(ws.resolve("src/main.py"), "print('hi')\n");
        Path tool = Files2.write(ws.resolve("bin/run.sh"), "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(ws.resolve("link-inside"), Path.of("src/main.py"));
        Files.createSymbolicLink(ws.resolve("link-outside"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ws.resolve("dir-link-outside"), outside);
        Files.createDirectories(ws.resolve("empty"));
        Files.createDirectories(ws.resolve("deep/er/empty"));
        Files2.write(ws.resolve("ünïcødé/日本語 file.txt"), "unicode ✓\n");
        byte[] large = new byte[12 << 20];
        new Random(7).nextBytes(large);
        Files.createDirectories(ws.resolve("data"));
        Files.write(ws.resolve("data/large.bin"), large);
        Files2.write(ws.resolve(".harnessgym/registry.json"), "{}\n");
        Files2.write(ws.resolve(".git/config"), "not a repo\n");
        Files2.write(ws.resolve(".codex/config.toml"), "# projection\n");
    }

    @Test
    void materialiseReproducesModesLinksEmptyFoldersUnicodeAndLargeFilesButNotExcludes() {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            Path room = store.materialize(snapshot.id(), tmp.resolve("room"));
            TreeMap<String, String> expected = TreeShape.of(ws, ".harnessgym", ".git", ".codex");
            assertThat(TreeShape.of(room)).isEqualTo(expected);
            assertThat(expected)
                    .containsEntry("link-outside", "link -> " + outside.resolve("secret.txt"))
                    .containsEntry("empty", "empty dir")
                    .containsEntry("deep/er/empty", "empty dir")
                    .containsKey("ünïcødé/日本語 file.txt");
            assertThat(expected.get("bin/run.sh")).startsWith("exec ");
            assertThat(room.resolve(".harnessgym")).doesNotExist();
            assertThat(snapshot.files()).isEqualTo(expected.size());
        }
    }

    @Test
    void materialiseRefusesAFolderInsideTheWorkspaceOrOneThatIsNotEmpty() throws IOException {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            assertThatThrownBy(() -> store.materialize(snapshot.id(), ws.resolve("room")))
                    .isInstanceOf(HarnessGymException.class)
                    .hasMessageContaining("outside the workspace");
            Files2.write(tmp.resolve("busy/x"), "x");
            assertThatThrownBy(() -> store.materialize(snapshot.id(), tmp.resolve("busy")))
                    .hasMessageContaining("not an empty folder");
        }
    }

    @Test
    void restorePutsBackEveryChangeWithoutWritingThroughLinksOrTouchingExcludes()
            throws IOException {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            TreeMap<String, String> before = TreeShape.of(ws);
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            Files2.write(ws.resolve("README.md"), "changed\n");
            Files.delete(ws.resolve("src/main.py"));
            Files2.write(ws.resolve("new/added.txt"), "new\n");
            Files.setPosixFilePermissions(
                    ws.resolve("bin/run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
            Files.delete(ws.resolve("empty"));
            Files2.write(ws.resolve("deep/er/empty/now-full"), "x");
            Files.delete(ws.resolve("link-inside"));
            Files2.write(ws.resolve("link-inside"), "a file where a link was\n");
            // the agent swaps a folder for a link that leaves the workspace
            Checkout.removeAnything(ws.resolve("ünïcødé"));
            Files.createSymbolicLink(ws.resolve("ünïcødé"), outside);
            Files2.write(ws.resolve(".harnessgym/registry.json"), "{\"edited\": true}\n");

            Restored restored = store.restore(snapshot.id());

            TreeMap<String, String> after = TreeShape.of(ws);
            after.remove(".harnessgym/registry.json");
            before.remove(".harnessgym/registry.json");
            assertThat(after).isEqualTo(before);
            assertThat(Files2.read(ws.resolve(".harnessgym/registry.json"))).contains("edited");
            assertThat(TreeShape.of(outside)).containsOnlyKeys("secret.txt");
            assertThat(restored.removed()).contains("new/added.txt", "deep/er/empty/now-full");
            assertThat(restored.written()).contains("README.md", "src/main.py", "bin/run.sh");
            assertThat(store.diffLive(snapshot.id())).isEmpty();
        }
    }

    @Test
    void diffListsAddedModifiedAndDeletedBetweenSnapshotsAndAgainstTheLiveTree()
            throws IOException {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot first = store.take("first", Excludes.DEFAULT);
            Files2.write(ws.resolve("README.md"), "changed\n");
            Files.delete(ws.resolve("src/main.py"));
            Files2.write(ws.resolve("added.txt"), "new\n");
            Files2.write(ws.resolve(".harnessgym/ignored.txt"), "excluded\n");
            List<Change> live = store.diffLive(first.id());
            assertThat(live)
                    .containsExactly(
                            new Change(Change.Kind.MODIFIED, "README.md"),
                            new Change(Change.Kind.ADDED, "added.txt"),
                            new Change(Change.Kind.ADDED, "src"), // now an empty folder
                            new Change(Change.Kind.DELETED, "src/main.py"));
            Snapshot second = store.take("second", Excludes.DEFAULT);
            assertThat(store.diff(first.id(), second.id())).isEqualTo(live);
            assertThat(store.diff(second.id(), second.id())).isEmpty();
        }
    }

    @Test
    void aSecondSnapshotReadsOnlyChangedFilesAndSeesAnEditWhoseMtimeWasSetBack() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            store.take("first", Excludes.DEFAULT);
            Thread.sleep(20); // past the first scan's clock tick, so its hashes were remembered
            Snapshot unchanged = store.take("same", Excludes.DEFAULT);
            assertThat(unchanged.rehashed()).isZero();

            Path readme = ws.resolve("README.md");
            FileTime mtime = Files.getLastModifiedTime(readme);
            Files2.write(readme, "HELLO\n"); // same size
            Files.setLastModifiedTime(readme, mtime); // touch -r: the mtime is set back
            Snapshot edited = store.take("edited", Excludes.DEFAULT);
            assertThat(edited.rehashed()).isEqualTo(1);
            assertThat(store.diff(unchanged.id(), edited.id()))
                    .containsExactly(new Change(Change.Kind.MODIFIED, "README.md"));
        }
    }

    @Test
    void configuredExcludesMatchNamesAtAnyDepthAndPathsFromTheRoot() throws IOException {
        Files2.write(ws.resolve("a/__pycache__/x.pyc"), "x");
        Files2.write(ws.resolve("build/out.o"), "o");
        Files2.write(ws.resolve("src/build/keep.txt"), "k");
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot =
                    store.take("t", new Excludes(List.of("__pycache__", "build/**", "*.bin")));
            assertThat(store.paths(snapshot.id()))
                    .doesNotContain("a/__pycache__/x.pyc", "build/out.o", "data/large.bin")
                    .contains("src/build/keep.txt");
            assertThat(store.find(snapshot.id()).excludes())
                    .containsExactly("__pycache__", "build/**", "*.bin");
        }
        assertThatThrownBy(() -> new Excludes(List.of("../up")))
                .hasMessageContaining("bad exclude pattern");
    }

    @Test
    void idsResolveByUniquePrefixAndListIsOldestFirst() {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot first = store.take("one", Excludes.DEFAULT);
            Files2.write(ws.resolve("README.md"), "two\n");
            Snapshot second = store.take("two", Excludes.DEFAULT);
            assertThat(store.list()).extracting(Snapshot::label).containsExactly("one", "two");
            assertThat(store.find(second.id().substring(0, 10)).label()).isEqualTo("two");
            assertThatThrownBy(() -> store.find("zz")).hasMessageContaining("not a snapshot id");
            assertThatThrownBy(() -> store.find("0000000")).hasMessageContaining("no snapshot");
            store.drop(first.id());
            assertThat(store.list()).extracting(Snapshot::label).containsExactly("two");
            Gc.Result gc = store.gc();
            assertThat(gc.objectsRemoved()).isPositive();
            Path room = store.materialize(second.id(), tmp.resolve("after-gc"));
            assertThat(Files2.read(room.resolve("README.md"))).isEqualTo("two\n");
        }
    }

    @Test
    void aDamagedStatCacheOnlyCostsAFullRehash() throws IOException {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot first = store.take("first", Excludes.DEFAULT);
            byte[] cache = Files.readAllBytes(store.statCacheFile());
            cache[cache.length / 2] ^= 0x5a; // one flipped byte: the CRC no longer matches
            Files.write(store.statCacheFile(), cache);
            Files2.write(ws.resolve("README.md"), "changed\n");
            Snapshot second = store.take("second", Excludes.DEFAULT);
            assertThat(second.rehashed())
                    .isEqualTo(second.files() - 5); // all but links and folders
            assertThat(store.diff(first.id(), second.id()))
                    .containsExactly(new Change(Change.Kind.MODIFIED, "README.md"));
            Files.write(store.statCacheFile(), new byte[] {1, 2, 3});
            assertThat(store.diffLive(second.id())).isEmpty();
        }
    }

    @Test
    void aPipeOrSocketIsListedAsSkippedNotStored() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", ws.resolve("src/pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            assertThat(snapshot.skipped()).containsExactly("src/pipe");
            assertThat(store.paths(snapshot.id()))
                    .doesNotContain("src/pipe")
                    .contains("src/main.py");
            assertThat(store.find(snapshot.id()).skipped()).containsExactly("src/pipe");
        }
    }
}
