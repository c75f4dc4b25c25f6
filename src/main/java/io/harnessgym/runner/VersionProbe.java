package io.harnessgym.runner;

import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The exact version of an agent program ({@code program --version}), asked once per program. */
public final class VersionProbe {
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*)");

    private VersionProbe() {}

    /** The version number it prints, or null when it prints none (or cannot run). */
    public static String of(String program, Path cwd, Map<String, String> env) {
        return CACHE.computeIfAbsent(program, p -> probe(p, cwd, env))
                .transform(v -> v.isEmpty() ? null : v);
    }

    private static String probe(String program, Path cwd, Map<String, String> env) {
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                List.of(program, "--version"),
                                cwd,
                                env,
                                new ProcessSpec.Stdin.Empty(),
                                new ProcessSpec.Output.Tail(4096),
                                new ProcessSpec.Output.Tail(4096),
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(1)));
        if (!result.succeeded()) {
            return "";
        }
        Matcher m = VERSION.matcher(result.stdout());
        return m.find() ? m.group(1) : "";
    }
}
