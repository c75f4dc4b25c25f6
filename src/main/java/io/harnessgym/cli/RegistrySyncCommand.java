package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.ExitCode;
import io.harnessgym.registry.Artifact;
import io.harnessgym.registry.RegistrySync;
import io.harnessgym.workspace.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code harnessgym registry sync}: register what the files declare, prune what is gone, record
 * digests.
 */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description =
                "Reconcile registry.json with the files: add new artifacts, prune deleted ones, record digests.")
final class RegistrySyncCommand extends RegistrySubcommand {
    @Option(
            names = "--iteration",
            paramLabel = "N",
            description = "Iteration number recorded on new artifacts.")
    Integer iteration;

    @Override
    public Integer call() {
        RegistrySync.Result result =
                service().sync(iteration == null ? null : IntNode.valueOf(iteration));
        PrintWriter out = out();
        if (json()) {
            ObjectNode json = Json.object();
            json.put("registry_path", ".harnessgym/registry.json");
            json.put("changed", result.changed());
            json.put("artifact_count", result.registry().artifacts().size());
            json.set("added", ReportJson.ids(result.added()));
            json.set("pruned", ReportJson.ids(result.pruned()));
            out.println(Json.pretty(json));
            return ExitCode.OK.code();
        }
        for (Artifact artifact : result.added()) {
            out.println("added   " + artifact.id());
        }
        for (Artifact artifact : result.pruned()) {
            out.println("pruned  " + artifact.id() + " (its files are gone)");
        }
        out.printf(
                "%s: %d artifacts, %d added, %d pruned%s%n",
                ".harnessgym/registry.json",
                result.registry().artifacts().size(),
                result.added().size(),
                result.pruned().size(),
                result.changed() ? "" : " (unchanged)");
        return ExitCode.OK.code();
    }
}
