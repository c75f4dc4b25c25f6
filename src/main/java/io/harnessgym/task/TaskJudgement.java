package io.harnessgym.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a task is worth running, from its check's runs on the noop and on the oracle: valid only
 * when the oracle passes in every run, the noop fails in every run (or, for a task with a score and
 * a direction, passes but scores worse than the oracle by more than the tolerance), both are
 * deterministic (the same pass or fail in every run, scores within the tolerance), and the oracle
 * leaves the protected paths alone (an attempt that did the same would be invalid). Each reason it
 * is not is listed; edits outside the scope are a note.
 */
record TaskJudgement(
        boolean valid,
        List<Reason> reasons,
        List<String> notes,
        List<String> protectedEdits,
        List<String> outOfScope) {

    /** What a valid task has; each reason it is not valid breaks one. */
    enum Property {
        ORACLE_APPLIES("the oracle applies"),
        ORACLE_PASSES("the oracle passes"),
        NOOP_FAILS("the noop fails or scores worse"),
        NOOP_DETERMINISTIC("the noop is deterministic"),
        ORACLE_DETERMINISTIC("the oracle is deterministic"),
        PROTECTED_UNTOUCHED("the oracle leaves protected paths alone");

        final String shown;

        Property(String shown) {
            this.shown = shown;
        }
    }

    /** Why the task is not valid, and which property that breaks. */
    record Reason(Property property, String text) {}

    static TaskJudgement of(
            TaskCheck.Options options,
            List<TaskCheck.CheckRun> noop,
            List<TaskCheck.CheckRun> oracle) {
        List<Reason> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (TaskCheck.CheckRun run : oracle) {
            if (run.problem() != null) {
                reasons.add(
                        new Reason(
                                Property.ORACLE_APPLIES,
                                "the oracle could not be applied (run "
                                        + run.run()
                                        + "): "
                                        + run.problem()));
            }
        }
        List<TaskCheck.CheckRun> applied =
                oracle.stream().filter(r -> r.problem() == null).toList();
        Set<String> protectedEdits = new LinkedHashSet<>();
        Set<String> outOfScope = new LinkedHashSet<>();
        for (TaskCheck.CheckRun run : applied) {
            for (String change : run.changes()) {
                String path = change.substring(2);
                if (options.protectedPaths().stream().anyMatch(p -> PathPatterns.covers(p, path))) {
                    protectedEdits.add(change);
                }
                if (!options.scope().isEmpty()
                        && options.scope().stream().noneMatch(p -> PathPatterns.covers(p, path))) {
                    outOfScope.add(change);
                }
            }
        }
        if (!protectedEdits.isEmpty()) {
            reasons.add(
                    new Reason(
                            Property.PROTECTED_UNTOUCHED,
                            "the oracle changes protected paths ("
                                    + String.join(", ", protectedEdits)
                                    + "): a check runs with them as the baseline has them, and an"
                                    + " attempt that changed them would be invalid"));
        }
        if (!outOfScope.isEmpty()) {
            notes.add(
                    "the oracle changes paths outside the scope: " + String.join(", ", outOfScope));
        }
        long oraclePassed = applied.stream().filter(TaskCheck.CheckRun::passed).count();
        if (!applied.isEmpty() && oraclePassed < applied.size()) {
            TaskCheck.CheckRun failed =
                    applied.stream().filter(r -> !r.passed()).findFirst().orElseThrow();
            reasons.add(
                    new Reason(
                            Property.ORACLE_PASSES,
                            "the oracle does not pass"
                                    + runs(applied.size() - oraclePassed, applied.size())
                                    + " (run "
                                    + failed.run()
                                    + ": "
                                    + describe(failed.verdict())
                                    + ")"));
        }
        long noopPassed = noop.stream().filter(TaskCheck.CheckRun::passed).count();
        if (noopPassed > 0) {
            Double noopScore = mean(noop);
            Double oracleScore = mean(applied);
            if (options.higherIsBetter() == null || noopScore == null || oracleScore == null) {
                reasons.add(
                        new Reason(
                                Property.NOOP_FAILS,
                                "the noop passes"
                                        + runs(noopPassed, noop.size())
                                        + ": the untouched workspace already counts as solved"
                                        + (options.higherIsBetter() == null
                                                ? ""
                                                : " and there is no score to tell it from the oracle")));
            } else if (!better(options, oracleScore, noopScore)) {
                reasons.add(
                        new Reason(
                                Property.NOOP_FAILS,
                                "the noop passes and scores "
                                        + number(noopScore)
                                        + ", no worse than the oracle's "
                                        + number(oracleScore)
                                        + " ("
                                        + (options.higherIsBetter() ? "higher" : "lower")
                                        + " is better, tolerance "
                                        + number(options.tolerance())
                                        + ")"));
            } else {
                notes.add(
                        "the noop passes but scores "
                                + number(noopScore)
                                + " against the oracle's "
                                + number(oracleScore)
                                + ": the task is judged by its score");
            }
        }
        deterministic(Property.NOOP_DETERMINISTIC, "noop", noop, options.tolerance(), reasons);
        deterministic(
                Property.ORACLE_DETERMINISTIC, "oracle", applied, options.tolerance(), reasons);
        if (options.runs() < 2) {
            notes.add("one run each: determinism is not tested (give --runs 2 or more)");
        }
        return new TaskJudgement(
                reasons.isEmpty(),
                reasons,
                notes,
                List.copyOf(protectedEdits),
                List.copyOf(outOfScope));
    }

    /** Each property, by what reports call it, with the reasons that break it (none: it holds). */
    Map<String, List<String>> failures() {
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (Property property : Property.values()) {
            failures.put(
                    property.shown,
                    reasons.stream()
                            .filter(r -> r.property() == property)
                            .map(Reason::text)
                            .toList());
        }
        return failures;
    }

    private static void deterministic(
            Property property,
            String subject,
            List<TaskCheck.CheckRun> runs,
            double tolerance,
            List<Reason> reasons) {
        if (runs.size() < 2) {
            return;
        }
        long passed = runs.stream().filter(TaskCheck.CheckRun::passed).count();
        if (passed != 0 && passed != runs.size()) {
            reasons.add(
                    new Reason(
                            property,
                            "the "
                                    + subject
                                    + " is not deterministic: it passed in "
                                    + passed
                                    + " of "
                                    + runs.size()
                                    + " runs"));
            return;
        }
        long scored = runs.stream().map(TaskCheck.CheckRun::score).filter(Objects::nonNull).count();
        if (scored != 0 && scored != runs.size()) {
            reasons.add(
                    new Reason(
                            property,
                            "the "
                                    + subject
                                    + " is not deterministic: it gave a score in "
                                    + scored
                                    + " of "
                                    + runs.size()
                                    + " runs"));
            return;
        }
        if (scored == 0) {
            return;
        }
        double min = runs.stream().mapToDouble(TaskCheck.CheckRun::score).min().orElseThrow();
        double max = runs.stream().mapToDouble(TaskCheck.CheckRun::score).max().orElseThrow();
        if (max - min > tolerance) {
            reasons.add(
                    new Reason(
                            property,
                            "the "
                                    + subject
                                    + " is not deterministic: its score ranges from "
                                    + number(min)
                                    + " to "
                                    + number(max)
                                    + " over "
                                    + runs.size()
                                    + " runs (tolerance "
                                    + number(tolerance)
                                    + ")"));
        }
    }

    /** Whether {@code a} beats {@code b} by more than the tolerance, in the stated direction. */
    private static boolean better(TaskCheck.Options options, double a, double b) {
        double margin = options.higherIsBetter() ? a - b : b - a;
        return margin > options.tolerance();
    }

    private static Double mean(List<TaskCheck.CheckRun> runs) {
        if (runs.isEmpty() || runs.stream().anyMatch(r -> r.score() == null)) {
            return null;
        }
        return runs.stream().mapToDouble(TaskCheck.CheckRun::score).average().orElseThrow();
    }

    private static String runs(long some, long of) {
        return some == of
                ? (of == 1 ? "" : " in every run")
                : " in " + some + " of " + of + " runs";
    }

    static String describe(CheckCommand.Verdict verdict) {
        if (verdict.timedOut()) {
            return "timed out";
        }
        if (verdict.exitCode() == null || verdict.exitCode() != 0) {
            return "exit " + verdict.exitCode();
        }
        if (verdict.json() == null) {
            return "exit 0 but no JSON verdict on stdout";
        }
        return "status " + verdict.json().path("status").asText("?");
    }

    private static String number(double value) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6g", value))
                .stripTrailingZeros()
                .toPlainString();
    }
}
