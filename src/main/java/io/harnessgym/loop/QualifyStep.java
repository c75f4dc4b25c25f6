package io.harnessgym.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.activation.Activator;
import io.harnessgym.qualify.ArtifactVerdict;
import io.harnessgym.qualify.QualificationReport;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.qualify.Repairer;
import io.harnessgym.registry.RegistryService;
import io.harnessgym.runner.Phase;
import io.harnessgym.runner.RunnerKind;
import io.harnessgym.workspace.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * harnessgym alone: sync the registry with what the agent built, qualify each artifact in a clean
 * room, hand failures back to the same session to repair (up to the configured attempts),
 * quarantine what still fails, and activate what passed for the next attempt.
 */
final class QualifyStep implements Step {
    @Override
    public String name() {
        return "qualify";
    }

    /** Qualification works in clean rooms; only a repair session works in the workspace. */
    @Override
    public boolean changedWorkspace(Iteration it) {
        return it.phases.keySet().stream().anyMatch(key -> key.startsWith("repair"));
    }

    @Override
    public StepOutcome run(Run run, Iteration it) {
        if (run.config.attemptOnly()) {
            return new StepOutcome.Skipped("attempts only (what was active at the start stays)");
        }
        new RegistryService(run.workspace, run.state)
                .syncHoldingLock(com.fasterxml.jackson.databind.node.IntNode.valueOf(it.number));
        ObjectNode row = Json.object();
        if (run.config.qualifyArtifacts()) {
            Repairer repairer = request -> repair(run, it, request);
            Qualifier.Outcome outcome =
                    new Qualifier(
                                    run.workspace,
                                    run.state,
                                    run.env,
                                    run.launcher,
                                    Qualifier.Options.DEFAULT)
                            .qualifyWithRepairs(
                                    run.config.artifactRepairAttempts(), repairer, true);
            QualificationReport last = outcome.last();
            row.put("rounds", outcome.rounds().size());
            row.put("report_path", last == null ? null : last.reportPath());
            row.set("quarantined", Json.MAPPER.valueToTree(outcome.quarantined()));
            List<String> passed = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            if (last != null) {
                for (ArtifactVerdict verdict : last.artifacts()) {
                    (verdict.passed() ? passed : failed).add(verdict.artifactId());
                }
            }
            row.set("passed", Json.MAPPER.valueToTree(passed));
            row.set("failed", Json.MAPPER.valueToTree(failed));
        }
        run.activate();
        row.put("active_mcp_count", run.activation.servers().size());
        it.qualification = row;
        ChangeManifest.record(run, it);
        return new StepOutcome.Done(
                run.activation.servers().size() + " server(s) active for the next attempt");
    }

    static Activator.Target target(Run run) {
        return run.config.runner() == RunnerKind.CODEX
                ? Activator.Target.CODEX
                : run.config.runner() == RunnerKind.CLAUDE
                        ? Activator.Target.CLAUDE
                        : Activator.Target.ALL;
    }

    private static void repair(Run run, Iteration it, Repairer.Request request) {
        if (it.session == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (ArtifactVerdict failure : request.failures()) {
            lines.add("- " + failure.artifactId() + ": " + failure.failureText());
        }
        String prompt =
                run.prompts.render(
                        "repair",
                        Map.of(
                                "attempt", Integer.toString(request.attempt()),
                                "attempts", Integer.toString(request.attempts()),
                                "failures", String.join("\n", lines),
                                "report", String.valueOf(request.report())));
        String key = "repair-" + request.attempt();
        PhaseSteps.agent(
                run, it, Phase.REPAIR, key, it.dir.resolve(key), prompt, run.config.buildTimeout());
    }
}
