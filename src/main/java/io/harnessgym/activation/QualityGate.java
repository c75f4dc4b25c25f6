package io.harnessgym.activation;

import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the {@link ServerGate} over all servers at once, so the wall time is that of the slowest
 * server; one server's failure never touches another's verdict.
 */
final class QualityGate {
    private QualityGate() {}

    static List<ServerResult> run(
            Workspace workspace,
            List<ArtifactReport> servers,
            Map<String, String> env,
            boolean qualificationRequired) {
        if (servers.isEmpty()) {
            return List.of();
        }
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(servers.size(), 16),
                        runnable -> {
                            Thread thread = new Thread(runnable, "harnessgym-gate");
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            List<Future<ServerResult>> futures = new ArrayList<>();
            for (ArtifactReport server : servers) {
                futures.add(
                        pool.submit(
                                () ->
                                        ServerGate.check(
                                                workspace, server, env, qualificationRequired)));
            }
            List<ServerResult> results = new ArrayList<>();
            for (Future<ServerResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking servers", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("server check failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
