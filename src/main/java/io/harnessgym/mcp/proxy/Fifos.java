package io.harnessgym.mcp.proxy;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes for the proxy host: made with {@code mkfifo} (Java has no call for it), and opened
 * with a deadline. Opening one end of a FIFO blocks until the other end is opened; when the
 * launcher that should open it is gone, the host opens the other end itself at the deadline
 * (read-write, which never blocks), so the waiting open returns and the session is given up.
 */
final class Fifos {
    /** One timer for every open that waits: a session's opens take milliseconds. */
    private static final ScheduledExecutorService DEADLINES =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread thread = new Thread(r, "harnessgym-host-deadline");
                        thread.setDaemon(true);
                        return thread;
                    });

    private Fifos() {}

    /** Makes the named pipes {@code paths}, readable and writable by this user only. */
    static void make(Path... paths) throws IOException {
        String[] argv = new String[paths.length + 3];
        argv[0] = "mkfifo";
        argv[1] = "-m";
        argv[2] = "600";
        for (int i = 0; i < paths.length; i++) {
            argv[i + 3] = paths[i].toString();
        }
        Process mkfifo =
                new ProcessBuilder(argv)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                mkfifo.destroyForcibly();
                throw new IOException("mkfifo could not make " + paths[0]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mkfifo.destroyForcibly();
            throw new IOException("interrupted while making " + paths[0], e);
        }
    }

    /** The reading end; null when no writer came by the deadline. */
    static InputStream openForReading(Path fifo, Duration deadline) throws IOException {
        ScheduledFuture<?> release = releaseAt(fifo, deadline);
        FileInputStream in = new FileInputStream(fifo.toFile());
        return release.cancel(false) ? in : closed(in);
    }

    /** The writing end; null when no reader came by the deadline. */
    static OutputStream openForWriting(Path fifo, Duration deadline) throws IOException {
        ScheduledFuture<?> release = releaseAt(fifo, deadline);
        FileOutputStream out = new FileOutputStream(fifo.toFile());
        return release.cancel(false) ? out : closed(out);
    }

    private static <T extends java.io.Closeable> T closed(T stream) throws IOException {
        stream.close();
        return null;
    }

    /** At the deadline, opens and closes the other end, which lets a waiting open return. */
    private static ScheduledFuture<?> releaseAt(Path fifo, Duration deadline) {
        return DEADLINES.schedule(
                () -> {
                    try (FileChannel other =
                            FileChannel.open(
                                    fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        // opened: the waiting open has returned
                    } catch (IOException e) {
                        // gone already: nothing waits on it
                    }
                },
                deadline.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
