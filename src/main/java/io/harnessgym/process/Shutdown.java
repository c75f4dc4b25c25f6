package io.harnessgym.process;

/** The JVM's shutdown, as a question. */
public final class Shutdown {
    private Shutdown() {}

    /**
     * Whether the JVM's shutdown (a SIGTERM, say) has begun: it refuses new shutdown hooks then,
     * before any of the hooks already registered may have run.
     */
    public static boolean inProgress() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
