package io.harnessgym.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.registry.Artifact;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.Quarantine;
import io.harnessgym.workspace.Json;
import java.util.List;

/** JSON renderings of registry reports for {@code --json}. */
final class ReportJson {
    private ReportJson() {}

    static ObjectNode summary(ArtifactReport report) {
        Artifact artifact = report.artifact();
        ObjectNode node = Json.object();
        node.put("id", artifact.id());
        node.put("kind", artifact.kind());
        node.put("path", artifact.path());
        node.put("state", report.state().id());
        node.put("digest", report.digest());
        node.put("description", artifact.description());
        node.set("iteration", artifact.iteration().deepCopy());
        ArrayNode problems = node.putArray("problems");
        report.problems().forEach(problems::add);
        if (Quarantine.isQuarantined(artifact)) {
            node.put("quarantine_reason", Quarantine.reason(artifact));
        }
        return node;
    }

    static ObjectNode detail(ArtifactReport report) {
        ObjectNode node = summary(report);
        Artifact artifact = report.artifact();
        node.put("created_at", artifact.createdAt());
        node.set("metadata", artifact.metadata().deepCopy());
        if (!artifact.extra().isEmpty()) {
            node.set("extra", artifact.extra().deepCopy());
        }
        if (report.skill() != null) {
            ObjectNode skill = node.putObject("skill");
            skill.put("name", report.skill().name());
            skill.put("description", report.skill().description());
            skill.set("front_matter", report.skill().frontMatter().deepCopy());
        }
        if (report.manifest() != null) {
            node.set("mcp", Json.MAPPER.valueToTree(report.manifest()));
        }
        return node;
    }

    static ArrayNode ids(List<Artifact> artifacts) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        artifacts.forEach(artifact -> array.add(artifact.id()));
        return array;
    }
}
