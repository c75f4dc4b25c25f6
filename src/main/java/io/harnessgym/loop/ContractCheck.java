package io.harnessgym.loop;

import io.harnessgym.snapshot.Change;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.task.PathPatterns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The attempt's snapshot against the baseline, by the task's contract: each changed path outside
 * the task's {@code scope} (when it names one), and each change to a protected path (the task's
 * {@code protected} and {@code --protect}). A protected edit makes the attempt invalid: its
 * measurement is kept in the record, but it counts as not passed and its score as none. Paths are
 * matched by whole segments: {@code src/foo} covers {@code src/foo/x}, not {@code src/foobar}; a
 * pattern with a glob covers a path it matches or a path under one it matches.
 *
 * @param outOfScope changed paths the scope does not cover ({@code +}, {@code ~}, {@code -} first)
 * @param protectedEdits changed protected paths, the same way
 * @param valid no protected path changed
 */
record ContractCheck(List<String> outOfScope, List<String> protectedEdits, boolean valid) {
    ContractCheck {
        outOfScope = List.copyOf(outOfScope);
        protectedEdits = List.copyOf(protectedEdits);
    }

    /** Null when there is nothing to check (no scope, nothing protected). */
    static ContractCheck of(Run run, Snapshot attempt) {
        Set<String> protectedPaths = new LinkedHashSet<>(run.config.protectedPaths());
        protectedPaths.addAll(run.contract.protectedPaths());
        List<String> scope = run.contract.scope();
        if (protectedPaths.isEmpty() && scope.isEmpty()) {
            return null;
        }
        List<String> outOfScope = new ArrayList<>();
        List<String> protectedEdits = new ArrayList<>();
        for (Change change : run.store.diff(run.baseline.id(), attempt.id())) {
            String shown = change.shown();
            if (protectedPaths.stream().anyMatch(p -> PathPatterns.covers(p, change.path()))) {
                protectedEdits.add(shown);
            }
            if (!scope.isEmpty()
                    && scope.stream().noneMatch(p -> PathPatterns.covers(p, change.path()))) {
                outOfScope.add(shown);
            }
        }
        return new ContractCheck(outOfScope, protectedEdits, protectedEdits.isEmpty());
    }
}
