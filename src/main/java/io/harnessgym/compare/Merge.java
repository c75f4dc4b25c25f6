package io.harnessgym.compare;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code compare merge}: shard reports of one plan into one report. Each shard's plan must be the
 * same plan (its digest recomputed from the plan it carries, so an edited plan is caught, and equal
 * across shards: task digests, template content, bundle, seed, trial list, settings); a trial in
 * two shards must be the same record; the statistics are recomputed over the union.
 */
public final class Merge {
    private Merge() {}

    public static CompareReport merge(List<Path> reports) {
        if (reports.isEmpty()) {
            throw HarnessGymException.badInput("compare merge needs shard reports to merge");
        }
        ComparePlan plan = null;
        String digest = null;
        Map<String, Trial> trials = new LinkedHashMap<>();
        List<String> shards = new ArrayList<>();
        for (Path file : reports) {
            CompareReport report = Json.readRecord(file, CompareReport.class, "a compare report");
            if (report.plan() == null) {
                throw HarnessGymException.badInput(
                        file + " carries no plan; it is not a harnessgym compare report");
            }
            String recomputed = report.plan().digest();
            if (!recomputed.equals(report.planDigest())) {
                throw HarnessGymException.badInput(
                        file
                                + ": its plan does not match its plan digest (edited after it was written)");
            }
            if (digest == null) {
                digest = recomputed;
                plan = report.plan();
            } else if (!digest.equals(recomputed)) {
                throw HarnessGymException.badInput(
                        file
                                + " belongs to another plan ("
                                + recomputed
                                + ", not "
                                + digest
                                + "): "
                                + difference(plan, report.plan()));
            }
            for (Trial trial : report.trials()) {
                if (!plan.order().contains(trial.key())) {
                    throw HarnessGymException.badInput(
                            file + ": trial " + trial.key().id() + " is not in the plan");
                }
                Trial before = trials.putIfAbsent(trial.key().id(), trial);
                if (before != null && !before.equals(trial)) {
                    throw HarnessGymException.badInput(
                            "trial "
                                    + trial.key().id()
                                    + " is in two shards with different records ("
                                    + file
                                    + ")");
                }
            }
            shards.addAll(report.shards().isEmpty() ? List.of("all") : report.shards());
        }
        return CompareReport.of(plan, new ArrayList<>(trials.values()), shards, plan.order());
    }

    /** What differs between two plans, in words. */
    private static String difference(ComparePlan a, ComparePlan b) {
        List<String> what = new ArrayList<>();
        if (!a.tasks().equals(b.tasks())) {
            what.add("the tasks");
        }
        if (!a.templateContent().equals(b.templateContent())) {
            what.add("the template");
        }
        if (!java.util.Objects.equals(a.bundleDigest(), b.bundleDigest())) {
            what.add("the bundle");
        }
        if (a.seed() != b.seed()) {
            what.add("the seed");
        }
        if (!a.order().equals(b.order())) {
            what.add("the trial list");
        }
        if (!a.settings().equals(b.settings())) {
            what.add("the trial settings");
        }
        return what.isEmpty() ? "their plans differ" : String.join(", ", what) + " differ";
    }

    /** Writes the merged report's three files into {@code dir}. */
    public static Path write(Path dir, CompareReport report) {
        return ReportFiles.write(dir, report);
    }
}
