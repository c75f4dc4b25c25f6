package io.harnessgym.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.AtomicFiles;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The snapshot store of one workspace: a bare git repository in the private state directory whose
 * work tree is the workspace and whose index is its own ({@link StatCache}); the user's {@code
 * .git} is never written, and when the workspace is a git repository its object folder is an
 * alternate, so committed content is not stored twice. A snapshot is a commit under {@code
 * refs/harnessgym/snapshots/}; its id is the commit id, and every read re-hashes what it reads.
 */
public final class SnapshotStore implements AutoCloseable {

    static {
        Sha1.useJdkUnlessChosen();
    }

    private final Workspace workspace;
    private final Path dir;
    private final Repository repository;

    private final boolean borrows;
    private final SnapshotRefs refs;

    private SnapshotStore(Workspace workspace, Path dir, Repository repository, boolean borrows) {
        this.workspace = workspace;
        this.dir = dir;
        this.repository = repository;
        this.borrows = borrows;
        this.refs = new SnapshotRefs(repository);
    }

    /** Opens (creating on first use) the store in {@code state}. */
    public static SnapshotStore open(Workspace workspace, StateDir state) {
        Path dir = state.ensureDir("snapshots");
        Path gitDir = dir.resolve("store.git");
        PrivateGitConfig.install();
        try {
            Repository repository =
                    new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setBare().build();
            if (!Files.isDirectory(gitDir.resolve("objects"))) {
                repository.create(true);
                var config = repository.getConfig();
                config.setInt("core", null, "compression", 1);
                config.setInt("core", null, "looseCompression", 1);
                config.setBoolean("gc", null, "auto", false);
                config.save();
            }
            boolean borrows = Alternates.update(workspace.root(), gitDir);
            return new SnapshotStore(workspace, dir, repository, borrows);
        } catch (IOException | IllegalStateException e) {
            throw HarnessGymException.badInput(
                    "cannot open the snapshot store " + gitDir + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return dir;
    }

    Repository repository() {
        return repository;
    }

    SnapshotRefs refs() {
        return refs;
    }

    /**
     * Whether every object the store has is in one of its own packs (no repository borrowed from,
     * no loose object): then a pack inserter finds every object there is ({@link Packs}).
     */
    boolean allObjectsInOwnPacks() {
        return !borrows && Packs.holdEverything(dir.resolve("store.git").resolve("objects"));
    }

    Path statCacheFile() {
        return dir.resolve("stat-cache");
    }

    /**
     * What a bundle snapshot leaves out of {@code .harnessgym}: the run copies, the runtime helper,
     * the lock and the activation (harnessgym writes those again); the artifacts, the registry and
     * the prompts are in it.
     */
    public static final Excludes BUNDLE_EXCLUDES =
            new Excludes(List.of("runs", "runtime", "lock", "activation.json"));

    Path bundleStatCacheFile() {
        return dir.resolve("bundle-stat-cache");
    }

    /** Takes a snapshot of the bundle ({@code .harnessgym}, its artifacts and registry). */
    public Snapshot takeBundle(String label) {
        return new SnapshotWriter(this, new Workspace(workspace.bundleDir()), bundleStatCacheFile())
                .take(label, BUNDLE_EXCLUDES);
    }

    /** Puts the bundle back to a bundle snapshot. */
    public Restored restoreBundle(String id) {
        return SnapshotRestorer.workspace(
                        this,
                        new Workspace(workspace.bundleDir()),
                        bundleStatCacheFile(),
                        sameFileSystemClock())
                .restore(resolve(id));
    }

    /** Takes a snapshot of the workspace. */
    public Snapshot take(String label, Excludes excludes) {
        lastTake = null;
        SnapshotWriter writer = new SnapshotWriter(this, workspace, statCacheFile());
        Snapshot snapshot = writer.take(label, excludes);
        lastTake = new Taken(snapshot.id(), new Untouched(writer.leftOut()));
        return snapshot;
    }

    /** Every snapshot, oldest first. */
    public List<Snapshot> list() {
        List<Snapshot> snapshots = new ArrayList<>();
        try (VerifiedObjects objects = new VerifiedObjects(repository)) {
            for (Ref ref : refs.all()) {
                if (SnapshotRefs.honest(ref)) {
                    snapshots.add(info(objects.snapshot(ref.getObjectId())));
                }
            }
        }
        snapshots.sort(Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::id));
        return snapshots;
    }

    /** The snapshot a full id or a unique prefix of at least 4 digits names. */
    public Snapshot find(String idOrPrefix) {
        return info(content(resolve(idOrPrefix)));
    }

    ObjectId resolve(String idOrPrefix) {
        return refs.resolve(idOrPrefix);
    }

    /** A snapshot's entries, every commit and tree verified. */
    VerifiedObjects.Content content(ObjectId id) {
        return verified.get(
                id,
                () -> {
                    try (VerifiedObjects objects = new VerifiedObjects(repository)) {
                        return objects.snapshot(id);
                    }
                });
    }

    private final Verified verified = new Verified();

    Snapshot info(VerifiedObjects.Content content) {
        String message = content.message();
        int json = message.indexOf("\n\n");
        try {
            Snapshot meta =
                    Json.MAPPER.readValue(
                            json < 0 ? "{}" : message.substring(json + 2), Snapshot.class);
            return meta.withId(content.commit().name());
        } catch (JsonProcessingException e) {
            throw HarnessGymException.badInput(
                    "snapshot " + content.commit().name() + " has no harnessgym metadata", e);
        }
    }

    /** A snapshot and its paths, from one verified read. */
    public record Contents(Snapshot snapshot, List<String> paths) {
        public Contents {
            paths = List.copyOf(paths);
        }
    }

    public Contents contents(String id) {
        VerifiedObjects.Content content = content(resolve(id));
        return new Contents(info(content), List.copyOf(content.entries().keySet()));
    }

    /** The paths of a snapshot, verified. */
    public List<String> paths(String id) {
        return contents(id).paths();
    }

    /** Puts the workspace back to a snapshot: changed files rewritten, extra ones removed. */
    public Restored restore(String id) {
        lastTake = null;
        return SnapshotRestorer.workspace(this, workspace, statCacheFile(), sameFileSystemClock())
                .restore(resolve(id));
    }

    /**
     * Brings {@code room}, a folder of harnessgym's outside the workspace, to snapshot {@code id}:
     * only what differs from what it last wrote there (by the stat it recorded in {@code
     * statCache}, which lives beside the room) is rewritten, and everything the snapshot lacks
     * goes, whatever its name. A command that ran in the room and changed a file, even keeping its
     * size and modification time, changed its change time, so the file is read again.
     */
    public Restored refreshRoom(String id, Path room, Path statCache) {
        Path absolute = room.toAbsolutePath().normalize();
        if (absolute.startsWith(workspace.root())) {
            throw HarnessGymException.badInput(
                    "a clean room must be outside the workspace: " + absolute);
        }
        try {
            if (Files.isSymbolicLink(absolute)) {
                Files.delete(absolute);
            }
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot create " + absolute + ": " + e.getMessage(), e);
        }
        return SnapshotRestorer.room(this, absolute, statCache).restore(resolve(id));
    }

    /** The store's folder when it is on the workspace's file system (for its clock), else null. */
    private Path sameFileSystemClock() {
        try {
            return Files.getFileStore(dir).equals(Files.getFileStore(workspace.root()))
                    ? dir
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes a snapshot into {@code target}, a new or empty folder outside the workspace. */
    public Path materialize(String id, Path target) {
        return materialize(id, target, path -> true);
    }

    /**
     * Writes the paths of a snapshot that {@code wanted} accepts (a path from the root,
     * '/'-separated) into {@code target}, a new or empty folder outside the workspace.
     */
    public Path materialize(String id, Path target, java.util.function.Predicate<String> wanted) {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.startsWith(workspace.root())) {
            throw HarnessGymException.badInput(
                    "a clean room must be outside the workspace: " + absolute);
        }
        try {
            Files.createDirectories(absolute);
            try (var children = Files.list(absolute)) {
                if (children.findAny().isPresent()) {
                    throw HarnessGymException.badInput("not an empty folder: " + absolute);
                }
            }
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot create " + absolute + ": " + e.getMessage(), e);
        }
        VerifiedObjects.Content content = content(resolve(id));
        java.util.Map<String, SnapshotEntry> entries = new java.util.TreeMap<>();
        content.entries()
                .forEach(
                        (path, entry) -> {
                            if (wanted.test(path)) {
                                entries.put(path, entry);
                            }
                        });
        new Checkout(repository, absolute).writeAll(entries, true); // checked empty above
        return absolute;
    }

    /** Paths that differ from snapshot {@code a} to snapshot {@code b}. */
    public List<Change> diff(String a, String b) {
        return Diff.between(content(resolve(a)).entries(), content(resolve(b)).entries());
    }

    /** Paths that differ from snapshot {@code a} to the live workspace (read only). */
    public List<Change> diffLive(String a) {
        VerifiedObjects.Content content = content(resolve(a));
        Excludes excludes = new Excludes(info(content).excludes());
        TreeMap<String, SnapshotEntry> live =
                new SnapshotWriter(this, workspace, statCacheFile()).liveEntries(excludes);
        return Diff.between(content.entries(), live);
    }

    /**
     * Whether the live workspace provably still is snapshot {@code id}, by stat alone (see {@link
     * Untouched}): empty when anything changed, or when the stat cache cannot vouch for a file.
     */
    public java.util.Optional<Untouched> untouchedSince(String id) {
        VerifiedObjects.Content content = content(resolve(id));
        Excludes excludes = new Excludes(info(content).excludes());
        return Untouched.check(
                workspace.root(), content.entries(), excludes, StatCache.load(statCacheFile()));
    }

    /**
     * Makes the stat cache hold every file of snapshot {@code id}, or says it cannot (see {@link
     * Untouched}): before what the proof is for begins, never after.
     */
    public boolean vouch(String id) {
        return Untouched.vouch(
                this,
                new SnapshotWriter(this, workspace, statCacheFile()),
                workspace.root(),
                content(resolve(id)).entries(),
                statCacheFile());
    }

    /**
     * What the walk of this store's last {@link #take} found beside snapshot {@code id}, when that
     * take was {@code id}'s and nothing was restored since; else empty. Not a proof that the
     * workspace is still {@code id}: only a later {@link #untouchedSince} is.
     */
    public java.util.Optional<Untouched> lastTaken(String id) {
        Taken last = lastTake;
        return last != null && last.id().equals(id)
                ? java.util.Optional.of(last.untouched())
                : java.util.Optional.empty();
    }

    /** The last snapshot this store took of the workspace, and what its walk left out. */
    private record Taken(String id, Untouched untouched) {}

    private volatile Taken lastTake;

    /**
     * Paths that differ from snapshot {@code a} to {@code folder}, a room of harnessgym's (read
     * only, hashed in full, nothing stored), with the snapshot's excludes.
     */
    public List<Change> diffFolder(String a, Path folder) {
        VerifiedObjects.Content content = content(resolve(a));
        Excludes excludes = new Excludes(info(content).excludes());
        TreeMap<String, SnapshotEntry> entries =
                new SnapshotWriter(this, new Workspace(folder.toAbsolutePath().normalize()), null)
                        .liveEntries(excludes);
        return Diff.between(content.entries(), entries);
    }

    /** Forgets a snapshot; its objects go at the next {@link #gc}. */
    public void drop(String id) {
        refs.delete(resolve(id));
    }

    /** Deletes the objects no snapshot reaches; returns how many and their bytes. */
    public Gc.Result gc() {
        return Gc.run(this);
    }

    /** The disk the store takes, in bytes (its own objects; alternates not counted). */
    public long diskBytes() {
        return Gc.diskBytes(dir);
    }

    void writeRef(ObjectId commit) {
        refs.write(commit);
    }

    /** The time as the file system's clock sees it, for the racily-clean rule. */
    long fileSystemNow() {
        return fileSystemNow(dir);
    }

    /** The time as the clock of the file system {@code folder} is on sees it. */
    long fileSystemNow(Path folder) {
        Path clock = folder.resolve(folder.equals(dir) ? "clock" : ".hg-clock");
        try {
            AtomicFiles.writeString(clock, Instant.now().toString());
            long now =
                    Files.getLastModifiedTime(clock, LinkOption.NOFOLLOW_LINKS)
                            .to(java.util.concurrent.TimeUnit.NANOSECONDS);
            if (!folder.equals(dir)) {
                Files.delete(clock);
            }
            return now;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
