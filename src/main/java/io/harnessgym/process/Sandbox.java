package io.harnessgym.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Confinement for the agent-written code harnessgym starts itself (MCP servers, self-tests, test
 * scripts): bubblewrap where it runs, else none, and every record says which. Under bubblewrap the
 * whole file system is read-only except the paths a {@link Policy} makes writable, the paths it
 * hides are empty (a fresh tmpfs: writes there vanish), {@code TMPDIR} is a private tmpfs ({@code
 * /var/tmp}; the host's {@code /tmp} stays visible, read-only), all capabilities are dropped, and
 * the child has its own PID, IPC, UTS, user and (unless allowed) network namespaces; bubblewrap
 * sets no-new-privileges itself.
 */
public sealed interface Sandbox permits Sandbox.Bubblewrap, Sandbox.None {
    /**
     * What the confined command may write ({@code writable}, except what is under {@code
     * readOnly}), what it must not see, and whether it has a network.
     */
    record Policy(List<Path> writable, List<Path> readOnly, List<Path> hidden, boolean network) {
        public Policy {
            writable = List.copyOf(writable);
            readOnly = List.copyOf(readOnly);
            hidden = List.copyOf(hidden);
        }

        /**
         * For the bundle's code (servers, self-tests, test scripts) in {@code root}, a workspace or
         * a clean room: the tree writable except its {@code .harnessgym} (a qualified server cannot
         * change under the session using it) and {@code .git}; {@code hidden} (the state directory,
         * the rooms) and the user's credentials not visible.
         */
        public static Policy forArtifacts(
                Path root, List<Path> hidden, boolean network, Map<String, String> env) {
            List<Path> all = new ArrayList<>(hidden);
            all.addAll(credentials(env));
            return new Policy(
                    List.of(root),
                    List.of(root.resolve(".harnessgym"), root.resolve(".git")),
                    all,
                    network);
        }
    }

    /** {@code bubblewrap} or {@code none}: what records say. */
    String id();

    /** The argv that runs {@code argv} confined (unchanged without a sandbox). */
    List<String> wrap(List<String> argv, Path cwd, Policy policy);

    /** bubblewrap at {@code bwrap}. */
    record Bubblewrap(Path bwrap) implements Sandbox {
        @Override
        public String id() {
            return "bubblewrap";
        }

        @Override
        public List<String> wrap(List<String> argv, Path cwd, Policy policy) {
            List<String> out = new ArrayList<>();
            out.add(bwrap.toString());
            out.addAll(List.of("--die-with-parent", "--new-session", "--cap-drop", "ALL"));
            out.addAll(
                    List.of(
                            "--unshare-user-try",
                            "--unshare-pid",
                            "--unshare-ipc",
                            "--unshare-uts"));
            out.add("--unshare-cgroup-try");
            if (!policy.network()) {
                out.add("--unshare-net");
            }
            out.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
            // A private temporary folder. The host's /tmp stays visible, read-only: a checkout, a
            // virtualenv or a class path may live there, and hiding it would break the command.
            Path temp = Path.of("/var/tmp");
            if (Files.isDirectory(temp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                out.addAll(
                        List.of("--tmpfs", temp.toString(), "--setenv", "TMPDIR", temp.toString()));
            } else {
                out.addAll(List.of("--setenv", "TMPDIR", "/dev/shm"));
            }
            // Hidden first: a writable path inside a hidden folder (a room beside other rooms)
            // is then bound on top of the empty one.
            for (Path hidden : policy.hidden()) {
                // What a link names is hidden where it really is, so no link reaches it.
                Path path = realOrNull(hidden);
                if (path == null) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    out.addAll(List.of("--tmpfs", path.toString()));
                } else if (Files.isRegularFile(path)) {
                    out.addAll(List.of("--ro-bind", "/dev/null", path.toString()));
                }
            }
            // Shallow binds first, so a deeper one wins: the workspace writable, its bundle
            // read-only, the bundle's kind folders writable again.
            List<Map.Entry<Path, Boolean>> binds = new ArrayList<>();
            policy.writable().forEach(path -> binds.add(Map.entry(path, true)));
            policy.readOnly().forEach(path -> binds.add(Map.entry(path, false)));
            binds.sort(java.util.Comparator.comparingInt(bind -> bind.getKey().getNameCount()));
            for (Map.Entry<Path, Boolean> bind : binds) {
                Path path = bind.getKey();
                if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String kind = bind.getValue() ? "--bind" : "--ro-bind";
                out.addAll(List.of(kind, path.toString(), path.toString()));
            }
            out.addAll(List.of("--chdir", cwd.toString(), "--"));
            out.addAll(argv);
            return List.copyOf(out);
        }
    }

    private static Path realOrNull(Path path) {
        try {
            return path.toRealPath();
        } catch (java.io.IOException e) {
            return null; // not there: nothing to hide
        }
    }

    /** No sandbox, and why. */
    record None(String reason) implements Sandbox {
        @Override
        public String id() {
            return "none";
        }

        @Override
        public List<String> wrap(List<String> argv, Path cwd, Policy policy) {
            return List.copyOf(argv);
        }
    }

    /**
     * Where the agent CLIs and common tools keep credentials under {@code home}: hidden from
     * sandboxed commands, with the state directory.
     */
    static List<Path> credentials(Map<String, String> env) {
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (String name :
                List.of(
                        ".codex",
                        ".claude",
                        ".claude.json",
                        ".ssh",
                        ".aws",
                        ".config/gcloud",
                        ".config/gh",
                        ".netrc",
                        ".docker")) {
            paths.add(Path.of(home).resolve(name));
        }
        return paths;
    }

    /** Set to {@code none} to run artifact commands unsandboxed on purpose. */
    String ENV = "HARNESSGYM_SANDBOX";

    /**
     * The sandbox this machine offers: {@code bwrap} on {@code PATH} that can actually create its
     * namespaces here (tried once per JVM and PATH), unless {@code HARNESSGYM_SANDBOX=none}.
     */
    static Sandbox detect(Map<String, String> env) {
        if ("none".equalsIgnoreCase(env.getOrDefault(ENV, "").strip())) {
            return new None(ENV + "=none");
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Probe.CACHE.computeIfAbsent(path, Probe::probe);
    }

    /**
     * {@link #detect} started now on a thread of its own, for a caller with other work to do first
     * (the probe is one trial run of bubblewrap, ~50 ms): the supplier waits for its answer, and a
     * later {@link #detect} with the same PATH shares it.
     */
    static java.util.function.Supplier<Sandbox> detectAhead(Map<String, String> env) {
        java.util.concurrent.CompletableFuture<Sandbox> answer =
                new java.util.concurrent.CompletableFuture<>();
        Thread probe =
                new Thread(
                        () -> {
                            try {
                                answer.complete(detect(env));
                            } catch (RuntimeException | Error e) {
                                answer.completeExceptionally(e);
                            }
                        },
                        "harnessgym-sandbox-probe");
        probe.setDaemon(true);
        probe.start();
        return () -> {
            try {
                return answer.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        };
    }

    /** The one probe per PATH. */
    final class Probe {
        static final Map<String, Sandbox> CACHE = new ConcurrentHashMap<>();

        private Probe() {}

        static Sandbox probe(String path) {
            Path bwrap = ProcessSpec.onPath(path, "bwrap");
            if (bwrap == null) {
                return new None("bubblewrap (bwrap) is not installed");
            }
            Bubblewrap sandbox = new Bubblewrap(bwrap);
            Path root = Path.of("/");
            ProcessResult result =
                    ProcessRunner.run(
                            ProcessSpec.trial(
                                    sandbox.wrap(
                                            List.of("/bin/sh", "-c", "exit 0"),
                                            root,
                                            new Policy(List.of(), List.of(), List.of(), false)),
                                    root,
                                    path));
            if (result.succeeded()) {
                return sandbox;
            }
            String why = result.stderr().strip();
            why =
                    why.isEmpty()
                            ? "exit status " + result.exitCode()
                            : why.lines().findFirst().orElse(why);
            return new None("bubblewrap cannot run here: " + why.toLowerCase(Locale.ROOT));
        }
    }
}
