package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps {@code registry.json} trees to records and back, keeping every key: a registry written by
 * the Python HarnessGym (or edited by hand) round-trips without losing anything.
 *
 * <p>Deliberate difference: the Python tool moves unknown artifact keys into {@code metadata} on
 * load; we keep them where they were.
 */
public final class RegistryCodec {
    private static final Set<String> REGISTRY_KEYS =
            Set.of("version", "updated_at", "artifacts", "metadata");
    private static final Set<String> ARTIFACT_KEYS =
            Set.of("id", "kind", "path", "description", "iteration", "created_at", "metadata");

    private RegistryCodec() {}

    /** Decodes a registry tree; {@code source} names the file in error messages. */
    public static Registry decode(JsonNode root, String source) {
        if (!root.isObject()) {
            throw HarnessGymException.badInput(
                    source + ": expected a JSON object, found " + Json.describe(root));
        }
        JsonNode versionNode = root.get("version");
        int version = Registry.CURRENT_VERSION;
        if (versionNode != null && !versionNode.isNull()) {
            if (!versionNode.canConvertToInt() || !versionNode.isIntegralNumber()) {
                throw HarnessGymException.badInput(
                        source
                                + ": 'version' must be an integer, found "
                                + Json.describe(versionNode));
            }
            version = versionNode.intValue();
        }
        JsonNode artifactsNode = root.get("artifacts");
        List<Artifact> artifacts = new ArrayList<>();
        if (artifactsNode != null && !artifactsNode.isNull()) {
            if (!artifactsNode.isArray()) {
                throw HarnessGymException.badInput(
                        source
                                + ": 'artifacts' must be an array, found "
                                + Json.describe(artifactsNode));
            }
            int index = 0;
            for (JsonNode entry : artifactsNode) {
                artifacts.add(decodeArtifact(entry, index++, source));
            }
        }
        JsonNode metadata = root.get("metadata");
        return new Registry(
                version,
                textOrNull(root.get("updated_at")),
                artifacts,
                metadata != null && metadata.isObject() ? (ObjectNode) metadata.deepCopy() : null,
                extraKeys(
                        (ObjectNode) root,
                        REGISTRY_KEYS,
                        metadata != null && !metadata.isObject()));
    }

    private static Artifact decodeArtifact(JsonNode entry, int index, String source) {
        if (!entry.isObject()) {
            throw HarnessGymException.badInput(
                    source
                            + ": artifacts["
                            + index
                            + "] must be an object, found "
                            + Json.describe(entry));
        }
        ObjectNode object = (ObjectNode) entry;
        String kind = textOrNull(object.get("kind"));
        String path = textOrNull(object.get("path"));
        String id = textOrNull(object.get("id"));
        if (id == null && kind != null && path != null) {
            id = Artifact.idFor(kind, path);
        }
        if (id == null) {
            id = "artifacts[" + index + "]";
        }
        JsonNode metadata = object.get("metadata");
        return new Artifact(
                id,
                kind,
                path,
                textOrNull(object.get("description")),
                object.get("iteration"),
                textOrNull(object.get("created_at")),
                metadata != null && metadata.isObject() ? (ObjectNode) metadata.deepCopy() : null,
                extraKeys(object, ARTIFACT_KEYS, metadata != null && !metadata.isObject()));
    }

    /**
     * Encodes a registry in the Python key order, extras after the known keys. The result shares
     * nodes with the records (no copies: it is written and dropped), so callers must not mutate it.
     */
    public static ObjectNode encode(Registry registry) {
        ObjectNode root = Json.object();
        root.put("version", registry.version());
        root.put("updated_at", registry.updatedAt());
        ArrayNode artifacts = root.putArray("artifacts");
        for (Artifact artifact : registry.artifacts()) {
            artifacts.add(encodeArtifact(artifact));
        }
        root.set("metadata", metadataToWrite(registry.metadata(), registry.extra()));
        putExtras(root, registry.extra());
        return root;
    }

    private static ObjectNode encodeArtifact(Artifact artifact) {
        ObjectNode node = Json.object();
        node.put("id", artifact.id());
        if (artifact.kind() != null) {
            node.put("kind", artifact.kind());
        }
        if (artifact.path() != null) {
            node.put("path", artifact.path());
        }
        node.put("description", artifact.description());
        node.set("iteration", artifact.iteration());
        if (artifact.createdAt() != null) {
            node.put("created_at", artifact.createdAt());
        }
        node.set("metadata", metadataToWrite(artifact.metadata(), artifact.extra()));
        putExtras(node, artifact.extra());
        return node;
    }

    /** A {@code metadata} that was not an object is written back as it was, not replaced. */
    private static JsonNode metadataToWrite(ObjectNode metadata, ObjectNode extra) {
        JsonNode original = extra.get("metadata");
        return original != null ? original : metadata;
    }

    private static void putExtras(ObjectNode target, ObjectNode extra) {
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!target.has(field.getKey())) {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    /**
     * Unknown keys, plus a known key whose value has the wrong type ({@code keepBadMetadata}), so
     * that a hand-made {@code "metadata": "x"} survives instead of being replaced by {@code {}}.
     */
    private static ObjectNode extraKeys(
            ObjectNode object, Set<String> known, boolean keepBadMetadata) {
        ObjectNode extra = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            boolean unknown = !known.contains(field.getKey());
            boolean badMetadata = keepBadMetadata && field.getKey().equals("metadata");
            if (unknown || badMetadata) {
                extra.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return extra;
    }

    private static String textOrNull(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }
}
