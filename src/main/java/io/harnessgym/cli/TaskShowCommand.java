package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.task.TaskFile;
import io.harnessgym.workspace.Digests;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code harnessgym task show FILE}: what every agent prompt gets, and what only checks get. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description =
                "Show what an agent is given of a task file, what is held out, and its contract.")
final class TaskShowCommand extends ReportingCommand {
    @Parameters(paramLabel = "FILE", description = "The task file.")
    Path file;

    @Override
    public Integer call() {
        TaskFile task = TaskFile.parse(Json.readUtf8(file, file), file.toString());
        ObjectNode json = Json.object();
        json.put("file", file.toString());
        json.put("task_digest", Digests.text(task.text()));
        json.put("agent_text", task.agentText());
        json.put("holdout", task.holdout());
        json.set("contract", Json.MAPPER.valueToTree(task.contract()));
        StringBuilder text = new StringBuilder();
        text.append("== what every agent is given ==\n").append(task.agentText().stripTrailing());
        text.append("\n\n== held out (only harnessgym's checks get it) ==\n")
                .append(task.holdout() == null ? "(nothing)" : task.holdout().stripTrailing());
        text.append("\n\n== contract ==\n")
                .append(
                        task.contract().isEmpty()
                                ? "(no front matter)"
                                : Json.pretty(json.get("contract")));
        return report(json, text.toString());
    }
}
