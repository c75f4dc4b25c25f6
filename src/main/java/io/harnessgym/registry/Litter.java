package io.harnessgym.registry;

import java.nio.file.Path;
import java.util.Set;

/**
 * Files and directories that are never part of an artifact: byte-code caches, editor and OS debris,
 * and harnessgym's own atomic-write temp files. They are not discovered and not digested.
 */
public final class Litter {
    private static final Set<String> DIRECTORIES =
            Set.of(
                    "__pycache__",
                    ".pytest_cache",
                    ".mypy_cache",
                    ".ruff_cache",
                    ".git",
                    ".hg",
                    ".svn",
                    ".idea",
                    ".vscode",
                    "node_modules",
                    ".venv",
                    ".DS_Store");
    private static final Set<String> FILES =
            Set.of(".DS_Store", "Thumbs.db", "desktop.ini", ".directory", ".gitkeep", ".keep");
    private static final String[] SUFFIXES = {
        ".pyc", ".pyo", ".swp", ".swo", ".swx", "~", ".orig", ".rej"
    };

    private Litter() {}

    public static boolean isLitterDirectory(Path dir) {
        Path name = dir.getFileName();
        return name != null && DIRECTORIES.contains(name.toString());
    }

    public static boolean isLitterFile(Path file) {
        Path namePath = file.getFileName();
        if (namePath == null) {
            return false;
        }
        String name = namePath.toString();
        if (FILES.contains(name)
                || name.startsWith("._")
                || name.startsWith(".#")
                || (name.startsWith("#") && name.endsWith("#"))
                || isTempFile(name)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The {@code .<name>.tmp-<hex>} files {@link io.harnessgym.workspace.AtomicFiles} leaves on a
     * crash.
     */
    private static boolean isTempFile(String name) {
        return name.startsWith(".") && name.contains(".tmp-");
    }
}
