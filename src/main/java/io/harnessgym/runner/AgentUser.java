package io.harnessgym.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The unprivileged user Claude Code runs as when harnessgym runs as root ({@code --agent-user}):
 * its name and ids from {@code /etc/passwd}, and the {@code setpriv} prefix that drops to it (real
 * and effective ids, its groups, no capabilities left).
 */
public record AgentUser(String name, int uid, int gid) {
    /** The user named {@code name}, or null when {@code passwd} has no such user. */
    public static AgentUser lookup(String name, Path passwd) {
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 4 && fields[0].equals(name)) {
                    return new AgentUser(
                            name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** Whether this JVM runs as root (then Claude Code's sandbox would not hold). */
    public static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code setpriv ... --} to put before the agent's argv. */
    public List<String> setpriv(String setpriv) {
        return List.of(
                setpriv,
                "--reuid=" + uid,
                "--regid=" + gid,
                "--init-groups",
                "--inh-caps=-all",
                "--");
    }

    /** Gives {@code path} to this user (harnessgym is root when it has an agent user). */
    public void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the user owns {@code path}. */
    public boolean owns(Path path) {
        try {
            return Integer.valueOf(uid).equals(Files.getAttribute(path, "unix:uid"));
        } catch (IOException e) {
            return false;
        }
    }
}
