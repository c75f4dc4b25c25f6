package io.harnessgym.testing;

import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where tests keep harnessgym's private state: one temporary {@code XDG_STATE_HOME} for the test
 * JVM, so the default location rule is exercised and nothing is written under the real home.
 */
public final class TestState {
    public static final Path ROOT = createRoot();

    private TestState() {}

    /** The build's {@code XDG_STATE_HOME} (set for the test JVMs in pom.xml), else a temp dir. */
    private static Path createRoot() {
        try {
            String configured = System.getenv("XDG_STATE_HOME");
            if (configured != null && configured.contains("test-state")) {
                return Files.createDirectories(Path.of(configured)).toRealPath();
            }
            return Files.createTempDirectory("harnessgym-test-state").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This JVM's environment with {@code XDG_STATE_HOME} pointing at {@link #ROOT}. */
    public static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove(StateDir.ENV);
        env.put("XDG_STATE_HOME", ROOT.toString());
        return env;
    }

    public static StateDir of(Path workspace) {
        return StateDir.of(Workspace.open(workspace), null, env());
    }

    public static StateDir of(Workspace workspace) {
        return StateDir.of(workspace, null, env());
    }

    /** The workspace's call log in its private state directory. */
    public static Path callLog(Path workspace) {
        return of(workspace).callLog();
    }
}
