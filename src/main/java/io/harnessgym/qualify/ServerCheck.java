package io.harnessgym.qualify;

import io.harnessgym.mcp.SmokeCheck;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.workspace.Workspace;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The quality gate for one server: the {@link SmokeCheck} (its framing recorded), the self-test,
 * and the tool inventory (non-empty, and every {@code enabled_tools} name present in tools/list).
 * Each failed check is recorded with its reason. Run in a clean room, with the room as workspace.
 */
final class ServerCheck {
    private ServerCheck() {}

    static ServerResult check(
            Workspace workspace,
            ArtifactReport artifact,
            Map<String, String> env,
            Sandbox sandbox,
            Sandbox.Policy policy) {
        return check(workspace, artifact, artifact.manifest(), env, sandbox, policy);
    }

    /**
     * The same with {@code manifest} in place of the artifact's own (a recorded framing stated).
     */
    static ServerResult check(
            Workspace workspace,
            ArtifactReport artifact,
            McpManifest manifest,
            Map<String, String> env,
            Sandbox sandbox,
            Sandbox.Policy policy) {
        long start = System.nanoTime();
        // The self-test does not depend on the smoke test: it runs while the server starts.
        FutureTask<SelfTestResult> selfTestTask =
                new FutureTask<>(
                        () -> SelfTestRunner.run(workspace, manifest, env, sandbox, policy));
        Thread selfTestThread = new Thread(selfTestTask, "harnessgym-self-test-" + manifest.name());
        selfTestThread.setDaemon(true);
        selfTestThread.start();
        SmokeCheck.Result smoke = SmokeCheck.run(workspace, manifest, env, sandbox, policy);
        SelfTestResult selfTest = await(selfTestTask, manifest);
        Map<Check, String> failures = new EnumMap<>(Check.class);
        if (!smoke.passed()) {
            failures.put(Check.SMOKE, smoke.message());
        }
        if (!selfTest.passed()) {
            failures.put(Check.SELF_TEST, selfTest.message());
        }
        String inventory = inventory(manifest, smoke);
        if (!inventory.equals("passed")) {
            failures.put(Check.TOOL_INVENTORY, inventory);
        }
        return new ServerResult(
                artifact,
                manifest,
                smoke,
                selfTest,
                inventory,
                failures,
                (System.nanoTime() - start) / 1e9);
    }

    private static SelfTestResult await(FutureTask<SelfTestResult> task, McpManifest manifest) {
        List<String> command = manifest.selfTest() == null ? List.of() : manifest.selfTest().argv();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SelfTestResult.failed("interrupted", command);
        } catch (ExecutionException e) {
            return SelfTestResult.failed("could not run self-test: " + e.getCause(), command);
        }
    }

    private static String inventory(McpManifest manifest, SmokeCheck.Result smoke) {
        if (!smoke.passed()) {
            return "no tools: the smoke test failed";
        }
        List<String> tools = smoke.toolNames();
        if (tools.isEmpty()) {
            return "tools/list returned no tools";
        }
        Set<String> missing = new LinkedHashSet<>(manifest.enabledTools());
        missing.removeAll(new ArrayList<>(tools));
        if (!missing.isEmpty()) {
            return "enabled_tools not offered by the server: " + String.join(", ", missing);
        }
        return "passed";
    }
}
