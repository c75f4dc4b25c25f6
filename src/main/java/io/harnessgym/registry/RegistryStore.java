package io.harnessgym.registry;

import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Loads and saves {@code .harnessgym/registry.json}; creates the bundle layout. */
public final class RegistryStore {
    private RegistryStore() {}

    /**
     * The registry, or an empty one when the file does not exist. A corrupt file is an error, never
     * replaced.
     */
    public static Registry load(Workspace workspace) {
        if (!Files.exists(workspace.registryFile())) {
            return Registry.empty();
        }
        String shownAs = workspace.relative(workspace.registryFile());
        return RegistryCodec.decode(
                Json.readTree(workspace.registryFile(), java.nio.file.Path.of(shownAs)), shownAs);
    }

    /**
     * Writes the registry atomically with a fresh {@code updated_at}, and returns what was written.
     */
    public static Registry save(Workspace workspace, Registry registry) {
        Registry stamped = registry.withUpdatedAt(now());
        ensureLayout(workspace);
        Json.writeAtomic(workspace.registryFile(), RegistryCodec.encode(stamped));
        return stamped;
    }

    /** Creates {@code .harnessgym/} and its eight kind directories. */
    public static void ensureLayout(Workspace workspace) {
        // A .harnessgym that is a link out of the workspace would put everything we write there.
        io.harnessgym.workspace.ConfinedPaths.requireInside(
                workspace.root(), workspace.bundleDir(), Workspace.BUNDLE_DIR);
        try {
            Files.createDirectories(workspace.bundleDir());
            for (ArtifactKind kind : ArtifactKind.values()) {
                Files.createDirectories(workspace.bundleDir().resolve(kind.directory()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create " + workspace.bundleDir() + ": " + e.getMessage(), e);
        }
    }

    /** UTC, second precision, {@code Z} suffix: the Python tool's timestamp form. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
