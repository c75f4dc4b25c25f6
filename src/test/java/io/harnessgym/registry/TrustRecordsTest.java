package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Eventually;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.McpTestServers;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private quarantine and qualification records. */
class TrustRecordsTest {
    @TempDir Path dir;

    StateDir state() {
        return new StateDir(dir.resolve("state"));
    }

    static QuarantineRecord quarantine(String id, String digest) {
        return new QuarantineRecord(id, digest, "why", "manual", null, "now");
    }

    static QualificationRecord passed(String id, String digest) {
        return new QualificationRecord(
                id, digest, QualificationRecord.Verdict.PASSED, null, "now", null, null);
    }

    @Test
    void aQuarantineHoldsForItsDigestUnderAnyIdAndForItsIdUntilNewContentPasses() {
        TrustRecords records = TrustRecords.NONE.withQuarantine(quarantine("skill:a", "d1"));
        assertThat(records.quarantineOf("skill:b", "d1")).as("moved or renamed").isPresent();
        assertThat(records.quarantineOf("skill:a", "d2")).as("changed, not passed").isPresent();
        assertThat(records.withQualification(passed("skill:a", "d2")).quarantineOf("skill:a", "d2"))
                .as("changed and passed again")
                .isEmpty();
        assertThat(records.quarantineOf("skill:c", "d3")).isEmpty();
        assertThat(records.withoutQuarantine("skill:a", "d1").quarantineOf("skill:a", "d1"))
                .isEmpty();
    }

    @Test
    void qualifiedMeansAPassedRecordForThisIdAtExactlyThisDigest() {
        TrustRecords records =
                TrustRecords.NONE
                        .withQualification(passed("tool:a", "d1"))
                        .withQualification(
                                new QualificationRecord(
                                        "tool:b",
                                        "d1",
                                        QualificationRecord.Verdict.FAILED,
                                        null,
                                        "now",
                                        null,
                                        null));
        assertThat(records.qualifiedAt("tool:a", "d1")).isTrue();
        assertThat(records.qualifiedAt("tool:a", "d2")).isFalse();
        assertThat(records.qualifiedAt("tool:b", "d1")).as("failed verdict").isFalse();
        assertThat(records.qualifiedAt("tool:c", "d1")).as("another id").isFalse();
        assertThat(records.qualifiedAt("tool:a", null)).isFalse();
    }

    @Test
    void recordsRoundTripInSnakeCaseAndACorruptFileIsAClearError() throws Exception {
        TrustRecords.NONE
                .withQuarantine(quarantine("skill:a", "d1"))
                .withQualification(passed("tool:a", "d1"))
                .save(state());
        String quarantines = Files2.read(state().recordsDir().resolve("quarantine.json"));
        assertThat(quarantines).contains("\"artifact_id\": \"skill:a\"").contains("\"version\": 1");
        assertThat(Files2.read(state().recordsDir().resolve("qualification.json")))
                .contains("\"verdict\": \"passed\"");
        assertThat(TrustRecords.load(state()).quarantineOf("skill:a", "d1")).isPresent();

        Files2.write(state().recordsDir().resolve("qualification.json"), "{\"qualifications\": 7}");
        assertThatThrownBy(() -> TrustRecords.load(state()))
                .isInstanceOf(HarnessGymException.class)
                .hasMessageContaining("qualification.json")
                .hasMessageContaining("not a harnessgym record file");
    }

    /** Atomic writes: whatever moment a writer is killed at, the records read whole after. */
    @Test
    void recordsAreWholeAfterAKillAtAnyMoment() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<String> command = new ArrayList<>(McpTestServers.harnessgymCommand());
            command.set(command.size() - 1, "io.harnessgym.testing.RecordWriterMain");
            command.add(state().root().toString());
            Process writer =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            Path file = state().recordsDir().resolve("quarantine.json");
            Eventually.holds(() -> assertThat(file).exists());
            Thread.sleep(ThreadLocalRandom.current().nextInt(20, 300));
            writer.destroyForcibly();
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();

            TrustRecords records = TrustRecords.load(state());
            assertThat(records.quarantines()).isNotEmpty();
            try (var leftovers = Files.list(state().recordsDir())) {
                assertThat(leftovers.map(p -> p.getFileName().toString()))
                        .allSatisfy(
                                name ->
                                        assertThat(name)
                                                .matches(
                                                        "(\\.[a-z]+\\.json\\.tmp-.*|[a-z]+\\.json)"));
            }
        }
    }
}
