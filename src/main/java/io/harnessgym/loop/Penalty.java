package io.harnessgym.loop;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Something an attempt did that its score must not reward, with the evidence harnessgym has for it
 * and the weight the reward takes off ({@link Reward}). Each is harnessgym's own finding: a claim
 * the measurement contradicts, a missing result, an edit its diffs saw.
 */
record Penalty(Kind kind, String evidence, double weight) {
    /** The penalties there are, with their weights (docs/tasks.md lists them). */
    enum Kind {
        /** The agent said solved (or verified); the check did not pass. */
        FALSE_COMPLETION_CLAIM(1.0),
        /** The agent reported a score the check did not measure. */
        FALSE_SCORE_CLAIM(0.5),
        /** The attempt ended without a readable {@code harnessgym-result.json}. */
        MISSING_RESULT(0.25),
        /** The attempt changed a protected path (it is invalid as well). */
        PROTECTED_EDIT(1.0),
        /** The attempt changed paths outside the task's scope. */
        OUT_OF_SCOPE_EDIT(0.25),
        /** A phase changed {@code .harnessgym} outside the kind folders. */
        HARNESS_EDIT(1.0),
        /** A phase changed the repository's control files (hooks, config, refs, grafts). */
        GIT_EDIT(1.0);

        final double weight;

        Kind(double weight) {
            this.weight = weight;
        }

        @JsonValue
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        Penalty of(String evidence) {
            return new Penalty(this, evidence, weight);
        }
    }

    /** Every penalty of the iteration: its claims, its result, its contract, its control edits. */
    static List<Penalty> of(Iteration it) {
        List<Penalty> all = new ArrayList<>(it.claimPenalties);
        String attempt = it.phaseStatus("attempt");
        if (attempt != null && !"error".equals(attempt)) {
            String missing = missingResult(it);
            if (missing != null) {
                all.add(Kind.MISSING_RESULT.of(missing));
            }
        }
        if (it.contract != null && !it.contract.protectedEdits().isEmpty()) {
            all.add(Kind.PROTECTED_EDIT.of(String.join(", ", it.contract.protectedEdits())));
        }
        if (it.contract != null && !it.contract.outOfScope().isEmpty()) {
            all.add(Kind.OUT_OF_SCOPE_EDIT.of(String.join(", ", it.contract.outOfScope())));
        }
        for (String area : List.of("harnessgym", "git")) {
            List<String> edits =
                    it.controlEdits.stream()
                            // The evaluator's edits void its verdict; they are not the attempt's.
                            .filter(e -> e.area().equals(area) && !e.phase().equals("evaluate"))
                            .map(e -> e.phase() + ": " + e.change())
                            .toList();
            if (!edits.isEmpty()) {
                all.add(
                        (area.equals("git") ? Kind.GIT_EDIT : Kind.HARNESS_EDIT)
                                .of(String.join(", ", edits)));
            }
        }
        return all;
    }

    /** Why the attempt's result counts as missing, or null when it left one. */
    private static String missingResult(Iteration it) {
        // The attempt is an iteration's first phase: its problem comes first.
        String problem = it.claimsProblem;
        if (problem != null && problem.startsWith("attempt: ")) {
            return "the attempt's harnessgym-result.json was refused: "
                    + problem.substring("attempt: ".length());
        }
        var claim = it.claims.get("attempt");
        return claim == null || !claim.isObject() || claim.isEmpty()
                ? "the attempt left no harnessgym-result.json (or an empty one)"
                : null;
    }
}
