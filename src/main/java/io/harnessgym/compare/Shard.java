package io.harnessgym.compare;

import java.util.Map;

/**
 * Which part of a plan this process runs: shard {@code index} (0-based) of {@code count}. From
 * {@code --shard I/N}, else from a Kubernetes Indexed Job ({@code JOB_COMPLETION_INDEX} with the
 * completions count given as {@code HARNESSGYM_SHARD_COUNT}), else from a CI matrix ({@code
 * HARNESSGYM_SHARD_INDEX} and {@code HARNESSGYM_SHARD_COUNT}); none of them: the whole plan.
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "a shard is I/N with 0 <= I < N (got " + index + "/" + count + ")");
        }
    }

    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "--shard must be I/N, e.g. 0/4 (got '" + text + "')");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--shard must be I/N with whole numbers (got '" + text + "')");
        }
    }

    /** The shard the flag or the environment names, or null (the whole plan). */
    public static Shard of(String flag, Map<String, String> env) {
        if (flag != null) {
            return parse(flag);
        }
        String count = env.get("HARNESSGYM_SHARD_COUNT");
        String index = env.get("JOB_COMPLETION_INDEX");
        if (index == null || index.isBlank()) {
            index = env.get("HARNESSGYM_SHARD_INDEX");
        }
        if (index == null || index.isBlank()) {
            return null;
        }
        if (count == null || count.isBlank()) {
            throw new IllegalArgumentException(
                    "a shard index is set (JOB_COMPLETION_INDEX or HARNESSGYM_SHARD_INDEX) but not"
                            + " HARNESSGYM_SHARD_COUNT; set it to the number of shards");
        }
        return parse(index.trim() + "/" + count.trim());
    }

    public String id() {
        return index + "-of-" + count;
    }
}
