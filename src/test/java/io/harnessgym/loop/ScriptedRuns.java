package io.harnessgym.loop;

import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop tests' run of the bug-fix example with the scripted agent: its environment (an agent
 * folder of the test's own), its settings (check/ protected, 300 s phases) and its runner.
 */
final class ScriptedRuns {
    final Path ws;
    final StateDir state;
    final Map<String, String> env;
    final RunnerContext.Options options;

    ScriptedRuns(Path ws, StateDir state, Path dir, Path script) {
        this.ws = ws;
        this.state = state;
        Map<String, String> env = new HashMap<>(TestState.env());
        env.put("HARNESSGYM_AGENT_DIR", dir.resolve("agent").toString());
        this.env = Map.copyOf(env);
        this.options = RunnerContext.Options.defaults().withScript(script);
    }

    RunConfig.Builder config(String runId, int iterations) {
        return RunConfig.builder(runId)
                .task("task.md", "sha256:x")
                .iterations(iterations)
                .runner(RunnerKind.SCRIPTED, options)
                .attemptTimeout(300, List.of())
                .reflectionTimeout(300)
                .buildTimeout(300)
                .postAttempt("sh check/run.sh", List.of("check"), 120);
    }

    Runner runner() {
        return Runners.create(
                RunnerKind.SCRIPTED,
                new RunnerContext(
                        Workspace.open(ws), state, env, ProxyLauncher.current(), options));
    }

    Orchestrator orchestrator() {
        return new Orchestrator(Workspace.open(ws), state, env, ProxyLauncher.current());
    }
}
