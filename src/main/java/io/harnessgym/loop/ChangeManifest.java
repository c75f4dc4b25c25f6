package io.harnessgym.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.snapshot.Change;
import io.harnessgym.snapshot.Snapshot;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every change is accountable. After an iteration's qualification the bundle is a snapshot; its
 * diff from the bundle the attempt had names, per artifact ({@code <kind folder>/<name>}), the
 * paths the build or repair changed, what qualification made of it, and what the agent said the
 * change targets and predicts (its {@code tooling.changes} claim, kept as a claim). The next
 * iteration fills in what harnessgym observed: the artifact's calls in that attempt (from the call
 * log; a skill's use is not observable) and the verified score before and after. Written as {@code
 * iterations/<n>/change_manifest.json}.
 */
final class ChangeManifest {
    static final String FILE = "change_manifest.json";

    private ChangeManifest() {}

    /** Takes the bundle snapshot the next attempt gets, and records what changed in it. */
    static void record(Run run, Iteration it) {
        Snapshot after = run.store.takeBundle("bundle-" + run.config.runId() + "-" + it.number);
        String before = run.bundles.get(it.number);
        run.bundles.put(it.number + 1, after.id());
        if (before == null) {
            return;
        }
        Map<String, TreeSet<String>> byArtifact = new TreeMap<>();
        for (Change change : run.store.diff(before, after.id())) {
            String[] parts = change.path().split("/");
            if (parts.length >= 2) {
                byArtifact
                        .computeIfAbsent(parts[0] + "/" + parts[1], k -> new TreeSet<>())
                        .add(change.kind().name().toLowerCase() + " " + change.path());
            }
        }
        ObjectNode manifest = Json.object();
        manifest.put("iteration", it.number);
        manifest.put("bundle_before", before);
        manifest.put("bundle_after", after.id());
        ArrayNode changes = manifest.putArray("changes");
        JsonNode tooling = it.claims.at("/build/tooling");
        byArtifact.forEach(
                (artifact, paths) -> {
                    ObjectNode row = changes.addObject();
                    row.put("artifact", artifact);
                    row.set("paths", Json.MAPPER.valueToTree(paths));
                    row.put("qualification", qualification(it, artifact));
                    JsonNode claim = claimFor(tooling, artifact);
                    row.put("claimed_target", text(claim, "targets"));
                    row.put("claimed_effect", text(claim, "predicts"));
                    row.putNull("observed");
                });
        Orchestrator.write(it.dir.resolve(FILE), manifest);
    }

    /** Fills in iteration {@code it - 1}'s changes with what this attempt showed. */
    static void observe(Run run, Iteration it) {
        Path file =
                run.dir
                        .resolve("iterations")
                        .resolve(Integer.toString(it.number - 1))
                        .resolve(FILE);
        if (it.number < 2 || !Files.isRegularFile(file)) {
            return;
        }
        JsonNode manifest = Json.readTree(file, file);
        Double before = previousScore(run, it.number - 1);
        Map<String, Integer> calls = new TreeMap<>();
        run.callsOf(
                it.number,
                line -> {
                    if ("attempt".equals(line.path("phase").asText())) {
                        calls.merge(line.path("server").asText(), 1, Integer::sum);
                    }
                });
        for (JsonNode change : manifest.path("changes")) {
            String artifact = change.path("artifact").asText();
            ObjectNode observed = Json.object();
            if (artifact.startsWith("mcp/")) {
                observed.put("attempt_calls", calls.getOrDefault(artifact.substring(4), 0));
            } else {
                observed.put("attempt_calls", (String) null);
                observed.put("use", "not observable for this kind");
            }
            Optimization.putNumber(observed, "score_before", before);
            Optimization.putNumber(observed, "score_after", it.score());
            observed.put("verified_after", it.verified());
            ((ObjectNode) change).set("observed", observed);
        }
        Orchestrator.write(file, manifest);
    }

    /** The iteration's manifest, or null. */
    static JsonNode read(Path itDir) {
        Path file = itDir.resolve(FILE);
        return Files.isRegularFile(file) ? Json.readTree(file, file) : null;
    }

    private static Double previousScore(Run run, int n) {
        Path file =
                run.dir.resolve("iterations").resolve(Integer.toString(n)).resolve("result.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode score = Json.readTree(file, file).path("score");
        return score.isNumber() ? score.asDouble() : null;
    }

    private static String qualification(Iteration it, String artifact) {
        if (it.qualification == null) {
            return "not qualified";
        }
        for (String verdict : List.of("quarantined", "failed", "passed")) {
            for (JsonNode id : it.qualification.path(verdict)) {
                if (id.asText().contains(".harnessgym/" + artifact + "/")
                        || id.asText().endsWith(".harnessgym/" + artifact)) {
                    return verdict;
                }
            }
        }
        return "not an artifact";
    }

    /**
     * The agent's claim for {@code artifact}: its entry in {@code tooling.changes}, else the whole
     * {@code tooling} claim when that names targets or predicts for everything in {@code
     * tooling.built} and the artifact is one of them (or nothing is listed).
     */
    static JsonNode claimFor(JsonNode tooling, String artifact) {
        String name = artifact.substring(artifact.indexOf('/') + 1);
        for (JsonNode claim : tooling.path("changes")) {
            if (names(claim.path("artifact").asText(""), artifact, name)) {
                return claim;
            }
        }
        if (!tooling.hasNonNull("targets") && !tooling.hasNonNull("predicts")) {
            return null;
        }
        JsonNode built = tooling.path("built");
        if (!built.isArray() || built.isEmpty()) {
            return tooling;
        }
        for (JsonNode said : built) {
            if (names(said.asText(""), artifact, name)) {
                return tooling;
            }
        }
        return null;
    }

    /**
     * Whether what the agent wrote ({@code mcp:.harnessgym/mcp/x}, {@code mcp/x}, ...) names it.
     */
    private static boolean names(String said, String artifact, String name) {
        String bare = said.endsWith("/") ? said.substring(0, said.length() - 1) : said;
        return bare.endsWith("/" + artifact)
                || bare.equals(artifact)
                || bare.endsWith(":" + name)
                || bare.equals(name);
    }

    private static String text(JsonNode claim, String key) {
        if (claim == null || !claim.path(key).isTextual()) {
            return null;
        }
        String value = claim.path(key).asText();
        return value.length() > 500 ? value.substring(0, 500) : value;
    }
}
