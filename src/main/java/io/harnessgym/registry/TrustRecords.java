package io.harnessgym.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The quarantine and qualification records of a workspace, read from its private state directory
 * (never from {@code registry.json}, which the agent can edit). An immutable snapshot; the {@code
 * with...} methods return a new one, and {@link #save} writes both files atomically, so they are
 * whole after a {@code kill -9} at any point.
 */
public final class TrustRecords {
    public static final TrustRecords NONE = new TrustRecords(List.of(), List.of());
    static final String QUARANTINE_FILE = "quarantine.json";
    static final String QUALIFICATION_FILE = "qualification.json";

    /** The two files' shapes. */
    record QuarantineFile(int version, List<QuarantineRecord> quarantines) {
        QuarantineFile {
            quarantines = quarantines == null ? List.of() : List.copyOf(quarantines);
        }
    }

    record QualificationFile(int version, List<QualificationRecord> qualifications) {
        QualificationFile {
            qualifications = qualifications == null ? List.of() : List.copyOf(qualifications);
        }
    }

    private final List<QuarantineRecord> quarantines;
    private final List<QualificationRecord> qualifications;

    private TrustRecords(
            List<QuarantineRecord> quarantines, List<QualificationRecord> qualifications) {
        this.quarantines = List.copyOf(quarantines);
        this.qualifications = List.copyOf(qualifications);
    }

    /** Reads the records; no state directory yet means no records. A corrupt file is an error. */
    public static TrustRecords load(StateDir state) {
        Path dir = state.recordsDir();
        List<QuarantineRecord> quarantines =
                read(dir.resolve(QUARANTINE_FILE), QuarantineFile.class)
                        .map(QuarantineFile::quarantines)
                        .orElse(List.of());
        List<QualificationRecord> qualifications =
                read(dir.resolve(QUALIFICATION_FILE), QualificationFile.class)
                        .map(QualificationFile::qualifications)
                        .orElse(List.of());
        return new TrustRecords(quarantines, qualifications);
    }

    private static <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode tree = Json.readObject(file, file);
        try {
            return Optional.of(Json.MAPPER.treeToValue(tree, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw HarnessGymException.badInput(
                    file + ": not a harnessgym record file: " + reason, e);
        }
    }

    public void save(StateDir state) {
        Path dir = state.ensureDir("records");
        Json.writeAtomic(
                dir.resolve(QUARANTINE_FILE),
                Json.MAPPER.valueToTree(new QuarantineFile(1, quarantines)));
        Json.writeAtomic(
                dir.resolve(QUALIFICATION_FILE),
                Json.MAPPER.valueToTree(new QualificationFile(1, qualifications)));
    }

    /**
     * The record that quarantines this content: one for the same digest (under any id: a moved or
     * renamed copy stays quarantined), or one for the same id unless the current content has passed
     * qualification since (changed content must pass again before it is trusted).
     */
    public Optional<QuarantineRecord> quarantineOf(String artifactId, String digest) {
        for (QuarantineRecord record : quarantines) {
            if (digest != null && digest.equals(record.digest())) {
                return Optional.of(record);
            }
        }
        if (qualifiedAt(artifactId, digest)) {
            return Optional.empty();
        }
        return quarantines.stream()
                .filter(record -> record.artifactId().equals(artifactId))
                .findFirst();
    }

    /** Whether a passed qualification of this id at exactly this digest is on record. */
    public boolean qualifiedAt(String artifactId, String digest) {
        return recordAt(artifactId, digest)
                .filter(record -> record.verdict() == QualificationRecord.Verdict.PASSED)
                .isPresent();
    }

    /** The verdict on record for this id at exactly this digest, passed or failed. */
    public Optional<QualificationRecord> recordAt(String artifactId, String digest) {
        if (digest == null) {
            return Optional.empty();
        }
        return qualifications.stream()
                .filter(
                        record ->
                                record.artifactId().equals(artifactId)
                                        && digest.equals(record.digest()))
                .findFirst();
    }

    public List<QuarantineRecord> quarantines() {
        return quarantines;
    }

    public List<QualificationRecord> qualifications() {
        return qualifications;
    }

    public TrustRecords withQuarantine(QuarantineRecord record) {
        List<QuarantineRecord> next = new ArrayList<>(quarantines);
        next.removeIf(
                old ->
                        old.artifactId().equals(record.artifactId())
                                && Objects.equals(old.digest(), record.digest()));
        next.add(record);
        return new TrustRecords(next, qualifications);
    }

    /** Lifts every quarantine of this id, and of this content under any id. */
    public TrustRecords withoutQuarantine(String artifactId, String digest) {
        List<QuarantineRecord> next = new ArrayList<>(quarantines);
        next.removeIf(
                old ->
                        old.artifactId().equals(artifactId)
                                || (digest != null && digest.equals(old.digest())));
        return new TrustRecords(next, qualifications);
    }

    /** Records a verdict; an earlier verdict for the same id and digest is replaced. */
    public TrustRecords withQualification(QualificationRecord record) {
        List<QualificationRecord> next = new ArrayList<>(qualifications);
        next.removeIf(
                old ->
                        old.artifactId().equals(record.artifactId())
                                && old.digest().equals(record.digest()));
        next.add(record);
        return new TrustRecords(quarantines, next);
    }
}
