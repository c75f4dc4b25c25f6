package io.harnessgym.runner;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the files an agent may see but harnessgym writes live, outside the private state directory:
 * for an unprivileged agent user, a folder it can reach (the private state directory, under root's
 * home, it cannot), owned by harnessgym ({@code HARNESSGYM_AGENT_DIR}, else {@code
 * /var/tmp/harnessgym-agent-<key of the state directory>}). In it, {@code home-<user>/} is the
 * user's own (its Claude Code config and sessions, kept across phases so a session resumes), and
 * each phase has a folder the user can read but not write: the settings, the MCP config, the
 * collector's socket. The command and scripted runners keep each phase's scratch files there (task,
 * metrics, trace, the tool gateway's socket). A folder there that harnessgym did not create
 * (another owner, or a link) is refused, not used.
 */
public final class AgentDirs {
    static final String ENV = "HARNESSGYM_AGENT_DIR";

    private AgentDirs() {}

    public static Path root(StateDir state, Map<String, String> env) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return Path.of(
                "/var/tmp",
                "harnessgym-agent-"
                        + io.harnessgym.workspace.Digests.shortKey(state.root().toString(), 8));
    }

    public static Path home(Path root, AgentUser user) throws IOException {
        Path home = open(root).resolve("home-" + user.name());
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            user.own(home);
        } else if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS) || !user.owns(home)) {
            throw HarnessGymException.badInput(
                    home + " is not the agent user's home folder; remove it");
        }
        return home;
    }

    /** The longest a phase folder's name gets before its time suffix. */
    static final int PHASE_NAME = 30;

    public static Path phase(Path root, PhaseRequest request) throws IOException {
        Path phases = open(open(root).resolve("phases"));
        String scope =
                String.join(
                                "-",
                                request.scope().runId().isEmpty() ? "run" : request.scope().runId(),
                                request.scope().iteration().isEmpty()
                                        ? "0"
                                        : request.scope().iteration(),
                                request.phase().id())
                        .replaceAll("[^A-Za-z0-9_.-]", "_");
        // Sockets live in this folder, and a Unix socket's path has at most 107 bytes: the name is
        // kept short (its end, which names the iteration and phase, and a digest of all of it).
        if (scope.length() > PHASE_NAME) {
            scope =
                    io.harnessgym.workspace.Digests.shortKey(scope, 4)
                            + "-"
                            + scope.substring(scope.length() - (PHASE_NAME - 9));
        }
        return open(phases.resolve(scope + "-" + Long.toString(System.nanoTime(), 36)));
    }

    /**
     * Creates {@code dir} (mode 755) or checks that harnessgym's user owns it and it is no link.
     */
    private static Path open(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !owner.equals(self)) {
            throw HarnessGymException.badInput(
                    dir
                            + " is not a folder harnessgym created (another owner, or a link); remove it");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
