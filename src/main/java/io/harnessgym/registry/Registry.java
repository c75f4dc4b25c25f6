package io.harnessgym.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;
import java.util.List;
import java.util.Optional;

/**
 * {@code registry.json}: {@code version}, {@code updated_at}, {@code artifacts}, {@code metadata},
 * and any other top-level keys (kept in {@code extra}).
 */
public record Registry(
        int version,
        String updatedAt,
        List<Artifact> artifacts,
        ObjectNode metadata,
        ObjectNode extra) {

    public static final int CURRENT_VERSION = 1;

    public Registry {
        artifacts = List.copyOf(artifacts);
        metadata = metadata == null ? Json.object() : metadata;
        extra = extra == null ? Json.object() : extra;
    }

    public static Registry empty() {
        return new Registry(CURRENT_VERSION, null, List.of(), null, null);
    }

    public Optional<Artifact> find(String id) {
        return artifacts.stream().filter(a -> id.equals(a.id())).findFirst();
    }

    public Registry withArtifacts(List<Artifact> newArtifacts) {
        return new Registry(version, updatedAt, newArtifacts, metadata, extra);
    }

    public Registry withUpdatedAt(String timestamp) {
        return new Registry(version, timestamp, artifacts, metadata, extra);
    }
}
