package io.harnessgym.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one {@code lstat} says of a path: the change test a snapshot uses to skip re-hashing. The
 * change time and inode are in it because an agent can set a file's modification time back ({@code
 * touch -r}) but not its change time.
 */
record FileStat(int mode, long size, long mtimeNanos, long ctimeNanos, long inode) {
    static final int TYPE_MASK = 0170000;
    static final int REGULAR = 0100000;
    static final int DIRECTORY = 0040000;
    static final int SYMLINK = 0120000;

    private static final String ATTRIBUTES = "unix:mode,ino,ctime,size,lastModifiedTime";

    static FileStat of(Path path) throws IOException {
        Map<String, Object> attributes =
                Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return new FileStat(
                (Integer) attributes.get("mode"),
                (Long) attributes.get("size"),
                nanos((FileTime) attributes.get("lastModifiedTime")),
                nanos((FileTime) attributes.get("ctime")),
                (Long) attributes.get("ino"));
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    int type() {
        return mode & TYPE_MASK;
    }

    boolean isRegular() {
        return type() == REGULAR;
    }

    boolean isDirectory() {
        return type() == DIRECTORY;
    }

    boolean isSymlink() {
        return type() == SYMLINK;
    }

    boolean executable() {
        return (mode & 0100) != 0;
    }

    /** Whether the file may have changed since this stat was taken, judged by another stat. */
    boolean sameAs(FileStat other) {
        return other != null
                && mode == other.mode
                && size == other.size
                && mtimeNanos == other.mtimeNanos
                && ctimeNanos == other.ctimeNanos
                && inode == other.inode;
    }
}
