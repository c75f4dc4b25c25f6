package io.harnessgym.snapshot;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * The store's names for its snapshots: one ref per snapshot, {@code
 * refs/harnessgym/snapshots/<id>}, named by the commit it points at, so that a ref redirected to
 * another commit is seen as the tampering it is. A snapshot is looked up by its id or a unique
 * prefix of at least 4 digits.
 */
final class SnapshotRefs {
    static final String PREFIX = "refs/harnessgym/snapshots/";

    private final Repository repository;

    SnapshotRefs(Repository repository) {
        this.repository = repository;
    }

    /** Every ref under {@link #PREFIX}, redirected ones included. */
    List<Ref> all() {
        try {
            return repository.getRefDatabase().getRefsByPrefix(PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id a ref is named by (the commit it should point at). */
    static String named(Ref ref) {
        return ref.getName().substring(PREFIX.length());
    }

    /** Whether a ref points at the commit it is named by. */
    static boolean honest(Ref ref) {
        return named(ref).equals(ref.getObjectId().name());
    }

    /** The snapshot a full id or a unique prefix of at least 4 digits names. */
    ObjectId resolve(String idOrPrefix) {
        String wanted =
                idOrPrefix == null ? "" : idOrPrefix.strip().toLowerCase(java.util.Locale.ROOT);
        if (!wanted.matches("[0-9a-f]{4,40}")) {
            throw HarnessGymException.badInput(
                    "not a snapshot id: '"
                            + io.harnessgym.text.Terminal.line(String.valueOf(idOrPrefix))
                            + "'");
        }
        List<ObjectId> matches = new ArrayList<>();
        for (Ref ref : all()) {
            String named = named(ref);
            if (!named.startsWith(wanted)) {
                continue;
            }
            if (!honest(ref)) {
                // A snapshot's ref is named by its id: one that points elsewhere was tampered with.
                throw HarnessGymException.badInput(
                        "snapshot "
                                + named
                                + " was redirected to "
                                + ref.getObjectId().name()
                                + ": the snapshot store was tampered with");
            }
            matches.add(ref.getObjectId());
        }
        if (matches.isEmpty()) {
            throw HarnessGymException.badInput(
                    "no snapshot " + wanted + " (see 'harnessgym snapshot list')");
        }
        if (matches.size() > 1) {
            throw HarnessGymException.badInput(
                    "snapshot id " + wanted + " is ambiguous: give more digits");
        }
        return matches.get(0);
    }

    /** Names a new snapshot (written last, after all its objects). */
    void write(ObjectId commit) {
        try {
            RefUpdate update = repository.updateRef(PREFIX + commit.name());
            update.setNewObjectId(commit);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            switch (result) {
                case NEW, FORCED, NO_CHANGE, FAST_FORWARD -> {}
                default -> throw new IOException("ref update " + result);
            }
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot record snapshot " + commit.name() + ": " + e.getMessage(), e);
        }
    }

    /** Forgets a snapshot's name; its objects stay until gc. */
    void delete(ObjectId commit) {
        try {
            RefUpdate update = repository.updateRef(PREFIX + commit.name());
            update.setForceUpdate(true);
            RefUpdate.Result result = update.delete();
            if (result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                throw HarnessGymException.badInput(
                        "cannot drop snapshot " + commit.name() + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
