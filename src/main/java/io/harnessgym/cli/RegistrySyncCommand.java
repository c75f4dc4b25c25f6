package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.IntNode;
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
            ReportJson.Synced json =
                    new ReportJson.Synced(
                            ".harnessgym/registry.json",
                            result.changed(),
                            result.registry().artifacts().size(),
                            ReportJson.ids(result.added()),
                            ReportJson.ids(result.pruned()));
            out.println(Json.pretty(ReportJson.tree(json)));
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
