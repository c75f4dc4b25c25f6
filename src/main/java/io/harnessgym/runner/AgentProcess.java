package io.harnessgym.runner;

import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.workspace.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs an agent program for one phase the one way: the prompt written to the phase folder and sent
 * on stdin (never argv), stdout and stderr streamed as bytes to size-capped files there, the time
 * limit, and the whole process tree ended (SIGTERM, grace, SIGKILL) when it returns.
 */
public final class AgentProcess {
    /** What an agent may print before the rest is dropped (and counted). */
    public static final long MAX_STDOUT = 64L << 20;

    public static final long MAX_STDERR = 16L << 20;
    public static final Duration GRACE = Duration.ofSeconds(5);

    private AgentProcess() {}

    /**
     * The environment every agent starts from: harnessgym's own, filtered by the {@code AGENT}
     * policy, with the phase's scope and the workspace.
     */
    public static java.util.TreeMap<String, String> environment(
            RunnerContext context, PhaseRequest request) {
        java.util.TreeMap<String, String> env =
                new java.util.TreeMap<>(
                        io.harnessgym.process.ChildEnvironment.of(
                                io.harnessgym.process.ChildEnvironment.Policy.AGENT,
                                context.env(),
                                request.scopeVariables()));
        env.put("HARNESSGYM_WORKSPACE", context.workspace().root().toString());
        return env;
    }

    /** Creates {@code dir} and its parents. */
    public static void createDirectories(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Creates the bundle's kind folders the agent may write in {@code phase} (none in the attempt).
     */
    public static void createKindFolders(Path workspace, Phase phase) {
        phase.writableKindFolders()
                .forEach(kind -> createDirectories(workspace.resolve(".harnessgym").resolve(kind)));
    }

    /** Writes the prompt file of {@code request}, and returns its bytes. */
    public static byte[] writePrompt(PhaseRequest request) {
        byte[] prompt = request.prompt().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(request.files().prompt(), prompt);
        return prompt;
    }

    /** Runs {@code argv} in {@code cwd} with exactly {@code env}, the prompt on stdin. */
    public static ProcessResult run(
            PhaseRequest request, List<String> argv, Path cwd, Map<String, String> env) {
        byte[] prompt = writePrompt(request);
        PhaseFiles files = request.files();
        return ProcessRunner.run(
                new ProcessSpec(
                        argv,
                        cwd,
                        env,
                        new ProcessSpec.Stdin.Bytes(prompt),
                        new ProcessSpec.Output.ToFile(files.stdout(), MAX_STDOUT, 64 << 10),
                        new ProcessSpec.Output.ToFile(files.stderr(), MAX_STDERR, 64 << 10),
                        request.timeout(),
                        GRACE));
    }

    /**
     * The status a process result gives before its output is read: {@code error} when it could not
     * start, {@code timeout} when harnessgym ended it, else null (the runner decides).
     */
    public static PhaseStatus startOrTimeout(ProcessResult result, String program, Duration limit) {
        if (result.startError() != null) {
            return new PhaseStatus.Error(program + " could not be started: " + result.startError());
        }
        if (result.timedOut()) {
            return new PhaseStatus.TimedOut(
                    program + " did not finish within " + limit.toSeconds() + " s; it was ended");
        }
        return null;
    }

    /** The last non-blank line of {@code text}, at most 300 characters, or "". */
    public static String lastLine(String text) {
        String last = "";
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last.length() > 300 ? last.substring(0, 300) + "..." : last;
    }
}
