package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.ContentDigest;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.registry.RegistrySync;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harnessgym registry list}: the bundle as the files say it is now. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "List the bundle's artifacts with their state, short digest and description.",
            "States: active (qualified at its current digest), unqualified, invalid, quarantined."
                    + " Shows the registry reconciled with the files without writing it."
        })
final class RegistryListCommand extends RegistrySubcommand {
    @Option(names = "--all", description = "Include quarantined artifacts.")
    boolean all;

    @Option(
            names = "--kind",
            paramLabel = "K",
            description =
                    "Only this kind: skill, mcp, tool, verifier, fixture, test, docs, script.")
    String kind;

    @Override
    public Integer call() {
        if (kind != null && ArtifactKind.fromId(kind).isEmpty()) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    "unknown kind '" + kind + "' (known: " + ArtifactKind.allIds() + ")");
        }
        RegistryService service = service();
        RegistrySync.Result view = service.view();
        List<ArtifactReport> shown =
                view.reports().stream()
                        .filter(report -> kind == null || kind.equals(report.artifact().kind()))
                        .filter(report -> all || report.state() != ArtifactState.QUARANTINED)
                        .toList();
        PrintWriter out = out();
        if (json()) {
            out.println(
                    Json.pretty(
                            ReportJson.tree(
                                    ReportJson.listing(
                                            service.workspace().root().toString(), view, shown))));
        } else {
            printTable(out, shown);
            printFooter(view, shown);
        }
        return ExitCode.OK.code();
    }

    private static void printTable(PrintWriter out, List<ArtifactReport> shown) {
        Table table = new Table("ID", "KIND", "STATE", "DIGEST", "DESCRIPTION");
        for (ArtifactReport report : shown) {
            table.row(
                    List.of(
                            report.artifact().id(),
                            String.valueOf(report.artifact().kind()),
                            report.state().id(),
                            ContentDigest.shortForm(report.digest()),
                            report.artifact().description()),
                    report.state() == ArtifactState.INVALID ? report.problems() : List.of());
        }
        table.print(out);
    }

    /** Counts and hints go to stderr, so that stdout stays the table alone. */
    private void printFooter(RegistrySync.Result view, List<ArtifactReport> shown) {
        PrintWriter err = err();
        if (!service().workspace().hasBundle()) {
            err.println(
                    "no harnessgym bundle in "
                            + service().workspace().root()
                            + " (no .harnessgym/ folder): nothing to list; run this in the"
                            + " repository root or pass --workspace");
            return;
        }
        java.util.Map<String, Long> ids =
                view.reports().stream()
                        .collect(
                                java.util.stream.Collectors.groupingBy(
                                        report -> report.artifact().id(),
                                        java.util.TreeMap::new,
                                        java.util.stream.Collectors.counting()));
        ids.forEach(
                (id, count) -> {
                    if (count > 1) {
                        err.println(
                                "warning: id "
                                        + Terminal.clean(id)
                                        + " names "
                                        + count
                                        + " entries in registry.json; quarantine and unquarantine"
                                        + " refuse it until each has its own id");
                    }
                });
        Map<ArtifactState, Integer> counts = stateCounts(view.reports());
        err.printf(
                "%d artifacts: %d active, %d unqualified, %d invalid, %d quarantined%n",
                view.reports().size(),
                counts.get(ArtifactState.ACTIVE),
                counts.get(ArtifactState.UNQUALIFIED),
                counts.get(ArtifactState.INVALID),
                counts.get(ArtifactState.QUARANTINED));
        long hidden = view.reports().size() - shown.size();
        if (!all && counts.get(ArtifactState.QUARANTINED) > 0 && hidden > 0) {
            err.println("quarantined artifacts are hidden; add --all to show them");
        }
        if (view.changed()) {
            err.printf(
                    "registry.json is not up to date with the files (%d new, %d gone, or digests to record); "
                            + "run 'harnessgym registry sync'%n",
                    view.added().size(), view.pruned().size());
        }
    }

    private static Map<ArtifactState, Integer> stateCounts(List<ArtifactReport> reports) {
        Map<ArtifactState, Integer> counts = new EnumMap<>(ArtifactState.class);
        for (ArtifactState state : ArtifactState.values()) {
            counts.put(state, 0);
        }
        reports.forEach(report -> counts.merge(report.state(), 1, Integer::sum));
        return counts;
    }
}
