package io.harnessgym.compare;

import io.harnessgym.stats.Tests;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The compare's statistics from its trials: per task, and pooled over the held-out tasks (those the
 * bundle's run records do not name), each at the plan's seed so the same trials always give the
 * same report.
 */
public final class Analysis {
    public static final double ALPHA = 0.05;
    public static final double LEVEL = 0.95;

    private Analysis() {}

    /** One task's analysis. */
    static TaskAnalysis task(PlanTask task, List<Trial> trials, long seed) {
        List<Trial> mine = trials.stream().filter(t -> t.task().equals(task.name())).toList();
        Map<Metric, Function<Trial, Double>> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, metric::of);
        }
        Double worst = worstScore(mine, task.higherIsBetter());
        values.put(Metric.SCORE, t -> t.score() != null ? t.score() : worst);
        boolean hasScores = worst != null;
        return analyse(
                task.name(),
                task.seen(),
                task.scored(),
                task.higherIsBetter(),
                mine,
                t -> Integer.toString(t.trial()),
                values,
                hasScores,
                seed);
    }

    /**
     * Two or more held-out tasks pooled (null for fewer): pairs are (task, index); scores are put
     * on one scale first (each task's standardised so that higher is better), solved and the costs
     * as they are.
     */
    static TaskAnalysis pooled(List<PlanTask> tasks, List<Trial> trials, long seed) {
        List<PlanTask> heldOut = tasks.stream().filter(t -> !t.seen()).toList();
        if (heldOut.size() < 2) {
            return null; // none, or one: its own analysis is the verdict
        }
        List<String> names = heldOut.stream().map(PlanTask::name).toList();
        List<Trial> mine = trials.stream().filter(t -> names.contains(t.task())).toList();
        Map<String, Function<Trial, Double>> scales = new LinkedHashMap<>();
        boolean anyScores = false;
        boolean allScored = true;
        for (PlanTask task : heldOut) {
            List<Trial> of = mine.stream().filter(t -> t.task().equals(task.name())).toList();
            Double worst = worstScore(of, task.higherIsBetter());
            allScored &= task.scored();
            if (worst == null) {
                scales.put(task.name(), t -> null);
                continue;
            }
            anyScores = true;
            double[] raw =
                    of.stream().mapToDouble(t -> t.score() != null ? t.score() : worst).toArray();
            double mean = io.harnessgym.stats.Estimates.mean(raw);
            double sd = Comparison.sd(raw);
            double sign = task.higherIsBetter() ? 1 : -1;
            scales.put(
                    task.name(),
                    t ->
                            sd == 0
                                    ? 0.0
                                    : sign * ((t.score() != null ? t.score() : worst) - mean) / sd);
        }
        Map<Metric, Function<Trial, Double>> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, metric::of);
        }
        values.put(Metric.SCORE, t -> scales.get(t.task()).apply(t));
        return analyse(
                "pooled held-out tasks (" + String.join(", ", names) + ")",
                false,
                allScored && anyScores,
                true,
                mine,
                t -> t.task() + "#" + t.trial(),
                values,
                anyScores,
                seed);
    }

    private static TaskAnalysis analyse(
            String name,
            boolean seen,
            boolean scored,
            boolean higherIsBetter,
            List<Trial> trials,
            Function<Trial, String> pairKey,
            Map<Metric, Function<Trial, Double>> values,
            boolean hasScores,
            long seed) {
        Map<Arm, TreeMap<String, Trial>> byArm = new EnumMap<>(Arm.class);
        for (Arm arm : Arm.values()) {
            byArm.put(arm, new TreeMap<>());
        }
        for (Trial t : trials) {
            byArm.get(t.arm()).put(pairKey.apply(t), t);
        }
        List<Metric> metrics = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            if (metric != Metric.SCORE || hasScores) {
                metrics.add(metric);
            }
        }
        Map<String, ArmFigures> arms = new LinkedHashMap<>();
        for (Arm arm : Arm.values()) {
            List<Trial> of = List.copyOf(byArm.get(arm).values());
            if (of.isEmpty()) {
                continue;
            }
            Map<Metric, double[]> v = new LinkedHashMap<>();
            for (Metric metric : metrics) {
                v.put(metric, column(of, values.get(metric)));
            }
            arms.put(arm.id(), ArmFigures.of(arm, of, v, LEVEL, seed + arm.ordinal()));
        }
        Metric primary = scored && hasScores ? Metric.SCORE : Metric.SOLVED;
        TreeMap<String, Trial> plain = byArm.get(Arm.PLAIN);
        TreeMap<String, Trial> harnessed = byArm.get(Arm.HARNESSED);
        if (plain.isEmpty() || harnessed.isEmpty()) {
            return new TaskAnalysis(
                    name,
                    seen,
                    scored,
                    primary.id(),
                    "none",
                    arms,
                    List.of(),
                    Verdict.notShown(
                            primary.id(), "both arms need finished trials to be compared"));
        }
        boolean paired = plain.keySet().equals(harnessed.keySet()) && plain.size() > 1;
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            Metric metric = metrics.get(i);
            Function<Trial, Double> f = values.get(metric);
            comparisons.add(
                    Comparison.of(
                            metric,
                            column(List.copyOf(plain.values()), f),
                            column(List.copyOf(harnessed.values()), f),
                            paired,
                            higherIsBetter,
                            ALPHA,
                            LEVEL,
                            seed + 101L * (i + 1)));
        }
        double[] adjusted =
                Tests.holm(comparisons.stream().mapToDouble(Comparison::pValue).toArray());
        for (int i = 0; i < comparisons.size(); i++) {
            comparisons.set(i, comparisons.get(i).adjusted(adjusted[i]));
        }
        Comparison main =
                comparisons.stream()
                        .filter(c -> c.metric().equals(primary.id()))
                        .findFirst()
                        .orElseThrow();
        return new TaskAnalysis(
                name,
                seen,
                scored,
                primary.id(),
                paired ? "paired" : "unpaired",
                arms,
                comparisons,
                Verdict.of(main, ALPHA));
    }

    private static double[] column(List<Trial> trials, Function<Trial, Double> f) {
        return trials.stream().map(f).mapToDouble(v -> v == null ? 0.0 : v).toArray();
    }

    /** The worst valid score of a task's trials in its direction (what an invalid one gets). */
    static Double worstScore(List<Trial> trials, boolean higherIsBetter) {
        return trials.stream()
                .map(Trial::score)
                .filter(java.util.Objects::nonNull)
                .reduce(higherIsBetter ? Math::min : Math::max)
                .orElse(null);
    }
}
