package io.harnessgym.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The eight artifact kinds and the bundle directory each lives in. */
public enum ArtifactKind {
    SKILL("skills"),
    MCP("mcp"),
    TOOL("tools"),
    VERIFIER("verifiers"),
    FIXTURE("fixtures"),
    TEST("tests"),
    DOCS("docs"),
    SCRIPT("scripts");

    private final String directory;

    ArtifactKind(String directory) {
        this.directory = directory;
    }

    /** The name used in registry ids and the {@code kind} field, e.g. {@code skill}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The directory under {@code .harnessgym/}, e.g. {@code skills}. */
    public String directory() {
        return directory;
    }

    public static Optional<ArtifactKind> fromId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
    }

    public static String allIds() {
        return String.join(", ", Arrays.stream(values()).map(ArtifactKind::id).toList());
    }
}
