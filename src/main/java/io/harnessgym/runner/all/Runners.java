package io.harnessgym.runner.all;

import io.harnessgym.runner.Runner;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.claude.ClaudeRunner;
import io.harnessgym.runner.codex.CodexRunner;
import io.harnessgym.runner.command.CommandRunner;
import io.harnessgym.runner.scripted.ScriptedRunner;

/**
 * The runner {@code --runner} names, for a context. Its own package, so that {@code runner} (the
 * shared records) depends on none of the runners that use it.
 */
public final class Runners {
    private Runners() {}

    public static Runner create(RunnerKind kind, RunnerContext context) {
        return switch (kind) {
            case CODEX -> new CodexRunner(context);
            case CLAUDE -> new ClaudeRunner(context);
            case COMMAND -> new CommandRunner(context);
            case SCRIPTED -> new ScriptedRunner(context);
        };
    }
}
