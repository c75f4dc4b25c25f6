package io.harnessgym.activation;

import io.harnessgym.process.ChildEnvironment;
import io.harnessgym.process.OutputTail;
import io.harnessgym.process.ProcessGroup;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a manifest's self-test without a shell, in its own process group, with the scrubbed
 * environment plus the manifest's {@code env}; on timeout the whole group is ended. Output is
 * drained continuously and the last {@value #CAP} characters of each stream are kept.
 */
final class SelfTestRunner {
    static final int CAP = 8000;

    private SelfTestRunner() {}

    static SelfTestResult run(
            Workspace workspace, McpManifest manifest, Map<String, String> parentEnv) {
        McpManifest.SelfTest spec = manifest.selfTest();
        if (spec == null) {
            return new SelfTestResult(
                    "not_configured",
                    "the manifest configures no self_test; activation requires one",
                    List.of(),
                    null,
                    "",
                    "");
        }
        Path cwd;
        try {
            cwd = workspace.resolveConfined(spec.cwd(), "self_test cwd");
        } catch (RuntimeException e) {
            return new SelfTestResult("failed", e.getMessage(), spec.argv(), null, "", "");
        }
        ProcessGroup group;
        try {
            group =
                    ProcessGroup.start(
                            spec.argv(),
                            cwd,
                            ChildEnvironment.of(parentEnv, manifest.env()),
                            builder ->
                                    builder.redirectInput(
                                            ProcessBuilder.Redirect.from(
                                                    new java.io.File("/dev/null"))));
        } catch (IOException e) {
            return new SelfTestResult(
                    "failed",
                    "could not run self-test: " + e.getMessage(),
                    spec.argv(),
                    null,
                    "",
                    "");
        }
        OutputTail out =
                OutputTail.drain(
                        group.process().getInputStream(), CAP, null, 0, "self-test-stdout");
        OutputTail err =
                OutputTail.drain(
                        group.process().getErrorStream(), CAP, null, 0, "self-test-stderr");
        try {
            boolean exited = group.waitFor(Duration.ofSeconds(spec.timeoutSec()));
            if (!exited) {
                group.terminate(Duration.ofSeconds(2));
                out.awaitEnd(500);
                err.awaitEnd(500);
                return new SelfTestResult(
                        "timeout",
                        "self-test did not finish within " + spec.timeoutSec() + " s",
                        spec.argv(),
                        null,
                        out.text(),
                        err.text());
            }
            // The leader exited: anything it left running in its group is ended too.
            group.terminate(Duration.ofMillis(500));
            out.awaitEnd(1000);
            err.awaitEnd(1000);
            int code = group.process().exitValue();
            if (code == 127 && err.text().contains("failed to execute")) {
                return new SelfTestResult(
                        "failed",
                        "self-test command not found: " + spec.argv().get(0),
                        spec.argv(),
                        code,
                        out.text(),
                        err.text());
            }
            return new SelfTestResult(
                    code == 0 ? "passed" : "failed",
                    code == 0 ? "passed" : "exited with status " + code,
                    spec.argv(),
                    code,
                    out.text(),
                    err.text());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.terminate(Duration.ofSeconds(1));
            return new SelfTestResult(
                    "failed", "interrupted", spec.argv(), null, out.text(), err.text());
        }
    }
}
