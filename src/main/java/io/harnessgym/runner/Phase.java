package io.harnessgym.runner;

import io.harnessgym.registry.ArtifactKind;
import java.util.Locale;

/**
 * The phases an agent runs in: a fresh attempt, then reflection, build and repairs resuming that
 * session, and the optional evaluation (a fresh session of its own). In the attempt and the
 * evaluation the whole bundle is read-only (a qualified server cannot change under the session
 * using it); in the others only its kind folders are writable.
 */
public enum Phase {
    ATTEMPT,
    REFLECT,
    BUILD,
    REPAIR,
    EVALUATE;

    /** The name in records, file names and {@code HARNESSGYM_PHASE}: {@code attempt}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the phase starts a new session (the attempt and the evaluation do). */
    public boolean fresh() {
        return this == ATTEMPT || this == EVALUATE;
    }

    /**
     * Whether the agent may write the bundle's kind folders ({@code skills/}, {@code mcp/}, ...).
     */
    public boolean buildsTools() {
        return this != ATTEMPT && this != EVALUATE;
    }

    /** The bundle folders the agent may write in this phase, relative to {@code .harnessgym/}. */
    public java.util.List<String> writableKindFolders() {
        if (!buildsTools()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(ArtifactKind.values()).map(ArtifactKind::directory).toList();
    }

    public static Phase parse(String text) {
        for (Phase phase : values()) {
            if (phase.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return phase;
            }
        }
        throw new IllegalArgumentException(
                "unknown phase '"
                        + text
                        + "' (expected attempt, reflect, build, repair or evaluate)");
    }
}
