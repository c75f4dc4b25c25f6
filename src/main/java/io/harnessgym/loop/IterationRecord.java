package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An iteration's {@code result.json}: harnessgym's measurements ({@code measured}: the post-attempt
 * verdict and score; {@code harness_usage}: the call log filtered by this run and iteration, per
 * phase, corroborated by what the runner reported) beside the agent's {@code claims} (its own
 * namespace, never a verdict), the false claims, each phase's record and each step's outcome, and
 * the attempt against the task's contract ({@code contract}: out-of-scope and protected edits),
 * what the phases changed in {@code .git} and {@code .harnessgym} ({@code control_edits}), the
 * penalties with their evidence and the reward ({@link Reward}).
 */
record IterationRecord(
        String runId,
        int iteration,
        String status,
        boolean solved,
        boolean verified,
        Double score,
        String session,
        Score.Measured measured,
        JsonNode claims,
        String claimsProblem,
        List<String> falseClaims,
        Map<String, JsonNode> phases,
        Map<String, String> steps,
        JsonNode harnessUsage,
        JsonNode qualification,
        ContractCheck contract,
        List<ControlFiles.Edit> controlEdits,
        List<Penalty> penalties,
        Reward reward,
        EvaluateStep.Evaluation evaluation) {

    IterationRecord {
        falseClaims = falseClaims == null ? List.of() : List.copyOf(falseClaims);
        controlEdits = controlEdits == null ? List.of() : List.copyOf(controlEdits);
        penalties = penalties == null ? List.of() : List.copyOf(penalties);
    }

    static IterationRecord of(Run run, Iteration it) {
        List<Penalty> penalties = Penalty.of(it);
        String attempt = it.phaseStatus("attempt");
        String status =
                it.solved()
                        ? "solved"
                        : attempt == null
                                ? "not_started"
                                : !"completed".equals(attempt)
                                        ? attempt
                                        : it.verified() && run.config.optimizationMode()
                                                ? (run.config.better(
                                                                it.score(),
                                                                Optimization.baselineScore(run))
                                                        ? "improved"
                                                        : "verified")
                                                : "completed".equals(it.phaseStatus("build"))
                                                        ? "tooling_built"
                                                        : "incomplete";
        return new IterationRecord(
                run.config.runId(),
                it.number,
                status,
                it.solved(),
                it.verified(),
                it.score(),
                it.session,
                it.measured,
                it.claims,
                it.claimsProblem,
                List.copyOf(it.falseClaims),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(it.phases)),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(it.steps)),
                usage(run, it),
                it.qualification,
                it.contract,
                it.controlEdits,
                penalties,
                Reward.of(run, it, penalties),
                it.evaluation);
    }

    /**
     * The call log's tool calls of this run and iteration, by phase, against what the runner
     * reported.
     */
    static JsonNode usage(Run run, Iteration it) {
        ObjectNode usage = Json.object();
        ObjectNode byPhase = usage.putObject("mcp_calls_by_phase");
        TreeSet<String> attemptTools = new TreeSet<>();
        run.callsOf(
                it.number,
                line -> {
                    String phase = line.path("phase").asText("");
                    byPhase.put(phase, byPhase.path(phase).asInt(0) + 1);
                    if ("attempt".equals(phase)) {
                        attemptTools.add(
                                line.path("server").asText()
                                        + "/"
                                        + line.path("tool_name").asText());
                    }
                });
        usage.set("attempt_tools", Json.MAPPER.valueToTree(attemptTools));
        TreeSet<String> reported = new TreeSet<>();
        JsonNode attempt = it.phases.get("attempt");
        if (attempt != null) {
            for (JsonNode call : attempt.path("tool_calls")) {
                if ("mcp".equals(call.path("kind").asText())) {
                    reported.add(call.path("server").asText() + "/" + call.path("name").asText());
                }
            }
        }
        TreeSet<String> notReported = new TreeSet<>(attemptTools);
        notReported.removeAll(reported);
        TreeSet<String> notLogged = new TreeSet<>(reported);
        notLogged.removeAll(attemptTools);
        usage.set("logged_not_reported", Json.MAPPER.valueToTree(notReported));
        usage.set("reported_not_logged", Json.MAPPER.valueToTree(notLogged));
        return usage;
    }
}
