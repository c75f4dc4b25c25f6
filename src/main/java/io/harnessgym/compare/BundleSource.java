package io.harnessgym.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.qualify.BundleCopy;
import io.harnessgym.workspace.Digests;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The harnessed arm's bundle: {@code --artifact-source} (a workspace holding {@code .harnessgym},
 * or that folder itself), whether it is this workspace's own (built by runs whose records are in
 * this workspace's private state) or from elsewhere (then its commands run only with {@code
 * --trust-bundle}), staged once into the compare's folder without following a link (links are left
 * out and listed), with a digest over what was staged, and the tasks its run records name.
 */
record BundleSource(Path bundle, boolean own) {

    static BundleSource resolve(Path source, Workspace workspace) {
        if (source == null) {
            throw HarnessGymException.badInput("the harnessed arm needs --artifact-source DIR");
        }
        Path given = source.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(given)) {
            throw HarnessGymException.badInput("--artifact-source must not be a link: " + given);
        }
        Path bundle = given.resolve(Workspace.BUNDLE_DIR);
        if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)) {
            bundle = given;
        }
        if (!Files.isDirectory(bundle, LinkOption.NOFOLLOW_LINKS)) {
            throw HarnessGymException.badInput("--artifact-source is not a folder: " + given);
        }
        boolean own;
        try {
            own = bundle.toRealPath().equals(workspace.bundleDir().toRealPath());
        } catch (IOException e) {
            own = false;
        }
        return new BundleSource(bundle, own);
    }

    /** Copies the bundle into {@code target}; the links left out. */
    List<String> stage(Path target) {
        return BundleCopy.copy(bundle, target, false);
    }

    /** SHA-256 over each staged file's path and content, in path order. */
    static String digest(Path staged) {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(staged)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(
                            staged.relativize(file).toString(), Digests.file(file, Long.MAX_VALUE));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Digests.text(Json.compact(Json.MAPPER.valueToTree(files)));
    }

    /**
     * The task digests and file names the bundle's run records name: this workspace's private run
     * records when the bundle is its own, and the run copies inside the bundle (the Python tool's
     * {@code runs/<id>/run_config.json}) either way. A task they name is "seen": the harness was
     * built on it, so it cannot show that the harness generalises.
     */
    Set<String> seenTasks(StateDir state) {
        Set<String> seen = new TreeSet<>();
        List<Path> runs = new ArrayList<>();
        runs.add(bundle.resolve("runs"));
        if (own) {
            runs.add(state.root().resolve("runs"));
        }
        for (Path folder : runs) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> list = Files.list(folder)) {
                for (Path run : (Iterable<Path>) list::iterator) {
                    Path config = run.resolve("run_config.json");
                    if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    JsonNode node;
                    try {
                        node = Json.readTree(config, config);
                    } catch (RuntimeException e) {
                        continue; // an unreadable copy names nothing
                    }
                    String digest = node.path("task_digest").asText("");
                    if (!digest.isEmpty() && !digest.equals("-")) {
                        seen.add(digest);
                    }
                    String path = node.path("task_path").asText("");
                    // A record without a digest (the Python tool's) names its task by file name.
                    if (!path.isEmpty() && (digest.isEmpty() || digest.equals("-"))) {
                        Path name = Path.of(path).getFileName();
                        if (name != null) {
                            seen.add("file:" + name);
                        }
                    }
                }
            } catch (IOException e) {
                // nothing named
            }
        }
        return seen;
    }
}
