package io.harnessgym.testing;

import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.AgentUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dedicated unprivileged user for the tests of running an agent as another user (created with
 * {@code useradd} when the tests run as root, removed when the JVM ends), and what that user needs
 * to run the proxy: this JVM's class path in a place it can read.
 */
public final class AgentUsers {
    public static final String NAME = "hgtestagent";
    private static ProxyLauncher launcher;

    private AgentUsers() {}

    /** The test agent user, created if needed; null when not running as root. */
    public static synchronized String require() {
        if (!AgentUser.runningAsRoot()) {
            return null;
        }
        if (AgentUser.lookup(NAME, Path.of("/etc/passwd")) == null) {
            run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run("userdel", NAME)));
        }
        return NAME;
    }

    /** Gives {@code dir} and all below it to the test agent user; opens the way to it. */
    public static void give(Path dir) {
        AgentUser user = AgentUser.lookup(NAME, Path.of("/etc/passwd"));
        try {
            Files.walkFileTree(
                    dir,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                                throws IOException {
                            user.own(d);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes a)
                                throws IOException {
                            user.own(f);
                            return FileVisitResult.CONTINUE;
                        }
                    });
            for (Path p = dir.getParent(); p != null; p = p.getParent()) {
                var perms = Files.getPosixFilePermissions(p);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
                if (p.toString().equals("/tmp") || p.toString().equals("/var/tmp")) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A proxy launcher whose class path the test agent user can read. */
    public static synchronized ProxyLauncher readableLauncher() {
        if (launcher != null) {
            return launcher;
        }
        try {
            Path copy = Files.createTempDirectory(Path.of("/var/tmp"), "harnessgym-test-cp-");
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry :
                    System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path source = Path.of(entry).toAbsolutePath();
                Path target = copy.resolve((i++) + "-" + source.getFileName());
                if (Files.isDirectory(source)) {
                    copyTree(source, target);
                } else if (Files.exists(source)) {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(
                            target, PosixFilePermissions.fromString("rw-r--r--"));
                } else {
                    continue;
                }
                entries.add(target.toString());
            }
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            io.harnessgym.workspace.FileTrees.delete(copy);
                                        } catch (IOException e) { // left in /var/tmp
                                        }
                                    }));
            launcher =
                    new ProxyLauncher(
                            ProcessHandle.current().info().command().orElse("java"),
                            List.of(
                                    "-cp",
                                    String.join(java.io.File.pathSeparator, entries),
                                    "io.harnessgym.Main"));
            return launcher;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(
                source,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                            throws IOException {
                        Path t = target.resolve(source.relativize(d).toString());
                        Files.createDirectories(t);
                        Files.setPosixFilePermissions(
                                t, PosixFilePermissions.fromString("rwxr-xr-x"));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a)
                            throws IOException {
                        Path t = target.resolve(source.relativize(f).toString());
                        Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(
                                t, PosixFilePermissions.fromString("rw-r--r--"));
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private static void run(String... command) {
        try {
            Process p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
