package io.harnessgym.runner;

import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every runner works with: the workspace, the private state directory, harnessgym's own
 * environment (children get filtered copies of it), how the proxy is launched, and the options of
 * {@code --runner}.
 */
public record RunnerContext(
        Workspace workspace,
        StateDir state,
        Map<String, String> env,
        ProxyLauncher launcher,
        Options options) {
    public RunnerContext {
        env = Map.copyOf(env);
    }

    /**
     * {@code program}: the agent CLI (default {@code codex} / {@code claude} on PATH); {@code
     * model} and {@code extraArgs}: passed to it; {@code agentUser}: the unprivileged user Claude
     * Code runs as when harnessgym is root; {@code maxBudgetUsd}: Claude's budget per phase; {@code
     * harness}: the harness folder of the command runner; {@code script}: the scripted runner's
     * script (null: the built-in demo); {@code prices}: a price table overriding the built-in one.
     */
    public record Options(
            String program,
            String model,
            List<String> extraArgs,
            String agentUser,
            Double maxBudgetUsd,
            Path harness,
            Path script,
            Path prices) {
        public Options {
            extraArgs = List.copyOf(extraArgs);
        }

        public static Options defaults() {
            return new Options(null, null, List.of(), null, null, null, null, null);
        }

        public Options withProgram(String value) {
            return new Options(
                    value, model, extraArgs, agentUser, maxBudgetUsd, harness, script, prices);
        }

        public Options withAgentUser(String value) {
            return new Options(
                    program, model, extraArgs, value, maxBudgetUsd, harness, script, prices);
        }

        public Options withHarness(Path value) {
            return new Options(
                    program, model, extraArgs, agentUser, maxBudgetUsd, value, script, prices);
        }

        public Options withScript(Path value) {
            return new Options(
                    program, model, extraArgs, agentUser, maxBudgetUsd, harness, value, prices);
        }

        public Options withModel(String value) {
            return new Options(
                    program, value, extraArgs, agentUser, maxBudgetUsd, harness, script, prices);
        }
    }
}
