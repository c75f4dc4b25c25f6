package io.harnessgym.loop;

import java.util.List;

/**
 * {@code summary.json}: always written, also when the run fails or is interrupted. The verdicts in
 * it ({@code solved}, {@code best_score}) come only from harnessgym's measurements.
 */
record Summary(
        String runId,
        String status,
        String stopReason,
        boolean solved,
        Double bestScore,
        String baselineSnapshot,
        double costUsd,
        long tokens,
        long durationSeconds,
        int falseClaims,
        int invalidAttempts,
        java.util.Map<String, Integer> penalties,
        List<Row> iterations,
        com.fasterxml.jackson.databind.JsonNode optimization,
        com.fasterxml.jackson.databind.JsonNode bestBundle,
        String ledger) {

    record Row(
            int iteration,
            String status,
            boolean solved,
            boolean verified,
            Double score,
            int attemptMcpCalls,
            List<String> falseClaims,
            ContractCheck contract,
            List<String> penalties,
            Double reward,
            java.util.Map<String, String> steps) {}

    /** How many penalties of each kind the run's iterations got. */
    static java.util.Map<String, Integer> penaltyCounts(List<IterationRecord> records) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (IterationRecord record : records) {
            for (Penalty penalty : record.penalties()) {
                counts.merge(penalty.kind().id(), 1, Integer::sum);
            }
        }
        return counts;
    }

    static Summary of(Run run, String status, String stopReason, List<IterationRecord> records) {
        List<Row> rows =
                records.stream()
                        .map(
                                r ->
                                        new Row(
                                                r.iteration(),
                                                r.status(),
                                                r.solved(),
                                                r.verified(),
                                                r.score(),
                                                r.harnessUsage()
                                                        .path("mcp_calls_by_phase")
                                                        .path("attempt")
                                                        .asInt(0),
                                                r.falseClaims(),
                                                r.contract(),
                                                r.penalties().stream()
                                                        .map(p -> p.kind().id())
                                                        .toList(),
                                                r.reward() == null ? null : r.reward().value(),
                                                r.steps()))
                        .toList();
        boolean solved = records.stream().anyMatch(IterationRecord::solved);
        return new Summary(
                run.config.runId(),
                status,
                stopReason,
                solved,
                run.bestScore,
                run.baseline == null ? null : run.baseline.id(),
                run.costUsd,
                run.tokens,
                run.elapsedSeconds(),
                records.stream().mapToInt(r -> r.falseClaims().size()).sum(),
                (int)
                        records.stream()
                                .filter(r -> r.contract() != null && !r.contract().valid())
                                .count(),
                penaltyCounts(records),
                rows,
                Optimization.summary(run),
                run.bestBundle,
                run.ledger.file().toString());
    }
}
