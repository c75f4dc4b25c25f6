package io.harnessgym.loop;

import io.harnessgym.workspace.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's records were when {@code state.json} was last written: the SHA-256 of {@code
 * run_config.json}, {@code task.md} and each iteration's {@code result.json}, and of the ledger's
 * first {@code ledgerBytes} bytes (the ledger only grows). A resume checks it first: a record
 * edited, replaced or deleted while the run was stopped refuses the resume, naming the file. It
 * detects edits that do not rewrite {@code state.json} to match; the state directory is the trust
 * root (docs/trust.md).
 *
 * @param files record path (from the run's folder) to {@code sha256:<hex>}
 * @param ledgerBytes how long the ledger was
 * @param ledgerDigest the digest of those bytes
 */
record RunSeal(Map<String, String> files, long ledgerBytes, String ledgerDigest) {
    static final String LEDGER = "ledger.jsonl";

    RunSeal {
        files = files == null ? Map.of() : Map.copyOf(files);
    }

    /**
     * The seal of {@code runDir}'s records now, with iterations 1 to {@code iteration}. What {@code
     * previous} sealed and harnessgym writes only once (the config, the task, the records of
     * iterations before {@code iteration}) is taken from it, not read again.
     */
    static RunSeal of(Path runDir, int iteration, RunSeal previous) {
        Map<String, String> files = new TreeMap<>();
        List<String> names = new ArrayList<>(List.of("run_config.json", "task.md"));
        for (int n = 1; n <= iteration; n++) {
            names.add(resultOf(n));
        }
        for (String name : names) {
            String sealed = previous == null ? null : previous.files().get(name);
            if (sealed != null && !name.equals(resultOf(iteration))) {
                files.put(name, sealed);
                continue;
            }
            Path file = runDir.resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                files.put(name, digest(file, Long.MAX_VALUE));
            }
        }
        Path ledger = runDir.resolve(LEDGER);
        long bytes;
        try {
            bytes = Files.size(ledger);
        } catch (IOException e) {
            bytes = 0;
        }
        return new RunSeal(files, bytes, bytes == 0 ? null : digest(ledger, bytes));
    }

    private static String resultOf(int iteration) {
        return "iterations/" + iteration + "/result.json";
    }

    /** What differs from the seal in {@code runDir}; empty when every record is as sealed. */
    List<String> problems(Path runDir) {
        List<String> problems = new ArrayList<>();
        files.forEach(
                (name, expected) -> {
                    Path file = runDir.resolve(name);
                    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        problems.add(name + " is gone (or no longer a plain file)");
                    } else if (!expected.equals(digest(file, Long.MAX_VALUE))) {
                        problems.add(name + " was changed");
                    }
                });
        if (ledgerDigest != null) {
            Path ledger = runDir.resolve(LEDGER);
            long size;
            try {
                size = Files.size(ledger);
            } catch (IOException e) {
                size = -1;
            }
            if (size < ledgerBytes) {
                problems.add(LEDGER + (size < 0 ? " is gone" : " was cut short"));
            } else if (!ledgerDigest.equals(digest(ledger, ledgerBytes))) {
                problems.add(LEDGER + " was changed");
            }
        }
        return problems;
    }

    /** The file's digest ({@link Digests#file}), or {@code -} when it cannot be read. */
    private static String digest(Path file, long limit) {
        try {
            return Digests.file(file, limit);
        } catch (IOException e) {
            return "-";
        }
    }
}
