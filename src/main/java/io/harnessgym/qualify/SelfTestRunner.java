package io.harnessgym.qualify;

import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a manifest's self-test through the {@link ProcessRunner}: no shell, stdin from {@code
 * /dev/null}, the server environment policy plus the manifest's {@code env}, its own process tree
 * ended when it returns, and the last {@value #CAP} bytes of each stream kept.
 */
final class SelfTestRunner {
    static final int CAP = 8000;

    private SelfTestRunner() {}

    static SelfTestResult run(
            Workspace workspace,
            McpManifest manifest,
            Map<String, String> parentEnv,
            Sandbox sandbox,
            Sandbox.Policy policy) {
        McpManifest.SelfTest spec = manifest.selfTest();
        if (spec == null) {
            return new SelfTestResult(
                    SelfTestResult.Status.NOT_CONFIGURED,
                    "the manifest configures no self_test; activation requires one",
                    List.of(),
                    null,
                    "",
                    "",
                    "none");
        }
        Path cwd;
        try {
            cwd = workspace.resolveConfined(spec.cwd(), "self_test cwd");
        } catch (RuntimeException e) {
            return SelfTestResult.failed(e.getMessage(), spec.argv());
        }
        ProcessResult result =
                ProcessRunner.run(
                        new ProcessSpec(
                                sandbox.wrap(spec.argv(), cwd, policy),
                                cwd,
                                ChildEnvironment.of(
                                        ChildEnvironment.Policy.SERVER, parentEnv, manifest.env()),
                                new ProcessSpec.Stdin.Empty(),
                                new ProcessSpec.Output.Tail(CAP),
                                new ProcessSpec.Output.Tail(CAP),
                                Duration.ofSeconds(spec.timeoutSec()),
                                Duration.ofSeconds(2)));
        if (result.startError() != null) {
            return SelfTestResult.failed(
                    "could not run self-test: " + result.startError(), spec.argv());
        }
        if (result.timedOut()) {
            return new SelfTestResult(
                    SelfTestResult.Status.TIMEOUT,
                    "self-test did not finish within " + spec.timeoutSec() + " s",
                    spec.argv(),
                    null,
                    result.stdout(),
                    result.stderr(),
                    result.containment());
        }
        int code = result.exitCode();
        String message;
        if (code == 127 && result.stderr().contains("failed to execute")) {
            message = "self-test command not found: " + spec.argv().get(0);
        } else if (code == 0) {
            message = "passed";
        } else {
            message = "exited with status " + code + lastLine(result.stderr(), result.stdout());
        }
        return new SelfTestResult(
                code == 0 ? SelfTestResult.Status.PASSED : SelfTestResult.Status.FAILED,
                message,
                spec.argv(),
                code,
                result.stdout(),
                result.stderr(),
                result.containment());
    }

    /** The last non-empty line of stderr (or of stdout), as a hint of why it failed. */
    private static String lastLine(String stderr, String stdout) {
        String text = stderr.isBlank() ? stdout : stderr;
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        String last = trimmed.substring(trimmed.lastIndexOf('\n') + 1).strip();
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
    }
}
