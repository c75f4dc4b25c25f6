package io.harnessgym.workspace;

import io.harnessgym.error.HarnessGymException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * harnessgym's private state for one workspace, outside it: the call log, the quarantine and
 * qualification records (and, later, the snapshot store and the run ledger). Only harnessgym's own
 * processes write here; nothing in it is ever derived from a file in the workspace.
 *
 * <p>Where it is: {@code --state-dir}, else {@code HARNESSGYM_STATE_DIR}, else {@code
 * ${XDG_STATE_HOME:-$HOME/.local/state}/harnessgym/workspaces/<key>/}, where the key is the
 * workspace folder's name and a digest of its real path. It must not lie inside the workspace, and
 * is created with mode 0700.
 */
public record StateDir(Path root) {
    public static final String ENV = "HARNESSGYM_STATE_DIR";
    private static final Set<PosixFilePermission> PRIVATE =
            PosixFilePermissions.fromString("rwx------");

    public StateDir {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The state directory of {@code workspace}: {@code explicit} (a flag) when given, else from the
     * environment. It is not created here; {@link #ensure()} does that before a write.
     */
    public static StateDir of(Workspace workspace, Path explicit, Map<String, String> env) {
        Path chosen;
        if (explicit != null) {
            chosen = explicit;
        } else if (nonBlank(env.get(ENV))) {
            chosen = Path.of(env.get(ENV));
        } else {
            chosen = defaultBase(env).resolve(key(workspace.root()));
        }
        StateDir state = new StateDir(chosen);
        state.requireOutside(workspace);
        return state;
    }

    /** {@code ${XDG_STATE_HOME:-$HOME/.local/state}/harnessgym/workspaces}. */
    static Path defaultBase(Map<String, String> env) {
        Path base;
        if (nonBlank(env.get("XDG_STATE_HOME"))
                && Path.of(env.get("XDG_STATE_HOME")).isAbsolute()) {
            base = Path.of(env.get("XDG_STATE_HOME"));
        } else {
            String home = env.get("HOME");
            if (!nonBlank(home)) {
                home = System.getProperty("user.home");
            }
            base = Path.of(home, ".local", "state");
        }
        return base.resolve("harnessgym").resolve("workspaces");
    }

    /** The folder name (to be recognisable) and 16 hex digits of SHA-256 over the real path. */
    static String key(Path workspaceRoot) {
        Path name = workspaceRoot.getFileName();
        String shown = name == null ? "root" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (shown.length() > 40) {
            shown = shown.substring(0, 40);
        }
        if (shown.startsWith(".")) {
            shown = "_" + shown.substring(1);
        }
        return shown + "-" + Digests.shortKey(workspaceRoot.toString(), 8);
    }

    /**
     * Refuses a state directory inside the workspace (also through a symlink): the agent could
     * write it there.
     */
    private void requireOutside(Workspace workspace) {
        Path real = realOfDeepestExisting(root);
        if (root.startsWith(workspace.root()) || real.startsWith(workspace.root())) {
            throw HarnessGymException.badInput(
                    "the state directory "
                            + root
                            + " is inside the workspace "
                            + workspace.root()
                            + "; it must be a place the agent cannot write (see docs/trust.md)");
        }
    }

    private static Path realOfDeepestExisting(Path path) {
        Path existing = path;
        Path rest = Path.of("");
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            Path name = existing.getFileName();
            rest = name == null ? rest : name.resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return path;
        }
    }

    /** Creates the directory (mode 0700) if needed and returns it; a clear error when it cannot. */
    public Path ensure() {
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PRIVATE));
            }
            if (!Files.getPosixFilePermissions(root).equals(PRIVATE)) {
                Files.setPosixFilePermissions(root, PRIVATE);
            }
            return root;
        } catch (IOException | UnsupportedOperationException e) {
            throw HarnessGymException.badInput(
                    "cannot create the state directory " + root + ": " + describe(e), e);
        }
    }

    /** A folder inside, created on demand. */
    public Path ensureDir(String name) {
        Path dir = ensure().resolve(name);
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            return dir;
        } catch (IOException e) {
            throw HarnessGymException.badInput("cannot create " + dir + ": " + describe(e), e);
        }
    }

    public boolean exists() {
        return Files.isDirectory(root);
    }

    /** The telemetry proxy's call log. */
    public Path callLog() {
        return root.resolve("mcp_calls.jsonl");
    }

    /**
     * Where clean rooms are made: beside the state directory ({@code <state>.rooms/}), never in it,
     * so code judged in a room has no relative path to the evidence.
     */
    public Path roomsDir() {
        return root.resolveSibling(root.getFileName() + ".rooms");
    }

    /** Quarantine, qualification and activation records. */
    public Path recordsDir() {
        return root.resolve("records");
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way: " + message;
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + message;
        }
        return message == null ? e.toString() : message;
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }
}
