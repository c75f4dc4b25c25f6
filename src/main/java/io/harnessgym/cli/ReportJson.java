package io.harnessgym.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.registry.Artifact;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.ArtifactState;
import io.harnessgym.registry.McpManifest;
import io.harnessgym.registry.RegistrySync;
import io.harnessgym.workspace.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry commands' {@code --json} reports: records under the mapper's one naming policy
 * (snake_case), turned into trees only to be printed.
 */
final class ReportJson {
    private ReportJson() {}

    /** One artifact in a listing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(
            String id,
            String kind,
            String path,
            ArtifactState state,
            @JsonInclude(JsonInclude.Include.ALWAYS) String digest,
            String description,
            @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode iteration,
            List<String> problems,
            String quarantineReason) {}

    /** One artifact in full ({@code registry show}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Detail(
            @JsonUnwrapped Summary summary,
            String createdAt,
            JsonNode metadata,
            JsonNode extra,
            Skill skill,
            McpManifest mcp) {}

    /** A skill's parsed front matter. */
    record Skill(String name, String description, JsonNode frontMatter) {}

    /** {@code registry list --json}. */
    record Listing(
            String workspace,
            String registryPath,
            boolean inSync,
            Pending pending,
            Map<String, Integer> counts,
            List<Summary> artifacts) {}

    /** What a sync would add and prune. */
    record Pending(List<String> added, List<String> pruned) {}

    /** {@code registry sync --json}. */
    record Synced(
            String registryPath,
            boolean changed,
            int artifactCount,
            List<String> added,
            List<String> pruned) {}

    static Summary summary(ArtifactReport report) {
        Artifact artifact = report.artifact();
        return new Summary(
                artifact.id(),
                artifact.kind(),
                artifact.path(),
                report.state(),
                report.digest(),
                artifact.description(),
                artifact.iteration(),
                report.problems(),
                report.quarantineReason());
    }

    static Detail detail(ArtifactReport report) {
        Artifact artifact = report.artifact();
        return new Detail(
                summary(report),
                artifact.createdAt(),
                artifact.metadata(),
                artifact.extra().isEmpty() ? null : artifact.extra(),
                report.skill() == null
                        ? null
                        : new Skill(
                                report.skill().name(),
                                report.skill().description(),
                                report.skill().frontMatter()),
                report.manifest());
    }

    static Listing listing(String workspace, RegistrySync.Result view, List<ArtifactReport> shown) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ArtifactState state : ArtifactState.values()) {
            counts.put(state.id(), 0);
        }
        view.reports().forEach(report -> counts.merge(report.state().id(), 1, Integer::sum));
        return new Listing(
                workspace,
                ".harnessgym/registry.json",
                !view.changed(),
                new Pending(ids(view.added()), ids(view.pruned())),
                counts,
                shown.stream().map(ReportJson::summary).toList());
    }

    static List<String> ids(List<Artifact> artifacts) {
        return artifacts.stream().map(Artifact::id).toList();
    }

    static JsonNode tree(Object report) {
        return Json.MAPPER.valueToTree(report);
    }
}
