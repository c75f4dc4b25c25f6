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
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Digests;
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
            "Run the whole loop offline on a bundled example with the scripted agent.",
            "In a scratch folder it fails, builds an MCP server and a skill, they qualify, and the next attempt calls the",
            "tool through the proxy and solves. Needs only a JDK."
        })
final class DemoCommand extends ReportingCommand {
    private static final List<String> EXAMPLES = List.of("bugfix-java", "optimize-java");

    @ParentCommand HarnessGymCommand root;

    @Option(
            names = "--into",
            paramLabel = "DIR",
            description = "Where to copy the example (default: a new temporary folder).")
    Path into;

    @Option(
            names = "--example",
            defaultValue = "bugfix-java",
            paramLabel = "NAME",
            description =
                    "bugfix-java (default: a bug fix with a verifier) or optimize-java (an optimization"
                            + " task: dev and final scores, the best tree restored).")
    String example;

    @Override
    public Integer call() throws IOException {
        if (!EXAMPLES.contains(example)) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    "no bundled example '"
                            + Terminal.line(example)
                            + "' ("
                            + String.join(", ", EXAMPLES)
                            + ")");
        }
        JsonNode meta = Json.MAPPER.readTree(resource("example.json"));
        Path dir =
                into != null
                        ? into.toAbsolutePath()
                        : Files.createTempDirectory("harnessgym-demo-");
        Path ws = dir.resolve("workspace");
        if (Files.exists(ws)) {
            throw HarnessGymException.badInput(ws + " exists already; pass another --into");
        }
        for (JsonNode file : meta.path("files")) {
            String relative = file.asText();
            if (ConfinedPaths.lexicalProblem(relative) != null) {
                throw new IllegalStateException("bad file in the bundled example: " + relative);
            }
            Path target = ws.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.write(target, resource(relative));
            if (relative.endsWith(".sh")) {
                target.toFile().setExecutable(true);
            }
        }
        RunnerContext.Options options = RunnerContext.Options.defaults();
        if (meta.hasNonNull("script")) {
            // The agent's script lives beside the workspace, not in it.
            Path script = dir.resolve("agent-script.json");
            Files.write(script, resource(meta.path("script").asText()));
            options = options.withScript(script);
        }
        Workspace workspace = Workspace.open(ws);
        StateDir state = StateDir.of(workspace, dir.resolve("state"), root.env());
        state.ensure();
        List<String> protect = new ArrayList<>();
        meta.path("protect").forEach(p -> protect.add(p.asText()));
        String task = new String(resource(meta.path("task").asText()), StandardCharsets.UTF_8);
        RunConfig config =
                RunConfig.builder("demo")
                        .task(meta.path("task").asText(), Digests.text(task))
                        .iterations(meta.path("iterations").asInt(3))
                        .runner(RunnerKind.SCRIPTED, options)
                        .attemptTimeout(300, List.of())
                        .reflectionTimeout(300)
                        .buildTimeout(300)
                        .postAttempt(meta.path("post_attempt_command").asText(), protect, 120)
                        .score("score", null, meta.path("higher_is_better").asBoolean(false))
                        .optimization(meta.path("optimization_mode").asBoolean(false), true)
                        .budget(900L, null)
                        .build();
        ProxyLauncher launcher = ProxyLauncher.current();
        RunnerContext context =
                new RunnerContext(workspace, state, root.env(), launcher, config.runnerOptions());
        Orchestrator.Outcome outcome;
        try (RunProgress progress = RunProgress.open(err(), root.env())) {
            outcome =
                    new Orchestrator(workspace, state, root.env(), launcher, progress)
                            .run(config, task, Runners.create(RunnerKind.SCRIPTED, context));
        }
        JsonNode summary = Json.readTree(outcome.summaryFile(), outcome.summaryFile());
        StringBuilder text = new StringBuilder("demo: " + meta.path("description").asText() + "\n");
        for (JsonNode row : summary.path("iterations")) {
            text.append(
                    String.format(
                            "iteration %d: %s (score %s, %d tool call(s) in the attempt)%n",
                            row.path("iteration").asInt(),
                            row.path("status").asText(),
                            row.path("score").asText("-"),
                            row.path("attempt_mcp_calls").asInt()));
        }
        JsonNode optimization = summary.path("optimization");
        boolean good = outcome.solved();
        if (optimization.isObject()) {
            good = optimization.path("improved").asBoolean(false);
            text.append(
                    String.format(
                            "baseline score %s, best verified score %s (iteration %s), restored: %s%n",
                            optimization.path("baseline_score").asText("-"),
                            optimization.path("best_score").asText("-"),
                            optimization.at("/best_checkpoint/iteration").asText("-"),
                            optimization.at("/restored/measured/score").asText("no")));
            text.append(good ? "improved and verified" : "not improved");
        } else {
            text.append(outcome.solved() ? "solved and verified" : "not solved");
        }
        text.append(": ")
                .append(outcome.stopReason())
                .append("\nworkspace: ")
                .append(ws)
                .append("\nsummary: ")
                .append(outcome.summaryFile())
                .append("\ncall log: ")
                .append(state.callLog());
        return report(summary, text.toString(), good ? ExitCode.OK : ExitCode.NEGATIVE);
    }

    private byte[] resource(String relative) throws IOException {
        try (InputStream in =
                DemoCommand.class.getResourceAsStream("/examples/" + example + "/" + relative)) {
            if (in == null) {
                throw new IllegalStateException("the bundled example has no " + relative);
            }
            return in.readAllBytes();
        }
    }
}
