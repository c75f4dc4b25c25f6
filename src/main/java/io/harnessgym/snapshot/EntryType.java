package io.harnessgym.snapshot;

import java.util.Locale;
import org.eclipse.jgit.lib.FileMode;

/** What a snapshot holds at a path: git's four modes, an empty folder being an empty tree. */
public enum EntryType {
    FILE(FileMode.REGULAR_FILE),
    EXECUTABLE(FileMode.EXECUTABLE_FILE),
    SYMLINK(FileMode.SYMLINK),
    EMPTY_DIR(FileMode.TREE);

    private final FileMode mode;

    EntryType(FileMode mode) {
        this.mode = mode;
    }

    FileMode mode() {
        return mode;
    }

    static EntryType of(int bits) {
        for (EntryType type : values()) {
            if (type.mode.equals(bits)) {
                return type;
            }
        }
        return null;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
