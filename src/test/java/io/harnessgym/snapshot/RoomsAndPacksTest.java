package io.harnessgym.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring room kept across iterations and refreshed incrementally, the packs a large snapshot
 * writes, and their collection: a command that ran in the room cannot leave anything that the next
 * refresh does not put back, and nothing unreachable survives gc.
 */
class RoomsAndPacksTest {
    @TempDir Path tmp;
    Path ws;
    StateDir state;
    Workspace workspace;

    @BeforeEach
    void setUp() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        state = new StateDir(tmp.resolve("state"));
        workspace = Workspace.open(ws);
        Files2.write(ws.resolve("src/a.txt"), "alpha\n");
        Files2.write(ws.resolve("src/b.txt"), "bravo\n");
        Files2.write(ws.resolve("check/score.sh"), "echo 1\n");
        Files.createDirectories(ws.resolve("empty"));
    }

    private Path room() {
        return tmp.resolve("rooms/score");
    }

    private Path cache() {
        return tmp.resolve("rooms/score.stat-cache");
    }

    @Test
    void aRefreshUndoesEverythingACommandDidInTheRoomEvenKeepingSizeAndTime() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("attempt", Excludes.DEFAULT);
            Restored first = store.refreshRoom(snapshot.id(), room(), cache());
            TreeMap<String, String> expected = TreeShape.of(room());
            assertThat(expected).containsKeys("src/a.txt", "check/score.sh", "empty");
            assertThat(first.written()).hasSize(4);

            // What a scorer (or agent code it runs) could do in the room:
            Path a = room().resolve("src/a.txt");
            FileTime time = Files.getLastModifiedTime(a);
            Files.writeString(a, "ALPHA\n"); // same size
            Files.setLastModifiedTime(a, time); // and the same time
            Files.delete(room().resolve("src/b.txt"));
            Files2.write(room().resolve("extra.txt"), "left behind\n");
            Files2.write(room().resolve(".git/hooks/post"), "planted\n");
            Files2.write(room().resolve(".harnessgym/registry.json"), "{}\n");
            Files.delete(room().resolve("empty"));
            new ProcessBuilder("mkfifo", room().resolve("pipe").toString()).start().waitFor();
            Path outside = Files2.write(tmp.resolve("outside.txt"), "outside\n");
            Files.delete(room().resolve("check/score.sh"));
            Files.createLink(room().resolve("check/score.sh"), outside); // a hard link out

            Restored second = store.refreshRoom(snapshot.id(), room(), cache());

            assertThat(TreeShape.of(room())).isEqualTo(expected);
            assertThat(room().resolve(".git")).doesNotExist();
            assertThat(room().resolve(".harnessgym")).doesNotExist();
            assertThat(outside).hasContent("outside\n"); // replaced, not written through
            assertThat(second.removed()).contains("extra.txt", "pipe");
            assertThat(second.written()).contains("src/a.txt", "src/b.txt", "check/score.sh");

            // Untouched since: nothing is rewritten (only the stat is compared).
            Restored third = store.refreshRoom(snapshot.id(), room(), cache());
            assertThat(third.written()).isEmpty();
            assertThat(third.removed()).isEmpty();
        }
    }

    @Test
    void aRoomFollowsTheNextSnapshotAndIsNeverTheWorkspace() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot one = store.take("one", Excludes.DEFAULT);
            store.refreshRoom(one.id(), room(), cache());
            Files2.write(ws.resolve("src/a.txt"), "changed by the next attempt\n");
            Files.delete(ws.resolve("src/b.txt"));
            Snapshot two = store.take("two", Excludes.DEFAULT);

            Restored refreshed = store.refreshRoom(two.id(), room(), cache());

            assertThat(refreshed.written()).containsExactly("src/a.txt");
            assertThat(refreshed.removed()).containsExactly("src/b.txt");
            assertThat(TreeShape.of(room())).isEqualTo(TreeShape.of(ws));
            assertThatThrownBy(() -> store.refreshRoom(two.id(), ws.resolve("room"), cache()))
                    .hasMessageContaining("outside the workspace");
        }
    }

    @Test
    void aRoomThatIsASymbolicLinkIsReplacedNotFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(room().getParent());
        Files.createSymbolicLink(room(), elsewhere);
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("attempt", Excludes.DEFAULT);
            store.refreshRoom(snapshot.id(), room(), cache());
        }
        assertThat(elsewhere).isEmptyDirectory();
        assertThat(Files.isSymbolicLink(room())).isFalse();
        assertThat(room().resolve("src/a.txt")).hasContent("alpha\n");
    }

    @Test
    void aFileWrittenInTheLastClockTickIsNotTrustedByItsStat() {
        StatCache cache = StatCache.empty();
        FileStat early = new FileStat(0100644, 6, 1_000, 1_000, 7);
        FileStat late = new FileStat(0100644, 6, 5_000, 5_000, 8);
        ObjectId id = ObjectId.zeroId();
        cache.putWritten("early", early, id);
        cache.putWritten("late", late, id);

        cache.settle(5_000);

        assertThat(cache.cleanId("early", early)).isEqualTo(id);
        assertThat(cache.cleanId("late", late)).isNull();
        cache.putWritten("unsettled", early, id);
        cache.save(tmp.resolve("cache"));
        assertThat(StatCache.load(tmp.resolve("cache")).cleanId("unsettled", early)).isNull();
    }

    @Test
    void manyNewFilesGoIntoPacksAndGcCollectsWhatNoSnapshotReaches() throws Exception {
        for (int i = 0; i < SnapshotWriter.PACK_FROM + 44; i++) {
            Files2.write(ws.resolve("many/f" + i + ".txt"), "file " + i + "\n");
        }
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot first = store.take("first", Excludes.DEFAULT);
            Path packs = store.directory().resolve("store.git/objects/pack");
            assertThat(listing(packs)).anyMatch(name -> name.endsWith(".pack"));
            // Half the files change: their new content goes into new packs.
            for (int i = 0; i < SnapshotWriter.PACK_FROM + 44; i += 2) {
                Files2.write(ws.resolve("many/f" + i + ".txt"), "second " + i + "\n");
            }
            Snapshot second = store.take("second", Excludes.DEFAULT);
            store.drop(first.id());

            Gc.Result gc = store.gc();

            assertThat(gc.objectsRemoved())
                    .isGreaterThanOrEqualTo((SnapshotWriter.PACK_FROM + 44) / 2);
            Path room = store.materialize(second.id(), tmp.resolve("after-gc"));
            assertThat(TreeShape.of(room)).isEqualTo(TreeShape.of(ws));
            assertThat(store.gc().objectsRemoved()).isZero(); // nothing left to collect
        }
    }

    @Test
    void aFirstSnapshotHashesEachFileOnceOnlyWhileTheStoresOwnPacksHoldEverything()
            throws Exception {
        // Pairs of files with the same content: the inserter that hashes them finds the twin.
        for (int i = 0; i < SnapshotWriter.PACK_FROM + 44; i++) {
            Files2.write(ws.resolve("many/f" + i + ".txt"), "file " + (i / 2) + "\n");
        }
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            assertThat(store.allObjectsInOwnPacks()).isTrue(); // a new store
            Snapshot first = store.take("first", Excludes.DEFAULT);
            // With this many files read, the trees and the commit are packed too: no loose object.
            assertThat(store.allObjectsInOwnPacks()).isTrue();
            assertThat(looseObjects(store)).isZero();
            assertThat(TreeShape.of(store.materialize(first.id(), tmp.resolve("first"))))
                    .isEqualTo(TreeShape.of(ws));
            long packed = packBytes(store);

            // Every file read again (no stat cache), none new: no blob and no tree is stored
            // twice; only the new commit is (one object, a few hundred bytes; the blobs alone are
            // several kB, the root tree over 10 kB).
            Files.delete(store.statCacheFile());
            Snapshot again = store.take("again", Excludes.DEFAULT);

            assertThat(again.rehashed()).isGreaterThan(SnapshotWriter.PACK_FROM);
            assertThat(packBytes(store) - packed).isBetween(1L, 600L);
            assertThat(TreeShape.of(store.materialize(again.id(), tmp.resolve("again"))))
                    .isEqualTo(TreeShape.of(ws));
        }
    }

    @Test
    void aStoreThatBorrowsFromTheWorkspacesRepositoryLooksUpBeforeItStores() throws Exception {
        try (var git = org.eclipse.jgit.api.Git.init().setDirectory(ws.toFile()).call();
                SnapshotStore store = SnapshotStore.open(workspace, state)) {
            assertThat(store.allObjectsInOwnPacks()).isFalse();
        }
    }

    private static long packBytes(SnapshotStore store) throws IOException {
        Path packs = store.directory().resolve("store.git/objects/pack");
        long total = 0;
        for (String name : listing(packs)) {
            if (name.endsWith(".pack")) {
                total += Files.size(packs.resolve(name));
            }
        }
        return total;
    }

    private static long looseObjects(SnapshotStore store) throws IOException {
        try (var files = Files.walk(store.directory().resolve("store.git/objects"))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
                    .count();
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
