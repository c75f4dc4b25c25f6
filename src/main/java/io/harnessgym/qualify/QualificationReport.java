package io.harnessgym.qualify;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.registry.QualificationRecord.Verdict;
import java.util.List;

/**
 * {@code qualification.json}, written in the state directory: what was judged, where, how, and the
 * verdict of each artifact. {@code status} is passed when every artifact judged (or judged before
 * at its current digest) passed. The Python tool's keys are kept where they mean the same.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualificationReport(
        int version,
        String id,
        String createdAt,
        Verdict status,
        String workspace,
        Template template,
        String sandbox,
        String sandboxReason,
        List<ArtifactVerdict> artifacts,
        List<Earlier> earlier,
        List<String> qualifiedArtifacts,
        List<String> failedArtifacts,
        List<Room> rooms,
        List<JsonNode> activation,
        String reportPath,
        double seconds) {
    public QualificationReport {
        artifacts = List.copyOf(artifacts);
        earlier = List.copyOf(earlier);
        qualifiedArtifacts = List.copyOf(qualifiedArtifacts);
        failedArtifacts = List.copyOf(failedArtifacts);
        rooms = List.copyOf(rooms);
        activation = List.copyOf(activation);
    }

    /**
     * The snapshot the rooms were materialised from; {@code kept} is false when qualification took
     * it for this pass and dropped it after (its objects go at the next {@code state gc}).
     */
    public record Template(String snapshot, int files, long bytes, boolean kept) {}

    /** An artifact not judged again: a verdict is on record for its current content. */
    public record Earlier(
            String artifactId, String digest, Verdict verdict, String reason, String reportPath) {}

    /** A clean room: where, for which artifacts, and whether it was kept. */
    public record Room(
            String name, String path, List<String> artifacts, boolean kept, double seconds) {
        public Room {
            artifacts = List.copyOf(artifacts);
        }
    }

    public boolean passed() {
        return status == Verdict.PASSED;
    }
}
