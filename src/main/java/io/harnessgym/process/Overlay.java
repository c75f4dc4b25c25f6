package io.harnessgym.process;

import io.harnessgym.workspace.FileTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A room that is not a copy: {@code lower} (the live workspace, never written) read-only below, a
 * fresh {@code upper} folder of harnessgym's above it (what the command writes, what harnessgym put
 * back, a whiteout for each path to hide), seen at {@code merged}. The overlay is mounted in a
 * mount namespace of the command's own ({@code unshare}, with a user namespace of its own when
 * harnessgym is not root), just before bubblewrap starts, and goes away with the command;
 * bubblewrap ({@code 0.8} has no overlay options) then confines the command as in any room. {@code
 * mark} is written once the overlay is mounted: without it the command did not run over it.
 *
 * <p>Overlay options are a comma-separated string: paths with a comma, colon, backslash or line
 * break are refused ({@link #usable}), and nothing else is put in it. No shell line is built: a
 * constant script takes every path as an argument.
 */
public record Overlay(
        Tools tools,
        Path lower,
        Path upper,
        Path work,
        Path merged,
        Path mark,
        List<Path> whiteouts) {
    public Overlay {
        whiteouts = List.copyOf(whiteouts);
    }

    /**
     * The programs that mount it; whether a user namespace of its own is needed to mount (when
     * harnessgym is not root), and then the user the command runs as again ({@code uid}, {@code
     * gid}).
     */
    public record Tools(
            Path unshare, Path mount, Path mknod, boolean userNamespace, int uid, int gid) {}

    /**
     * Makes the whiteouts (where harnessgym has put nothing itself), mounts, marks, then runs the
     * rest; 125 when it could not.
     */
    private static final String SCRIPT =
            """
            mount=$1 mknod=$2 options=$3 merged=$4 mark=$5
            shift 5
            while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
              if [ ! -e "$1" ] && [ ! -L "$1" ]; then "$mknod" "$1" c 0 0 || exit 125; fi
              shift
            done
            [ "$#" -gt 0 ] && shift
            "$mount" -t overlay -o "$options" overlay "$merged" || exit 125
            : > "$mark" || exit 125
            exec "$@"
            """;

    /** Set to {@code copy} to score in a copied room even where an overlay works. */
    public static final String ENV = "HARNESSGYM_SCORING_ROOM";

    /** A new overlay's folders: {@code upper} and {@code work} emptied, {@code merged} empty. */
    public static Overlay prepare(
            Tools tools, Path lower, Path upper, Path work, Path merged, Path mark)
            throws IOException {
        for (Path path : List.of(upper, work, merged, mark)) {
            FileTrees.delete(path); // work/work has no permissions: delete opens it up
            if (!path.equals(mark)) {
                Files.createDirectories(path);
            }
        }
        return new Overlay(tools, lower, upper, work, merged, mark, List.of());
    }

    /** The same overlay with {@code more} whiteouts (paths under {@code upper}). */
    public Overlay hiding(List<Path> more) {
        List<Path> all = new ArrayList<>(whiteouts);
        all.addAll(more);
        return new Overlay(tools, lower, upper, work, merged, mark, all);
    }

    /** Whether the command ran over the overlay (it was mounted). */
    public boolean mounted() {
        return Files.exists(mark, LinkOption.NOFOLLOW_LINKS);
    }

    /** Removes the upper and work folders, the mark and the (unmounted) mount point. */
    public void remove() throws IOException {
        for (Path path : List.of(upper, work, mark, merged)) {
            FileTrees.delete(path); // work/work has no permissions: delete opens it up
        }
    }

    /** Makes {@code dir} (under an upper folder) hide what the lower tree has at its path. */
    public static void opaque(Path dir) throws IOException {
        UserDefinedFileAttributeView view =
                Files.getFileAttributeView(
                        dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            throw new IOException("no user attributes on " + dir);
        }
        view.write("overlay.opaque", ByteBuffer.wrap("y".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether a path may go into overlay options. */
    public static boolean usable(Path path) {
        String text = path.toString();
        return path.isAbsolute()
                && text.chars().noneMatch(c -> c == ',' || c == ':' || c == '\\' || c < ' ');
    }

    /** {@code sandboxed} (a bubblewrap argv) started over this overlay. */
    public List<String> around(List<String> sandboxed) {
        String options =
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work + ",userxattr";
        List<String> out = new ArrayList<>();
        out.add(tools.unshare().toString());
        if (tools.userNamespace()) {
            out.addAll(List.of("--user", "--map-root-user"));
        }
        out.addAll(List.of("--mount", "--propagation", "private", "/bin/sh", "-c", SCRIPT));
        out.addAll(
                List.of(
                        "harnessgym-overlay",
                        tools.mount().toString(),
                        tools.mknod().toString(),
                        options,
                        merged.toString(),
                        mark.toString()));
        whiteouts.forEach(path -> out.add(path.toString()));
        out.add("--");
        out.add(sandboxed.get(0));
        if (tools.userNamespace()) {
            // In the namespace harnessgym is root; the command runs as its real user again.
            out.addAll(
                    List.of(
                            "--uid",
                            Integer.toString(tools.uid()),
                            "--gid",
                            Integer.toString(tools.gid())));
        }
        out.addAll(sandboxed.subList(1, sandboxed.size()));
        return List.copyOf(out);
    }

    /**
     * The tools when an overlay room works here, tried once per JVM and {@code scratch} folder (on
     * the file system the upper folders will be on): a real overlay is mounted under a real
     * bubblewrap, and a command in it must see a whiteout hide, an opaque folder hide and its write
     * land above. Empty when the sandbox is not bubblewrap, {@code HARNESSGYM_SCORING_ROOM=copy}, a
     * tool is missing, or the kernel refuses.
     */
    public static Optional<Tools> detect(Path scratch, Map<String, String> env) {
        if ("copy".equalsIgnoreCase(env.getOrDefault(ENV, "").strip())) {
            return Optional.empty();
        }
        if (!(Sandbox.detect(env) instanceof Sandbox.Bubblewrap bubblewrap)) {
            return Optional.empty();
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return PROBES.computeIfAbsent(
                scratch.toAbsolutePath() + "\n" + path,
                key -> probe(scratch, path, bubblewrap, null));
    }

    private static final Map<String, Optional<Tools>> PROBES = new ConcurrentHashMap<>();

    /**
     * One trial; {@code userNamespace} forces the choice of a user namespace (null: one when not
     * root).
     */
    static Optional<Tools> probe(
            Path scratch, String path, Sandbox.Bubblewrap sandbox, Boolean userNamespace) {
        Path unshare = ProcessSpec.onPath(path, "unshare");
        Path mount = ProcessSpec.onPath(path, "mount");
        Path mknod = ProcessSpec.onPath(path, "mknod");
        if (unshare == null || mount == null || mknod == null || !usable(scratch)) {
            return Optional.empty();
        }
        Path dir = null;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "overlay-probe-").toRealPath();
            if (!usable(dir)) {
                return Optional.empty();
            }
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            Tools tools =
                    new Tools(
                            unshare,
                            mount,
                            mknod,
                            userNamespace == null ? uid != 0 : userNamespace,
                            uid,
                            gid);
            Path lower = Files.createDirectories(dir.resolve("lower"));
            Files.createDirectories(lower.resolve("shown"));
            Files.writeString(lower.resolve("shown").resolve("old"), "lower");
            Files.writeString(lower.resolve("gone"), "lower");
            Overlay overlay =
                    prepare(
                            tools,
                            lower,
                            dir.resolve("upper"),
                            dir.resolve("work"),
                            dir.resolve("merged"),
                            dir.resolve("mounted"));
            Path shown = Files.createDirectories(overlay.upper().resolve("shown"));
            opaque(shown);
            Files.writeString(shown.resolve("new"), "upper");
            overlay = overlay.hiding(List.of(overlay.upper().resolve("gone")));
            List<String> argv =
                    overlay.around(
                            sandbox.wrap(
                                    List.of(
                                            "/bin/sh",
                                            "-c",
                                            "test ! -e gone && test ! -e shown/old"
                                                    + " && test -f shown/new && : > written"),
                                    overlay.merged(),
                                    new Sandbox.Policy(
                                            List.of(overlay.merged()),
                                            List.of(),
                                            List.of(),
                                            false)));
            ProcessResult result = ProcessRunner.run(ProcessSpec.trial(argv, dir, path));
            boolean works =
                    result.succeeded()
                            && overlay.mounted()
                            && Files.exists(overlay.upper().resolve("written"))
                            && !Files.exists(lower.resolve("written"));
            return works ? Optional.of(tools) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (dir != null) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException e) {
                    // state gc removes it
                }
            }
        }
    }
}
