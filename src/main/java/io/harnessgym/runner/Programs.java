package io.harnessgym.runner;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds an agent program: a path as given, or a name on the child's {@code PATH}. */
public final class Programs {
    private Programs() {}

    /** The absolute path of {@code program}, or null when there is none to run. */
    public static String find(String program, Map<String, String> env) {
        if (program.contains("/")) {
            Path path = Path.of(program).toAbsolutePath();
            return Files.isExecutable(path) ? path.toString() : null;
        }
        for (String dir :
                env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin")
                        .split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return candidate.toAbsolutePath().toString();
                }
            }
        }
        return null;
    }
}
