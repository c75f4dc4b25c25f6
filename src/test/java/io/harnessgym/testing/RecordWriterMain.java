package io.harnessgym.testing;

import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.registry.QuarantineRecord;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Path;

/** A process that rewrites the private records as fast as it can, to be killed with SIGKILL. */
public final class RecordWriterMain {
    private RecordWriterMain() {}

    public static void main(String[] args) {
        StateDir state = new StateDir(Path.of(args[0]));
        for (long i = 0; ; i++) {
            TrustRecords records = TrustRecords.load(state);
            String digest = "sha256:" + Long.toHexString(i);
            records =
                    records.withQuarantine(
                                    new QuarantineRecord(
                                            "tool:t" + (i % 50),
                                            digest,
                                            "r" + i,
                                            "manual",
                                            null,
                                            "now"))
                            .withQualification(
                                    new QualificationRecord(
                                            "tool:q" + (i % 50),
                                            digest,
                                            QualificationRecord.Verdict.PASSED,
                                            null,
                                            "now",
                                            null,
                                            null));
            records.save(state);
        }
    }
}
