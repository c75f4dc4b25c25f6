package io.harnessgym.qualify;

import java.util.Locale;

/** The checks qualification runs; which apply depends on the artifact's kind. */
public enum Check {
    /** The definition parses and the files stay inside the workspace. */
    VALIDITY,
    /** The clean room's copy hashes to the digest being judged. */
    COPY,
    SMOKE,
    SELF_TEST,
    TOOL_INVENTORY,
    /** An executable test script under {@code tests/} exits 0 in the room. */
    TEST_RUN,
    /** Activation in the room projected it (skill links, agent configs) without a conflict. */
    ACTIVATION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
