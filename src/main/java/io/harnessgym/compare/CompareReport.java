package io.harnessgym.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code compare_report.json}: the plan's identity (so shards can be checked and merged), every
 * trial, the trials still missing, the Python tool's per-group {@code summary}, and the statistics:
 * per task, pooled over the held-out tasks, and the verdict; and the plan itself (so a merge can
 * check and recompute). The statistics are always recomputed from the trials, never merged.
 */
public record CompareReport(
        String createdAt,
        String compareId,
        String planDigest,
        List<String> shards,
        String workspaceTemplate,
        String artifactSource,
        String bundleDigest,
        List<PlanTask> tasks,
        List<Trial> trials,
        List<String> missingTrials,
        JsonNode summary,
        List<TaskAnalysis> analysis,
        TaskAnalysis pooled,
        Verdict verdict,
        ComparePlan plan) {
    public CompareReport {
        shards = List.copyOf(shards);
        tasks = List.copyOf(tasks);
        trials = List.copyOf(trials);
        missingTrials = List.copyOf(missingTrials);
        analysis = List.copyOf(analysis);
    }

    /**
     * What a reader must know when an agent ran with no confinement (no usable sandbox for a
     * harness command or the scripted agent): its trial's records were within its reach, so the
     * figures stand only as far as those records do. Null when every agent was confined.
     */
    public String unconfinedWarning() {
        long unconfined = trials().stream().filter(Trial::agentUnconfined).count();
        if (unconfined == 0) {
            return null;
        }
        return unconfined
                + " of "
                + trials().size()
                + " trials ran the agent unconfined (no usable sandbox): their records were within"
                + " its reach, so these figures are only as trustworthy as that agent";
    }

    /** The report of {@code trials} (of the plan's, those that finished) for {@code shards}. */
    static CompareReport of(
            ComparePlan plan, List<Trial> trials, List<String> shards, List<TrialKey> expected) {
        List<Trial> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingInt(Trial::position));
        Set<String> done = new java.util.HashSet<>();
        sorted.forEach(t -> done.add(t.key().id()));
        List<String> missing =
                expected.stream().map(TrialKey::id).filter(id -> !done.contains(id)).toList();
        List<TaskAnalysis> analysis = new ArrayList<>();
        for (PlanTask task : plan.tasks()) {
            analysis.add(Analysis.task(task, sorted, plan.seed()));
        }
        TaskAnalysis pooled = Analysis.pooled(plan.tasks(), sorted, plan.seed());
        Verdict verdict;
        List<TaskAnalysis> heldOut = analysis.stream().filter(a -> !a.seen()).toList();
        if (pooled != null) {
            verdict = pooled.verdict();
        } else if (heldOut.size() == 1) {
            verdict = heldOut.get(0).verdict();
        } else {
            verdict =
                    Verdict.notShown(
                            analysis.isEmpty() ? "solved" : analysis.get(0).primaryMetric(),
                            "every task of this compare is one the bundle's runs were built on (seen);"
                                    + " a harness is only shown to help on tasks it was not built on"
                                    + " (the per-task figures are in 'analysis')");
        }
        return new CompareReport(
                Instant.now().toString(),
                plan.compareId(),
                plan.digest(),
                shards,
                plan.templateSnapshot(),
                plan.artifactSource(),
                plan.bundleDigest(),
                plan.tasks(),
                sorted,
                missing,
                summary(sorted),
                analysis,
                pooled,
                verdict,
                plan);
    }

    /** The Python tool's {@code summary.<group>} figures over all tasks. */
    private static JsonNode summary(List<Trial> trials) {
        ObjectNode summary = Json.object();
        for (Arm arm : Arm.values()) {
            List<Trial> of = trials.stream().filter(t -> t.arm() == arm).toList();
            if (of.isEmpty()) {
                continue;
            }
            ObjectNode group = summary.putObject(arm.id());
            group.put("count", of.size());
            group.put("solved", of.stream().filter(Trial::solved).count());
            group.set(
                    "attempt_duration_seconds",
                    spread(
                            of.stream().mapToDouble(Trial::attemptDurationSeconds).toArray(),
                            false));
            group.set(
                    "duration_seconds",
                    spread(of.stream().mapToDouble(Trial::durationSeconds).toArray(), false));
            group.set(
                    "iterations_completed",
                    spread(of.stream().mapToDouble(Trial::iterationsCompleted).toArray(), true));
            double[] scores =
                    of.stream().filter(t -> t.score() != null).mapToDouble(Trial::score).toArray();
            if (scores.length > 0) {
                group.set("score", spread(scores, true));
            }
            group.set(
                    "mcp_call_count",
                    spread(of.stream().mapToDouble(Trial::mcpCallCount).toArray(), true));
            java.util.TreeSet<String> tools = new java.util.TreeSet<>();
            of.forEach(t -> tools.addAll(t.mcpCalledTools()));
            group.set("mcp_called_tools", Json.MAPPER.valueToTree(tools));
            ObjectNode valid = group.putObject("comparison_valid");
            valid.put("valid", of.stream().filter(Trial::comparisonValid).count());
            valid.put("invalid", of.stream().filter(t -> !t.comparisonValid()).count());
            ObjectNode reasons = group.putObject("invalid_reasons");
            of.stream()
                    .filter(t -> !t.comparisonValid())
                    .forEach(
                            t ->
                                    reasons.put(
                                            t.comparisonInvalidReason(),
                                            reasons.path(t.comparisonInvalidReason()).asInt(0)
                                                    + 1));
            group.put(
                    "invalid_treated_as_worst", of.stream().filter(Trial::treatedAsWorst).count());
        }
        return summary;
    }

    private static ObjectNode spread(double[] v, boolean bestIsMax) {
        ObjectNode node = Json.object();
        node.put("count", v.length);
        if (v.length > 0) {
            double min = java.util.Arrays.stream(v).min().orElse(0);
            double max = java.util.Arrays.stream(v).max().orElse(0);
            node.put("min", min);
            node.put("median", io.harnessgym.stats.Estimates.median(v));
            node.put("max", max);
            node.put("best", bestIsMax ? max : min);
        }
        return node;
    }
}
