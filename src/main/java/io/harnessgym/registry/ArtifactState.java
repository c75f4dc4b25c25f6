package io.harnessgym.registry;

import java.util.Locale;

/** What {@code registry list} says of an artifact. */
public enum ArtifactState {
    /** Valid and qualified at its current content digest. */
    ACTIVE,
    QUARANTINED,
    /** Valid, but never qualified, or changed since it was. */
    UNQUALIFIED,
    INVALID;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
