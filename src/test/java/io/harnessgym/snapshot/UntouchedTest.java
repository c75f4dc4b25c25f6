package io.harnessgym.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stat-only proof that the live workspace still is a snapshot, which an overlay scoring room
 * rests on: every kind of write an agent's leftover process could make is seen, including one that
 * keeps the size and sets the modification time back.
 */
class UntouchedTest {
    @TempDir Path tmp;
    Path ws;
    Workspace workspace;
    StateDir state;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        workspace = Workspace.open(ws);
        state = new StateDir(tmp.resolve("state"));
        Files2.write(ws.resolve("src/a.txt"), "alpha\n");
        Files2.write(ws.resolve("src/b.txt"), "bravo\n");
        Files2.write(ws.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(ws.resolve("empty"));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("src/a.txt"));
        Process fifo = new ProcessBuilder("mkfifo", ws.resolve("pipe").toString()).start();
        assertThat(fifo.waitFor()).isZero();
    }

    /** Waits until the file system's clock has moved past every write made so far. */
    private static void pastThisTick(SnapshotStore store) throws InterruptedException {
        long now = store.fileSystemNow();
        while (store.fileSystemNow() == now) {
            Thread.sleep(1);
        }
    }

    private Snapshot taken(SnapshotStore store) throws InterruptedException {
        pastThisTick(store); // a file written in the scan's own tick is never vouched for
        return store.take("attempt", Excludes.DEFAULT);
    }

    @Test
    void anUntouchedWorkspaceIsShownWithWhatTheSnapshotLeftOut() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = taken(store);

            Optional<Untouched> untouched = store.untouchedSince(snapshot.id());

            assertThat(untouched).isPresent();
            assertThat(untouched.get().leftOut()).containsExactly(".git", "pipe");
            assertThat(store.lastTaken(snapshot.id())).isEqualTo(untouched);
        }
    }

    @Test
    void everyKindOfWriteAfterTheSnapshotIsSeen() throws Exception {
        List<Consumer<Path>> writes =
                List.of(
                        root -> Files2.write(root.resolve("src/new.txt"), "new\n"),
                        root -> delete(root.resolve("src/b.txt")),
                        root -> delete(root.resolve("empty")),
                        root -> Files2.write(root.resolve("src/a.txt"), "ALPHA\n"),
                        UntouchedTest::sameSizeAndTimeSetBack,
                        root -> chmod(root.resolve("src/a.txt"), "rwxr-xr-x"),
                        root -> relink(root.resolve("link"), Path.of("src/b.txt")),
                        root -> Files2.write(root.resolve("empty/inside.txt"), "x\n"),
                        root -> delete(root.resolve("link")));
        for (Consumer<Path> write : writes) {
            try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
                Snapshot snapshot = taken(store);
                assertThat(store.untouchedSince(snapshot.id())).isPresent();

                write.accept(ws);

                assertThat(store.untouchedSince(snapshot.id())).isEmpty();
            }
            reset(ws);
        }
    }

    @Test
    void filesTheCacheDoesNotHoldAreReadAndVouchedForOnlyWithTheSnapshotsContent()
            throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            // Written in the tick of the walk that hashed them, files are not in the cache; the
            // same as a cache that is gone.
            Snapshot snapshot = store.take("attempt", Excludes.DEFAULT);
            Files.delete(store.statCacheFile());
            // No proof without the cache: a file is never read after the fact.
            assertThat(store.untouchedSince(snapshot.id())).isEmpty();

            assertThat(store.vouch(snapshot.id())).isTrue(); // read now: the snapshot's content
            assertThat(StatCache.load(store.statCacheFile()).holds("src/a.txt")).isTrue();
            assertThat(store.untouchedSince(snapshot.id())).isPresent();

            Files.delete(store.statCacheFile());
            sameSizeAndTimeSetBack(ws);
            assertThat(store.vouch(snapshot.id())).isFalse(); // read now: other content
            assertThat(store.untouchedSince(snapshot.id())).isEmpty();
        }
    }

    @Test
    void whatTheSnapshotLeavesOutChangingIsSeenByComparingWhatWasLeftOut() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = taken(store);
            Untouched before = store.lastTaken(snapshot.id()).orElseThrow();

            Files2.write(ws.resolve(".claude/settings.json"), "{}\n"); // excluded, new

            Optional<Untouched> after = store.untouchedSince(snapshot.id());
            assertThat(after).isPresent(); // the snapshot's paths are as they were...
            assertThat(after.get()).isNotEqualTo(before); // ...but a new excluded path is there
            assertThat(after.get().leftOut()).containsExactly(".claude", ".git", "pipe");
        }
    }

    @Test
    void whatTheLastTakeLeftOutIsForgottenOnARestoreAndAnotherTake() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot first = taken(store);
            assertThat(store.lastTaken(first.id())).isPresent();
            Files2.write(ws.resolve("src/a.txt"), "changed\n");
            Snapshot second = store.take("second", Excludes.DEFAULT);
            assertThat(store.lastTaken(first.id())).isEmpty();
            assertThat(store.lastTaken(second.id())).isPresent();

            store.restore(first.id());

            assertThat(store.lastTaken(second.id())).isEmpty();
            assertThat(store.lastTaken(first.id())).isEmpty();
        }
    }

    private static void sameSizeAndTimeSetBack(Path root) {
        try {
            Path file = root.resolve("src/a.txt");
            FileTime before = Files.getLastModifiedTime(file);
            Files.writeString(file, "omega\n"); // same size
            Files.setLastModifiedTime(file, before);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            io.harnessgym.workspace.FileTrees.delete(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void chmod(Path path, String mode) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void relink(Path link, Path target) {
        try {
            Files.delete(link);
            Files.createSymbolicLink(link, target);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Puts the workspace back as {@link #setUp} made it. */
    private static void reset(Path ws) throws Exception {
        delete(ws.resolve("src"));
        delete(ws.resolve("empty"));
        delete(ws.resolve("link"));
        Files2.write(ws.resolve("src/a.txt"), "alpha\n");
        Files2.write(ws.resolve("src/b.txt"), "bravo\n");
        Files.createDirectories(ws.resolve("empty"));
        Files.createSymbolicLink(ws.resolve("link"), Path.of("src/a.txt"));
    }
}
