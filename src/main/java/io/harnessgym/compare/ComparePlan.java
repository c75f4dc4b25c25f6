package io.harnessgym.compare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.workspace.Digests;
import io.harnessgym.workspace.Json;
import java.util.List;

/**
 * What a compare runs, fixed before its first trial and written to {@code compare_plan.json}: the
 * template snapshot every trial starts from, the bundle (its digest and source), the tasks, the
 * arms, trials per arm and the seed, the trial order that seed gives, and the trial settings. Its
 * {@link #digest()} (everything but the creation time) is what shards must share to be merged and
 * what a resumed compare must match.
 */
public record ComparePlan(
        String compareId,
        String createdAt,
        String templateSnapshot,
        String templateContent,
        String artifactSource,
        String bundleDigest,
        List<String> bundleLinksSkipped,
        List<PlanTask> tasks,
        List<Arm> arms,
        int trials,
        long seed,
        List<TrialKey> order,
        TrialSettings settings) {
    public ComparePlan {
        bundleLinksSkipped =
                List.copyOf(bundleLinksSkipped == null ? List.of() : bundleLinksSkipped);
        tasks = List.copyOf(tasks);
        arms = List.copyOf(arms);
        order = List.copyOf(order);
    }

    /**
     * The plan's identity: a digest of all of it but its id, its creation time and the local names
     * of the template and the bundle (their contents' digests are in it): the same inputs give the
     * same digest on every machine, so shards can be merged.
     */
    public String digest() {
        ObjectNode node = Json.MAPPER.valueToTree(this);
        node.remove("compare_id");
        node.remove("created_at");
        // Where this machine keeps things: shards on other machines have their own.
        node.remove("template_snapshot");
        node.remove("artifact_source");
        return Digests.text(Json.compact(node));
    }

    public PlanTask task(String name) {
        return tasks.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no task " + name + " in the plan"));
    }

    /**
     * The trials of shard {@code shard} of {@code of} (0-based): every {@code of}-th of the order.
     */
    public List<TrialKey> shard(Shard shard) {
        List<TrialKey> mine = new java.util.ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (shard == null || i % shard.count() == shard.index()) {
                mine.add(order.get(i));
            }
        }
        return mine;
    }
}
