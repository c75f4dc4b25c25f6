package io.harnessgym.qualify;

import io.harnessgym.registry.QualificationRecord.Verdict;
import io.harnessgym.registry.QuarantineRecord;
import io.harnessgym.registry.RegistryStore;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Qualification with repairs: after a failed round the failures (each artifact's checks) and the
 * report go to a {@link Repairer}; the next round judges only what changed (unchanged failures keep
 * their verdict at their digest). What still fails after the last repair is quarantined with the
 * reason and the report's path, when asked.
 */
final class RepairLoop {
    private final Qualifier qualifier;
    private final StateDir state;

    RepairLoop(Qualifier qualifier, StateDir state) {
        this.qualifier = qualifier;
        this.state = state;
    }

    Qualifier.Outcome run(int repairs, Repairer repairer, boolean quarantine) {
        List<QualificationReport> rounds = new ArrayList<>();
        QualificationReport report = qualifier.qualify();
        rounds.add(report);
        for (int attempt = 1; attempt <= repairs && !failing(report).isEmpty(); attempt++) {
            repairer.repair(
                    new Repairer.Request(
                            attempt, repairs, failing(report), Path.of(report.reportPath())));
            report = qualifier.qualify();
            rounds.add(report);
        }
        List<String> quarantined = new ArrayList<>();
        if (quarantine) {
            TrustRecords trust = TrustRecords.load(state);
            for (ArtifactVerdict failed : failing(report)) {
                trust =
                        trust.withQuarantine(
                                new QuarantineRecord(
                                        failed.artifactId(),
                                        failed.digest(),
                                        "failed qualification"
                                                + (repairs > 0
                                                        ? " after " + repairs + " repairs"
                                                        : "")
                                                + ": "
                                                + failed.failureText(),
                                        "qualification",
                                        report.reportPath(),
                                        RegistryStore.now()));
                quarantined.add(failed.artifactId());
            }
            trust.save(state);
        }
        return new Qualifier.Outcome(rounds, quarantined);
    }

    /** The failures of a round: those judged now and those failed before at the same digest. */
    private List<ArtifactVerdict> failing(QualificationReport report) {
        List<ArtifactVerdict> failing = new ArrayList<>();
        report.artifacts().stream().filter(v -> !v.passed()).forEach(failing::add);
        for (QualificationReport.Earlier earlier : report.earlier()) {
            if (earlier.verdict() == Verdict.FAILED) {
                failing.add(earlierVerdict(earlier));
            }
        }
        return failing;
    }

    /** The verdict an earlier report holds (its checks), or one made of the record's reason. */
    private static ArtifactVerdict earlierVerdict(QualificationReport.Earlier earlier) {
        try {
            QualificationReport old =
                    Json.MAPPER.treeToValue(
                            Json.readObject(
                                    Path.of(earlier.reportPath()), Path.of(earlier.reportPath())),
                            QualificationReport.class);
            for (ArtifactVerdict verdict : old.artifacts()) {
                if (verdict.artifactId().equals(earlier.artifactId())
                        && earlier.digest().equals(verdict.digest())) {
                    return verdict;
                }
            }
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // the report is gone or unreadable: the record's reason still says why
        }
        String reason =
                earlier.reason() == null ? "failed earlier at this digest" : earlier.reason();
        return new ArtifactVerdict(
                earlier.artifactId(),
                null,
                null,
                earlier.digest(),
                Verdict.FAILED,
                List.of(CheckRecord.failed(Check.VALIDITY, reason, 0)),
                null,
                0,
                null);
    }
}
