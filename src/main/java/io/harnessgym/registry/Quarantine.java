package io.harnessgym.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The copy of quarantine state kept in {@code registry.json} for people and for the Python format,
 * in both forms the Python tool reads ({@code metadata.quarantined: true} and {@code
 * metadata.quarantine.status == "quarantined"}), plus the digest it applies to. The truth is in the
 * private {@link TrustRecords}; this copy can only add a quarantine, never lift one or qualify.
 */
public final class Quarantine {
    public static final String DIGEST_KEY = "content_digest";

    private Quarantine() {}

    public static boolean isQuarantined(Artifact artifact) {
        JsonNode metadata = artifact.metadata();
        if ("quarantined".equals(metadata.path("quarantine").path("status").asText(null))) {
            return true;
        }
        return isTruthy(metadata.get("quarantined"));
    }

    /** The marker's reason, or a default that says where the quarantine came from. */
    public static String reason(Artifact artifact) {
        JsonNode reason = artifact.metadata().path("quarantine").get("reason");
        return reason == null || reason.isNull() || reason.asText().isBlank()
                ? "quarantined in registry.json"
                : reason.asText();
    }

    public static Artifact mark(Artifact artifact, String reason, String digest, String now) {
        ObjectNode metadata = artifact.metadataCopy();
        metadata.put("quarantined", true);
        ObjectNode record = metadata.putObject("quarantine");
        record.put("status", "quarantined");
        record.put("reason", reason);
        record.putNull("report_path");
        record.set("iteration", artifact.iteration().deepCopy());
        record.put("updated_at", now);
        if (digest != null) {
            record.put("digest", digest);
        }
        record.put("source", "manual");
        return artifact.withMetadata(metadata);
    }

    public static Artifact clear(Artifact artifact) {
        ObjectNode metadata = artifact.metadataCopy();
        metadata.remove("quarantined");
        metadata.remove("quarantine");
        return artifact.withMetadata(metadata);
    }

    private static boolean isTruthy(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0.0;
        }
        if (value.isTextual()) {
            return !value.asText().isEmpty();
        }
        return !value.isEmpty();
    }
}
