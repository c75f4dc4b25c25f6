package io.harnessgym.cli;

import io.harnessgym.compare.Compare;
import io.harnessgym.compare.CompareContext;
import io.harnessgym.compare.RunPage;
import io.harnessgym.error.ExitCode;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym report ID}: the HTML page of a run or of a compare. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Build the self-contained HTML page of a run (iterations, scores, tool calls, qualification) or of a compare.")
final class ReportCommand extends ReportingCommand {
    @ParentCommand HarnessGymCommand root;

    @Parameters(paramLabel = "RUN_ID|COMPARE_ID", description = "A run's or a compare's id.")
    String id;

    @Override
    public Integer call() {
        String safe = Ids.safe(id, "the id");
        Path compare = root.state().root().resolve("compares").resolve(safe);
        Path run = root.state().root().resolve("runs").resolve(safe);
        Path page;
        if (Files.isRegularFile(compare.resolve("compare_plan.json"))) {
            CompareContext context =
                    CompareCommand.context(root, safe, io.harnessgym.runner.RunnerKind.SCRIPTED);
            page =
                    new Compare(context, line -> {})
                            .rebuildReport()
                            .report()
                            .resolveSibling("compare_report.html");
        } else if (Files.isRegularFile(run.resolve("summary.json"))) {
            page = RunPage.write(run);
        } else {
            throw io.harnessgym.error.HarnessGymException.badInput(
                    "no run or compare " + safe + " in " + root.state().root());
        }
        var json = Json.object();
        json.put("page", page.toString());
        return report(json, "report: " + page, ExitCode.OK);
    }
}
