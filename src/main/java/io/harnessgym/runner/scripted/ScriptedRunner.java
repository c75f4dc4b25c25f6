package io.harnessgym.runner.scripted;

import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.command.CommandRunner;
import io.harnessgym.runner.command.Harness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The offline, deterministic agent for demos and tests ({@code --runner scripted}, or {@code fake}
 * as the Python tool called it): {@link ScriptedAgent} run through the command runner as a harness,
 * so it is confined exactly as any harness is, its tool calls go through the gateway and the proxy,
 * and its result record has the same shape. Without {@code --script} it follows the built-in demo
 * script.
 */
public final class ScriptedRunner implements Runner {
    private final CommandRunner delegate;

    public ScriptedRunner(RunnerContext context) {
        List<String> args = new ArrayList<>(context.launcher().prefixArgs());
        args.add(ScriptedAgent.FLAG);
        Path script = context.options().script();
        if (script != null) {
            args.add("--script");
            args.add(script.toAbsolutePath().toString());
        }
        Harness harness =
                new Harness(
                        script == null ? Path.of("scripted") : script.toAbsolutePath().getParent(),
                        "scripted",
                        List.of(),
                        context.launcher().command(),
                        args,
                        Map.of());
        this.delegate = new CommandRunner(context, harness, RunnerKind.SCRIPTED);
    }

    @Override
    public RunnerKind kind() {
        return RunnerKind.SCRIPTED;
    }

    @Override
    public PhaseResult run(PhaseRequest request) {
        return delegate.run(request);
    }
}
