package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The runner and its options, shared by {@code run} and {@code agent run} (a picocli mixin). */
final class RunnerOptions {
    @Option(
            names = "--runner",
            defaultValue = "codex",
            paramLabel = "R",
            description =
                    "codex (default), claude, command or scripted (exec and fake are accepted too).")
    String runner;

    @Option(
            names = "--program",
            paramLabel = "PATH",
            description = "The agent CLI (default: codex / claude on PATH).")
    String program;

    @Option(names = "--model", paramLabel = "M", description = "The model to ask for.")
    String model;

    @Option(
            names = "--agent-user",
            paramLabel = "NAME",
            description =
                    "Run Claude Code as this unprivileged user (required when harnessgym runs as root).")
    String agentUser;

    @Option(
            names = "--max-budget-usd",
            paramLabel = "X",
            description = "Claude Code's budget per phase.")
    Double maxBudgetUsd;

    @Option(
            names = "--harness",
            paramLabel = "DIR",
            description = "The command runner's harness folder (harness.json).")
    Path harness;

    @Option(
            names = "--script",
            paramLabel = "FILE",
            description = "The scripted runner's script (default: the built-in demo).")
    Path script;

    @Option(
            names = "--prices",
            paramLabel = "FILE",
            description = "A price table (USD per million tokens) for Codex's cost.")
    Path prices;

    @Option(
            names = "--agent-arg",
            paramLabel = "ARG",
            description = "An extra argument for the agent (repeatable).")
    List<String> agentArgs = new ArrayList<>();

    RunnerKind kind() {
        try {
            return RunnerKind.parse(runner);
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
    }

    RunnerContext.Options options() {
        return new RunnerContext.Options(
                program, model, agentArgs, agentUser, maxBudgetUsd, harness, script, prices);
    }
}
