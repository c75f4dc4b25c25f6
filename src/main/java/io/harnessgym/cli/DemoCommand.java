package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.loop.Orchestrator;
import io.harnessgym.loop.RunConfig;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.runner.RunnerContext;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.runner.all.Runners;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code harnessgym demo}: the whole loop offline on the bundled example, with the scripted agent,
 * in a scratch folder (the example is copied out of the jar; nothing of yours is touched).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole loop offline on the bundled example (a bug fix) with the scripted agent.",
            "In a scratch folder it fails, builds an MCP server and a skill, they qualify, and the next attempt calls the",
            "tool through the proxy and solves. Needs only a JDK."
        })
final class DemoCommand extends ReportingCommand {
    private static final String EXAMPLE = "/examples/bugfix-java/";

    @ParentCommand HarnessGymCommand root;

    @Option(
            names = "--into",
            paramLabel = "DIR",
            description = "Where to copy the example (default: a new temporary folder).")
    Path into;

    @Override
    public Integer call() throws IOException {
        JsonNode example = Json.MAPPER.readTree(resource("example.json"));
        Path dir =
                into != null
                        ? into.toAbsolutePath()
                        : Files.createTempDirectory("harnessgym-demo-");
        Path ws = dir.resolve("workspace");
        if (Files.exists(ws)) {
            throw HarnessGymException.badInput(ws + " exists already; pass another --into");
        }
        for (JsonNode file : example.path("files")) {
            String relative = file.asText();
            if (ConfinedPaths.lexicalProblem(relative) != null) {
                throw new IllegalStateException("bad file in the bundled example: " + relative);
            }
            Path target = ws.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, resource(relative));
        }
        Workspace workspace = Workspace.open(ws);
        StateDir state = StateDir.of(workspace, dir.resolve("state"), root.env());
        state.ensure();
        List<String> protect = new ArrayList<>();
        example.path("protect").forEach(p -> protect.add(p.asText()));
        String task = new String(resource(example.path("task").asText()), StandardCharsets.UTF_8);
        RunConfig config =
                new RunConfig(
                        "demo",
                        example.path("task").asText(),
                        "-",
                        3,
                        RunnerKind.SCRIPTED,
                        RunnerContext.Options.defaults(),
                        300,
                        300,
                        300,
                        example.path("post_attempt_command").asText(),
                        protect,
                        120,
                        "score",
                        null,
                        false,
                        false,
                        true,
                        1,
                        900L,
                        null);
        ProxyLauncher launcher = ProxyLauncher.current();
        RunnerContext context =
                new RunnerContext(workspace, state, root.env(), launcher, config.runnerOptions());
        Orchestrator.Outcome outcome =
                new Orchestrator(workspace, state, root.env(), launcher)
                        .run(config, task, Runners.create(RunnerKind.SCRIPTED, context));
        JsonNode summary = Json.readTree(outcome.summaryFile(), outcome.summaryFile());
        StringBuilder text =
                new StringBuilder("demo: " + example.path("description").asText() + "\n");
        for (JsonNode row : summary.path("iterations")) {
            text.append(
                    String.format(
                            "iteration %d: %s (score %s, %d tool call(s) in the attempt)%n",
                            row.path("iteration").asInt(),
                            row.path("status").asText(),
                            row.path("score").asText("-"),
                            row.path("attempt_mcp_calls").asInt()));
        }
        text.append(outcome.solved() ? "solved and verified" : "not solved")
                .append(": ")
                .append(outcome.stopReason())
                .append("\nworkspace: ")
                .append(ws)
                .append("\nsummary: ")
                .append(outcome.summaryFile())
                .append("\ncall log: ")
                .append(state.callLog());
        return report(summary, text.toString(), outcome.solved() ? ExitCode.OK : ExitCode.NEGATIVE);
    }

    private static byte[] resource(String relative) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(EXAMPLE + relative)) {
            if (in == null) {
                throw new IllegalStateException("the bundled example has no " + relative);
            }
            return in.readAllBytes();
        }
    }
}
