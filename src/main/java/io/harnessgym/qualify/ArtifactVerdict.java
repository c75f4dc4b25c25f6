package io.harnessgym.qualify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.registry.QualificationRecord.Verdict;
import java.util.List;

/**
 * One artifact's qualification: its own checks only (another artifact's failure never enters them),
 * the verdict they add up to, the room it was judged in, and for a server what the agents' configs
 * need (framing, tools).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactVerdict(
        String artifactId,
        String kind,
        String path,
        String digest,
        Verdict verdict,
        List<CheckRecord> checks,
        String room,
        double seconds,
        QualificationRecord.Server server) {
    public ArtifactVerdict {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** "smoke: why; self_test: why" for the checks that failed. */
    public String failureText() {
        StringBuilder text = new StringBuilder();
        for (CheckRecord check : checks) {
            if (!check.passed()) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(check.check().id()).append(": ").append(check.message());
            }
        }
        return text.toString();
    }
}
