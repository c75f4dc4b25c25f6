package io.harnessgym.qualify;

import java.nio.file.Path;
import java.util.List;

/**
 * Lets something edit the bundle after a failed qualification: the loop hands the failures to the
 * agent's build session; a test hands them to a script. Only what the repair changed is judged
 * again.
 */
@FunctionalInterface
public interface Repairer {
    /** What failed and where the full report is. */
    record Request(int attempt, int attempts, List<ArtifactVerdict> failures, Path report) {
        public Request {
            failures = List.copyOf(failures);
        }
    }

    Repairer NONE = request -> {};

    void repair(Request request);
}
