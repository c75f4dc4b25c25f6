package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym runs list|show}: the runs of this workspace, from the private records. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description =
                "List the runs of this workspace, or show one, from harnessgym's own records.",
        subcommands = {RunsCommand.ListCommand.class, RunsCommand.ShowCommand.class})
final class RunsCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    static Path runs(StateDir state) {
        return state.root().resolve("runs");
    }

    /** {@code runs list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "One line per run: status, solved, best score, iterations.")
    static final class ListCommand extends ReportingCommand {
        @ParentCommand RunsCommand parent;

        @Override
        public Integer call() throws IOException {
            Path runs = runs(parent.root.state());
            ArrayNode all = Json.MAPPER.createArrayNode();
            Table table = new Table("RUN", "STATUS", "SOLVED", "BEST", "ITERATIONS", "REASON");
            List<Path> dirs = new ArrayList<>();
            if (Files.isDirectory(runs)) {
                try (Stream<Path> list = Files.list(runs)) {
                    list.filter(Files::isDirectory).sorted().forEach(dirs::add);
                }
            }
            for (Path dir : dirs) {
                Path file = dir.resolve("summary.json");
                if (!Files.isRegularFile(file)) {
                    table.row(
                            List.of(dir.getFileName().toString(), "no summary", "-", "-", "-", "-"),
                            List.of());
                    continue;
                }
                JsonNode summary = Json.readTree(file, file);
                all.add(summary);
                table.row(
                        List.of(
                                summary.path("run_id").asText(),
                                summary.path("status").asText(),
                                summary.path("solved").asBoolean() ? "yes" : "no",
                                summary.path("best_score").asText("-"),
                                Integer.toString(summary.path("iterations").size()),
                                summary.path("stop_reason").asText("")),
                        List.of());
            }
            StringWriter text = new StringWriter();
            table.print(new java.io.PrintWriter(text));
            return report(all, dirs.isEmpty() ? "no runs yet" : text.toString().stripTrailing());
        }
    }

    /** {@code runs show RUN_ID}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "One run: per iteration its status, score, tool calls, steps and qualification.")
    static final class ShowCommand extends ReportingCommand {
        @ParentCommand RunsCommand parent;

        @Parameters(paramLabel = "RUN_ID", description = "The run.")
        String runId;

        @Override
        public Integer call() {
            if (!runId.matches("[A-Za-z0-9_.-]{1,100}") || runId.startsWith(".")) {
                throw new HarnessGymException(ExitCode.USAGE, "not a run id: " + runId);
            }
            Path dir = runs(parent.root.state()).resolve(runId);
            Path file = dir.resolve("summary.json");
            if (!Files.isRegularFile(file)) {
                throw HarnessGymException.badInput("no run " + runId + " (no " + file + ")");
            }
            JsonNode summary = Json.readTree(file, file);
            Table table =
                    new Table(
                            "ITERATION",
                            "STATUS",
                            "SCORE",
                            "TOOL CALLS",
                            "PASSED",
                            "QUARANTINED",
                            "STEPS");
            for (JsonNode row : summary.path("iterations")) {
                int n = row.path("iteration").asInt();
                Path result =
                        dir.resolve("iterations")
                                .resolve(Integer.toString(n))
                                .resolve("result.json");
                JsonNode qualification =
                        Files.isRegularFile(result)
                                ? Json.readTree(result, result).path("qualification")
                                : Json.object();
                List<String> steps = new ArrayList<>();
                row.path("steps")
                        .fields()
                        .forEachRemaining(f -> steps.add(f.getKey() + ":" + f.getValue().asText()));
                List<String> notes = new ArrayList<>();
                row.path("false_claims").forEach(c -> notes.add("false claim: " + c.asText()));
                Path manifest = result.resolveSibling("change_manifest.json");
                if (Files.isRegularFile(manifest)) {
                    for (JsonNode change : Json.readTree(manifest, manifest).path("changes")) {
                        notes.add(changeLine(change));
                    }
                }
                table.row(
                        List.of(
                                Integer.toString(n),
                                row.path("status").asText(),
                                row.path("score").asText("-"),
                                Integer.toString(row.path("attempt_mcp_calls").asInt()),
                                Integer.toString(qualification.path("passed").size()),
                                Integer.toString(qualification.path("quarantined").size()),
                                String.join(" ", steps)),
                        notes);
            }
            StringWriter text = new StringWriter();
            text.append("run ")
                    .append(summary.path("run_id").asText())
                    .append(": ")
                    .append(summary.path("status").asText())
                    .append(" (")
                    .append(summary.path("stop_reason").asText(""))
                    .append(")\n")
                    .append("solved and verified: ")
                    .append(summary.path("solved").asBoolean() ? "yes" : "no")
                    .append(", best verified score: ")
                    .append(summary.path("best_score").asText("-"))
                    .append(", false claims: ")
                    .append(summary.path("false_claims").asText("0"))
                    .append('\n');
            table.print(new java.io.PrintWriter(text));
            return report(summary, text.toString().stripTrailing());
        }

        /** One change: the artifact, its qualification, what the agent predicted, what followed. */
        private static String changeLine(JsonNode change) {
            JsonNode observed = change.path("observed");
            String seen =
                    observed.isObject()
                            ? "observed: "
                                    + (observed.path("attempt_calls").isNumber()
                                            ? observed.path("attempt_calls").asInt() + " call(s)"
                                            : "use not observable")
                                    + ", score "
                                    + observed.path("score_before").asText("-")
                                    + " -> "
                                    + observed.path("score_after").asText("-")
                            : "observed: not yet (no later attempt)";
            return "change "
                    + change.path("artifact").asText()
                    + " ("
                    + change.path("qualification").asText()
                    + "): predicted: "
                    + change.path("claimed_effect").asText("none stated")
                    + "; "
                    + seen;
        }
    }
}
