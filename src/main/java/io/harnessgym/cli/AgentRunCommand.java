package io.harnessgym.cli;

import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.PhaseRequest;
import io.harnessgym.runner.PhaseResult;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.text.Durations;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code harnessgym agent run}: one phase with one runner, confined as in a run, with the servers
 * that are active now; prints the result record (also saved in the state directory). Exit 0 when
 * the phase completed, 1 when it failed or timed out, 3 when it could not be run.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run an agent for one phase, confined as in a run, with the servers active now.",
            "The prompt goes on the agent's stdin; prints the phase's result record (its files are in the state directory)."
        })
final class AgentRunCommand extends ReportingCommand {
    @ParentCommand AgentCommand parent;

    @Option(
            names = "--phase",
            defaultValue = "attempt",
            paramLabel = "P",
            description = "attempt (a fresh session), reflect, build or repair (resume --session).")
    String phase;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(
            names = "--prompt-file",
            paramLabel = "FILE",
            description = "Read the prompt from a file.")
    Path promptFile;

    @Option(names = "--session", paramLabel = "ID", description = "The session to resume.")
    String session;

    @Option(
            names = "--timeout",
            defaultValue = "20m",
            paramLabel = "D",
            description = "Time limit (e.g. 90s, 20m).")
    String timeout;

    @Option(
            names = "--run-id",
            defaultValue = "manual",
            paramLabel = "ID",
            description = "Run id for the call log's scope.")
    String runId;

    @Option(
            names = "--iteration",
            defaultValue = "1",
            paramLabel = "N",
            description = "Iteration for the call log's scope.")
    int iteration;

    @picocli.CommandLine.Mixin RunnerOptions runnerOptions;

    @Override
    public Integer call() {
        RunnerKind kind;
        Phase which;
        Duration limit;
        try {
            kind = runnerOptions.kind();
            which = Phase.parse(phase);
            limit = Duration.ofSeconds(Durations.parseSeconds(timeout));
        } catch (IllegalArgumentException e) {
            throw new HarnessGymException(ExitCode.USAGE, e.getMessage());
        }
        if ((prompt == null) == (promptFile == null)) {
            throw new HarnessGymException(
                    ExitCode.USAGE, "give --prompt TEXT or --prompt-file FILE");
        }
        String text = prompt != null ? prompt : Json.readUtf8(promptFile, promptFile);
        HarnessGymCommand root = parent.root;
        Workspace workspace = root.workspace();
        StateDir state = root.state();
        state.ensure();
        ProxyLauncher launcher = ProxyLauncher.current();
        Activation activation = null;
        if (workspace.hasBundle()) {
            Activator.Target target =
                    kind == RunnerKind.CODEX
                            ? Activator.Target.CODEX
                            : kind == RunnerKind.CLAUDE
                                    ? Activator.Target.CLAUDE
                                    : Activator.Target.ALL;
            activation = new Activator(workspace, state, launcher).activate(target, true);
        }
        RunnerContext context =
                new RunnerContext(workspace, state, root.env(), launcher, runnerOptions.options());
        Path dir =
                state.root()
                        .resolve("runs")
                        .resolve(safe(runId))
                        .resolve("iterations")
                        .resolve(Integer.toString(iteration));
        PhaseResult result =
                Runners.create(kind, context)
                        .run(
                                new PhaseRequest(
                                        which,
                                        text,
                                        session,
                                        dir,
                                        limit,
                                        new PhaseRequest.RunScope(
                                                runId, Integer.toString(iteration), ""),
                                        activation));
        ExitCode code =
                result.completed()
                        ? ExitCode.OK
                        : result.status().id().equals("error")
                                ? ExitCode.BAD_INPUT
                                : ExitCode.NEGATIVE;
        StringBuilder lines = new StringBuilder();
        lines.append(which.id()).append(' ').append(result.status().id());
        if (!result.reason().isEmpty()) {
            lines.append(": ").append(result.reason());
        }
        lines.append("\nsession: ").append(result.sessionId() == null ? "-" : result.sessionId());
        lines.append("\nconfinement: ")
                .append(result.confinement().mechanism())
                .append(" (servers: ")
                .append(result.confinement().servers())
                .append(')');
        lines.append("\nresult: ")
                .append(result.files().stdout().replace(".stdout.log", ".result.json"));
        result.warnings().forEach(w -> lines.append("\nwarning: ").append(w));
        return report(Json.MAPPER.valueToTree(result), lines.toString(), code);
    }

    private static String safe(String id) {
        if (!id.matches("[A-Za-z0-9_.-]{1,100}") || id.startsWith(".")) {
            throw new HarnessGymException(
                    ExitCode.USAGE, "--run-id must be letters, digits, '.', '_' or '-'");
        }
        return id;
    }
}
