package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Json;

/**
 * One registry entry in the Python HarnessGym's format. {@code kind} and {@code path} may be null
 * for a broken entry, which is kept and shown as invalid rather than dropped. {@code iteration} is
 * kept as the JSON value it was (the Python tool never type-checked it). Keys this version does not
 * know are kept in {@code extra} and written back in place.
 */
public record Artifact(
        String id,
        String kind,
        String path,
        String description,
        JsonNode iteration,
        String createdAt,
        ObjectNode metadata,
        ObjectNode extra) {

    public Artifact {
        description = description == null ? "" : description;
        iteration = iteration == null ? NullNode.getInstance() : iteration;
        metadata = metadata == null ? Json.object() : metadata;
        extra = extra == null ? Json.object() : extra;
    }

    public static String idFor(String kind, String path) {
        return kind + ":" + path;
    }

    public boolean isWellFormed() {
        return kind != null && path != null;
    }

    /** A copy with its own metadata object, so that changing it leaves this one alone. */
    public Artifact withMetadata(ObjectNode newMetadata) {
        return new Artifact(id, kind, path, description, iteration, createdAt, newMetadata, extra);
    }

    public ObjectNode metadataCopy() {
        return metadata.deepCopy();
    }
}
