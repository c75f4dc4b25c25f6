package io.harnessgym.snapshot;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs work items on the store's pool (all cores); the first failure is rethrown as it was. */
final class Parallel {
    static final ForkJoinPool POOL =
            new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()));

    private Parallel() {}

    static void forEach(int count, IntConsumer work) {
        try {
            POOL.submit(() -> IntStream.range(0, count).parallel().forEach(work)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What is done with each thread's resource once all work is done (a flush). */
    @FunctionalInterface
    interface Finish<R> {
        void accept(R resource) throws java.io.IOException;
    }

    /**
     * {@link #forEach} with one {@code perThread} resource for each thread that takes part (for
     * what is not thread-safe: JGit readers and inserters). After all the work each resource is
     * finished, in the calling thread; every one is closed, also on failure.
     */
    static <R extends AutoCloseable> void forEach(
            int count,
            java.util.function.Supplier<R> perThread,
            java.util.function.ObjIntConsumer<R> work,
            Finish<R> finish) {
        java.util.Queue<R> made = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ThreadLocal<R> mine =
                ThreadLocal.withInitial(
                        () -> {
                            R created = perThread.get();
                            made.add(created);
                            return created;
                        });
        try {
            forEach(count, i -> work.accept(mine.get(), i));
            for (R resource : made) {
                finish.accept(resource);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            for (R resource : made) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // closing frees memory only; the work's own outcome stands
                }
            }
        }
    }
}
