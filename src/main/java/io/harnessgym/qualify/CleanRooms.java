package io.harnessgym.qualify;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.FileTrees;
import io.harnessgym.workspace.StateDir;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where clean rooms live: beside the state directory ({@code <state>.rooms/}), never inside it, so
 * an artifact judged in a room has no relative path to the evidence (until bubblewrap confinement
 * hides the state directory, its absolute path is still reachable: see docs/trust.md). Mode 0700.
 */
public final class CleanRooms {
    private CleanRooms() {}

    static Path create(StateDir state, String qualification, String name) {
        Path room = state.roomsDir().resolve(qualification).resolve(name);
        try {
            Files.createDirectories(
                    room.getParent(),
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(
                    state.roomsDir(), PosixFilePermissions.fromString("rwx------"));
            Files.createDirectory(room);
            return room;
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot create the clean room " + room + ": " + e.getMessage(), e);
        }
    }

    /** Removes a room (or a qualification's folder of rooms) without following any link. */
    static void remove(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            throw HarnessGymException.badInput(
                    "cannot remove the clean room " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes every room: those kept with --keep-clean-rooms, and those a killed run left. */
    public static int gc(StateDir state) {
        Path base = state.roomsDir();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> rooms = Files.newDirectoryStream(base)) {
            for (Path room : rooms) {
                remove(room);
                removed++;
            }
        } catch (IOException e) {
            throw HarnessGymException.badInput("cannot list " + base + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
