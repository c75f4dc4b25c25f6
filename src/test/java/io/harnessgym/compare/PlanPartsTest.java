package io.harnessgym.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.runner.RunnerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trial order, shards, and the statistics' treatment of invalid trials and unpaired designs.
 */
class PlanPartsTest {
    @Test
    void theOrderIsSeededInterleavedAndKeepsPairsTogether() {
        List<TrialKey> a =
                TrialOrder.of(List.of("x", "y"), List.of(Arm.PLAIN, Arm.HARNESSED), 10, 42);
        assertThat(TrialOrder.of(List.of("x", "y"), List.of(Arm.PLAIN, Arm.HARNESSED), 10, 42))
                .isEqualTo(a);
        assertThat(TrialOrder.of(List.of("x", "y"), List.of(Arm.PLAIN, Arm.HARNESSED), 10, 43))
                .isNotEqualTo(a);
        assertThat(a).hasSize(40).doesNotHaveDuplicates();
        for (int i = 0; i < a.size(); i += 2) {
            assertThat(a.get(i).index()).isEqualTo(a.get(i + 1).index());
            assertThat(a.get(i).task()).isEqualTo(a.get(i + 1).task());
            assertThat(a.get(i).arm()).isNotEqualTo(a.get(i + 1).arm());
        }
        // Neither arm always goes first.
        assertThat(a.stream().filter(k -> a.indexOf(k) % 2 == 0).map(TrialKey::arm).distinct())
                .hasSize(2);
    }

    @Test
    void shardsSplitThePlanAndComeFromTheFlagOrTheEnvironment() {
        List<TrialKey> order = TrialOrder.of(List.of("x"), List.of(Arm.PLAIN, Arm.HARNESSED), 5, 1);
        ComparePlan plan = plan(order);
        List<TrialKey> all = new ArrayList<>(plan.shard(new Shard(0, 3)));
        all.addAll(plan.shard(new Shard(1, 3)));
        all.addAll(plan.shard(new Shard(2, 3)));
        assertThat(all).hasSize(10).containsExactlyInAnyOrderElementsOf(order);
        assertThat(
                        Shard.of(
                                null,
                                Map.of("JOB_COMPLETION_INDEX", "2", "HARNESSGYM_SHARD_COUNT", "4")))
                .isEqualTo(new Shard(2, 4));
        assertThat(
                        Shard.of(
                                null,
                                Map.of(
                                        "HARNESSGYM_SHARD_INDEX",
                                        "0",
                                        "HARNESSGYM_SHARD_COUNT",
                                        "2")))
                .isEqualTo(new Shard(0, 2));
        assertThat(Shard.of("1/2", Map.of("JOB_COMPLETION_INDEX", "0"))).isEqualTo(new Shard(1, 2));
        assertThat(Shard.of(null, Map.of())).isNull();
        assertThatThrownBy(() -> Shard.of(null, Map.of("JOB_COMPLETION_INDEX", "1")))
                .hasMessageContaining("HARNESSGYM_SHARD_COUNT");
        assertThatThrownBy(() -> Shard.parse("3/3")).hasMessageContaining("0 <= I < N");
        assertThatThrownBy(() -> Shard.parse("a/b")).hasMessageContaining("whole numbers");
        assertThat(plan.digest()).isEqualTo(plan(order).digest());
    }

    @Test
    void anInvalidTrialGetsTheWorstValidScoreAndUnpairedDesignsUseFisherAndMannWhitney() {
        PlanTask task = new PlanTask("x", "x.md", "d", "c", List.of(), "score", true, true, false);
        List<Trial> trials = new ArrayList<>();
        // Plain: scores 1..4; harnessed: 5..7 and one invalid (no score), so the design is unpaired
        // once a plain trial is missing.
        for (int i = 1; i <= 4; i++) {
            trials.add(trial("plain", i, i <= 2, (double) i, true));
        }
        for (int i = 1; i <= 3; i++) {
            trials.add(trial("harnessed", i, true, 4.0 + i, true));
        }
        trials.add(trial("harnessed", 5, false, null, false));
        TaskAnalysis a = Analysis.task(task, trials, 1);
        assertThat(a.design()).isEqualTo("unpaired");
        assertThat(a.primaryMetric()).isEqualTo("score");
        Comparison solved = a.comparisons().get(0);
        assertThat(solved.test()).isEqualTo("fisher_exact");
        Comparison score = a.comparisons().get(1);
        assertThat(score.test()).isEqualTo("mann_whitney_u");
        // The invalid trial counts with the worst valid score (1.0), not dropped: mean (5+6+7+1)/4.
        assertThat(a.arms().get("harnessed").metrics().get("score").mean().value()).isEqualTo(4.75);
        assertThat(a.arms().get("harnessed").treatedAsWorst()).isEqualTo(1);
        assertThat(a.arms().get("harnessed").trials()).isEqualTo(4);
        double[] p = a.comparisons().stream().mapToDouble(Comparison::pValue).toArray();
        assertThat(a.comparisons().stream().mapToDouble(Comparison::pAdjusted).toArray())
                .containsExactly(
                        io.harnessgym.stats.Tests.holm(p),
                        org.assertj.core.api.Assertions.within(1e-12));
    }

    private static Trial trial(String arm, int index, boolean solved, Double score, boolean valid) {
        return new Trial(
                "x",
                arm,
                index,
                0,
                "r",
                "/w",
                "stopped",
                "",
                solved && valid,
                valid ? score : null,
                valid ? "passed" : "no_verdict",
                10 + index,
                5,
                1,
                0,
                0,
                1,
                1,
                0,
                1,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                "bubblewrap",
                valid,
                valid ? null : "the check gave no verdict (no_verdict)",
                !valid,
                null,
                null);
    }

    private static ComparePlan plan(List<TrialKey> order) {
        return new ComparePlan(
                "id",
                "now",
                "snap",
                "sha256:t",
                "/src",
                null,
                List.of(),
                List.of(
                        new PlanTask(
                                "x", "x.md", "d", "c", List.of(), "score", false, false, false)),
                List.of(Arm.PLAIN, Arm.HARNESSED),
                5,
                1,
                order,
                new TrialSettings(RunnerKind.SCRIPTED, null, 1, 60, 60, false, true, true));
    }
}
