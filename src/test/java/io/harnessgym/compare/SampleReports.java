package io.harnessgym.compare;

import io.harnessgym.runner.RunnerKind;
import java.util.ArrayList;
import java.util.List;

/** A compare report made in memory, for tests of what the report's forms show. */
public final class SampleReports {
    private SampleReports() {}

    /**
     * The report of 12 trials, the first {@code unconfined} of them with their agent unconfined.
     */
    public static CompareReport report(int unconfined) {
        PlanTask task =
                new PlanTask(
                        "bugfix",
                        "task.md",
                        "sha256:x",
                        "sh check.sh",
                        List.of(),
                        "score",
                        false,
                        false,
                        false);
        TrialSettings settings =
                new TrialSettings(RunnerKind.SCRIPTED, null, 1, 60, 60, false, true, true);
        List<TrialKey> order =
                TrialOrder.of(List.of("bugfix"), List.of(Arm.PLAIN, Arm.HARNESSED), 6, 3);
        ComparePlan plan =
                new ComparePlan(
                        "page",
                        "now",
                        "abc",
                        "sha256:t",
                        "/src",
                        "sha256:b",
                        List.of(),
                        List.of(task),
                        List.of(Arm.PLAIN, Arm.HARNESSED),
                        6,
                        3,
                        order,
                        settings);
        List<Trial> trials = new ArrayList<>();
        for (TrialKey key : order) {
            boolean h = key.arm() == Arm.HARNESSED;
            boolean solved = h || key.index() == 1;
            trials.add(
                    new Trial(
                            "bugfix",
                            key.arm().id(),
                            key.index(),
                            order.indexOf(key),
                            "r",
                            "/ws",
                            "stopped",
                            "",
                            solved,
                            null,
                            solved ? "passed" : "failed",
                            (h ? 20 : 30) + key.index(),
                            10,
                            1,
                            1000L * key.index(),
                            0.01 * key.index(),
                            h ? 1 : 0,
                            h ? 1 : 0,
                            0,
                            h ? 2 : 0,
                            h ? List.of("fixer/fix") : List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            trials.size() < unconfined ? Trial.UNCONFINED : "bubblewrap",
                            true,
                            null,
                            false,
                            null,
                            null));
        }
        return CompareReport.of(plan, trials, List.of(), order);
    }
}
