package io.harnessgym.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's repository stays untouched, and a snapshot cannot be made to name other content. */
class SnapshotTrustTest {
    @TempDir Path tmp;
    Path ws;
    StateDir state;
    Workspace workspace;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("repo"));
        workspace = Workspace.open(ws);
        ws = workspace.root();
        state = new StateDir(tmp.resolve("state"));
        Files2.write(ws.resolve("README.md"), "the committed readme\n");
        byte[] data = new byte[4 << 20];
        new Random(3).nextBytes(data);
        Files.createDirectories(ws.resolve("data"));
        Files.write(ws.resolve("data/blob.bin"), data);
        try (Git git = Git.init().setDirectory(ws.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("initial")
                    .setAuthor("user", "user@example.com")
                    .setCommitter("user", "user@example.com")
                    .setSign(false)
                    .call();
        }
        Files2.write(ws.resolve("uncommitted.txt"), "work in progress\n");
    }

    @Test
    void theUsersIndexHeadRefsAndConfigAreByteIdenticalAfterEveryOperation() throws Exception {
        TreeMap<String, String> gitBefore = TreeShape.of(ws.resolve(".git"));
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot first = store.take("first", Excludes.DEFAULT);
            Files2.write(ws.resolve("README.md"), "edited\n");
            store.take("second", Excludes.DEFAULT);
            store.diffLive(first.id());
            store.restore(first.id());
            store.materialize(first.id(), tmp.resolve("room"));
            store.gc();
        }
        assertThat(TreeShape.of(ws.resolve(".git"))).isEqualTo(gitBefore);
        assertThat(Files2.read(ws.resolve("README.md"))).isEqualTo("the committed readme\n");
    }

    @Test
    void committedContentIsBorrowedFromTheUsersRepositoryNotStoredAgain() throws Exception {
        ObjectId committedBlob;
        try (Repository user = Git.open(ws.toFile()).getRepository()) {
            committedBlob =
                    new ObjectInserter.Formatter()
                            .idFor(
                                    Constants.OBJ_BLOB,
                                    Files.readAllBytes(ws.resolve("data/blob.bin")));
            assertThat(user.getObjectDatabase().has(committedBlob)).isTrue();
        }
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            Path loose = looseObject(store.repository().getDirectory().toPath(), committedBlob);
            assertThat(loose).doesNotExist();
            assertThat(store.diskBytes()).isLessThan(200_000); // the tree holds 4 MB
            Path room = store.materialize(snapshot.id(), tmp.resolve("room"));
            assertThat(Files.readAllBytes(room.resolve("data/blob.bin")))
                    .isEqualTo(Files.readAllBytes(ws.resolve("data/blob.bin")));
            assertThat(Files2.read(room.resolve("uncommitted.txt")))
                    .isEqualTo("work in progress\n");
        }
    }

    @Test
    void manyCommittedFilesAreBorrowedToo() throws Exception {
        // Enough files to read for the pack inserter (SnapshotWriter.PACK_FROM): it too writes only
        // what neither the store nor the user's repository has.
        Random random = new Random(11);
        for (int i = 0; i < SnapshotWriter.PACK_FROM + 44; i++) {
            byte[] data = new byte[10_000];
            random.nextBytes(data);
            Files.createDirectories(ws.resolve("many"));
            Files.write(ws.resolve("many/f" + i + ".bin"), data);
        }
        try (Git git = Git.open(ws.toFile())) {
            git.add().addFilepattern("many").call();
            git.commit()
                    .setMessage("many")
                    .setAuthor("user", "user@example.com")
                    .setCommitter("user", "user@example.com")
                    .setSign(false)
                    .call();
        }
        Files2.write(ws.resolve("many/new.txt"), "not committed\n");
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            assertThat(snapshot.rehashed()).isGreaterThan(SnapshotWriter.PACK_FROM);
            assertThat(store.diskBytes()).isLessThan(300_000); // the files hold 3 MB
            Path room = store.materialize(snapshot.id(), tmp.resolve("room"));
            assertThat(Files.readAllBytes(room.resolve("many/f7.bin")))
                    .isEqualTo(Files.readAllBytes(ws.resolve("many/f7.bin")));
            assertThat(Files2.read(room.resolve("many/new.txt"))).isEqualTo("not committed\n");
        }
    }

    @Test
    void anObjectRewrittenInTheUsersRepositoryIsDetectedNotServed() throws Exception {
        ObjectId readme = blobId(Files2.read(ws.resolve("README.md")));
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            // The agent can write .git: it replaces the loose object with other content.
            Path object = looseObject(ws.resolve(".git"), readme);
            assertThat(object).exists();
            object.toFile().setWritable(true);
            Files.write(object, looseBlob("forged readme\n"));
            assertThatThrownBy(() -> store.materialize(snapshot.id(), tmp.resolve("room")))
                    .isInstanceOf(HarnessGymException.class)
                    .hasMessageContaining("does not hold the content its id names");
            Files2.write(ws.resolve("README.md"), "changed\n");
            assertThatThrownBy(() -> store.restore(snapshot.id()))
                    .hasMessageContaining("does not hold the content its id names");
            assertThat(Files2.read(ws.resolve("README.md"))).isEqualTo("changed\n");
        }
    }

    @Test
    void anObjectRewrittenInTheStoreIsDetected() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            ObjectId uncommitted = blobId("work in progress\n");
            Path object = looseObject(store.repository().getDirectory().toPath(), uncommitted);
            object.toFile().setWritable(true);
            Files.write(object, looseBlob("forged work!!!!!!\n"));
            assertThatThrownBy(() -> store.materialize(snapshot.id(), tmp.resolve("room")))
                    .hasMessageContaining("does not hold the content its id names");
        }
    }

    @Test
    void replaceRefsAndGraftsAreNeverHonoured() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("honest", Excludes.DEFAULT);
            Files2.write(ws.resolve("README.md"), "forged readme\n");
            Snapshot forged = store.take("forged", Excludes.DEFAULT);
            Repository repository = store.repository();
            ObjectId honestBlob = blobId("the committed readme\n");
            ObjectId forgedBlob = blobId("forged readme\n");
            replace(repository, honestBlob, forgedBlob);
            replace(
                    repository,
                    ObjectId.fromString(snapshot.id()),
                    ObjectId.fromString(forged.id()));
            try (Repository user = Git.open(ws.toFile()).getRepository()) {
                replace(user, honestBlob, forgedBlob);
            }
            Files2.write(
                    repository.getDirectory().toPath().resolve("info/grafts"),
                    snapshot.id() + " " + forged.id() + "\n");
            Files2.write(ws.resolve(".git/info/grafts"), snapshot.id() + " " + forged.id() + "\n");

            assertThat(store.find(snapshot.id()).label()).isEqualTo("honest");
            Path room = store.materialize(snapshot.id(), tmp.resolve("room"));
            assertThat(Files2.read(room.resolve("README.md"))).isEqualTo("the committed readme\n");
            assertThat(store.diff(snapshot.id(), forged.id()))
                    .containsExactly(new Change(Change.Kind.MODIFIED, "README.md"));
        }
    }

    @Test
    void aRefRedirectedToAnotherSnapshotNeverServesItUnderTheOldId() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot baseline = store.take("baseline", Excludes.DEFAULT);
            Files2.write(ws.resolve("README.md"), "what the agent wants graded\n");
            Snapshot forged = store.take("forged", Excludes.DEFAULT);
            // Point the baseline's ref at the forged commit (a file edit in the store).
            Path ref =
                    store.repository()
                            .getDirectory()
                            .toPath()
                            .resolve(SnapshotRefs.PREFIX + baseline.id());
            Files.writeString(ref, forged.id() + "\n");
            assertThatThrownBy(() -> store.find(baseline.id()))
                    .hasMessageContaining("was redirected to " + forged.id())
                    .hasMessageContaining("tampered with");
            assertThatThrownBy(() -> store.materialize(baseline.id(), tmp.resolve("room")))
                    .hasMessageContaining("tampered with");
            assertThat(store.list()).extracting(Snapshot::label).containsExactly("forged");
        }
    }

    @Test
    void anObjectDeletedFromTheStoreIsNamedNotSkipped() throws Exception {
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            Snapshot snapshot = store.take("t", Excludes.DEFAULT);
            ObjectId uncommitted = blobId("work in progress\n");
            Files.delete(looseObject(store.repository().getDirectory().toPath(), uncommitted));
            assertThatThrownBy(() -> store.materialize(snapshot.id(), tmp.resolve("room")))
                    .isInstanceOf(HarnessGymException.class)
                    .hasMessageContaining("snapshot object " + uncommitted.name() + " is missing");
        }
    }

    @Test
    void aSnapshotKilledHalfWayLeavesEveryEarlierSnapshotReadableAndGcCleansUp() throws Exception {
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[16 << 10];
            new Random(i).nextBytes(bytes);
            Path file = ws.resolve("many/" + (i % 30) + "/f" + i + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        }
        String earlier;
        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            earlier = store.take("before the kill", new Excludes(List.of("many"))).id();
        }
        Path objects = state.root().resolve("snapshots/store.git/objects");
        long before = bytesUnder(objects);
        List<String> command = new ArrayList<>(McpTestServers.harnessgymCommand());
        command.addAll(
                List.of(
                        "--workspace",
                        ws.toString(),
                        "--state-dir",
                        state.root().toString(),
                        "snapshot",
                        "create"));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Objects are written into a pack; kill it once a few MB of the 48 are in it.
        while (bytesUnder(objects) < before + (4 << 20)
                && process.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(process.isAlive())
                .as("the snapshot was still being written when killed")
                .isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        try (SnapshotStore store = SnapshotStore.open(workspace, state)) {
            assertThat(store.list()).extracting(Snapshot::id).containsExactly(earlier);
            Path room = store.materialize(earlier, tmp.resolve("room"));
            assertThat(Files2.read(room.resolve("README.md"))).isEqualTo("the committed readme\n");
            Gc.Result gc = store.gc();
            assertThat(gc.bytesRemoved()).isGreaterThanOrEqualTo(4 << 20);
            assertThat(bytesUnder(objects)).isLessThan(before + (1 << 20));
            Snapshot after = store.take("after", Excludes.DEFAULT);
            assertThat(store.paths(after.id())).contains("many/0/f0.bin");
            assertThat(store.diffLive(after.id())).isEmpty();
        }
    }

    /** The bytes of everything under {@code dir} (files come and go while the writer runs). */
    private static long bytesUnder(Path dir) throws Exception {
        long[] total = {0};
        Files.walkFileTree(
                dir,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult visitFile(
                            Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                        total[0] += attributes.size();
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(
                            Path file, java.io.IOException e) {
                        return java.nio.file.FileVisitResult.CONTINUE; // gone: renamed or removed
                    }
                });
        return total[0];
    }

    private static Path looseObject(Path gitDir, ObjectId id) {
        return gitDir.resolve("objects")
                .resolve(id.name().substring(0, 2))
                .resolve(id.name().substring(2));
    }

    private static ObjectId blobId(String content) {
        return new ObjectInserter.Formatter()
                .idFor(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void replace(Repository repository, ObjectId original, ObjectId replacement)
            throws Exception {
        RefUpdate update = repository.updateRef(Constants.R_REFS + "replace/" + original.name());
        update.setNewObjectId(replacement);
        update.setForceUpdate(true);
        update.update();
    }

    private static byte[] looseBlob(String content) throws Exception {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(raw)) {
            out.write(("blob " + body.length + "\0").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        }
        return raw.toByteArray();
    }
}
