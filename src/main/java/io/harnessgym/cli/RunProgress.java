package io.harnessgym.cli;

import io.harnessgym.loop.RunListener;
import io.harnessgym.text.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * The run's progress. On a terminal, a live status line at the bottom (JLine's {@link Status}: the
 * log scrolls above it): iteration, step, elapsed / limit, runner, the agent's last event, tokens
 * and cost so far, redrawn every second. Otherwise (a pipe, CI, {@code HARNESSGYM_PROGRESS=plain})
 * one timestamped line per step on stderr. The agent's last event is read from the phase's stdout
 * file and shown only as its sanitised {@code type}, at most 40 characters.
 */
final class RunProgress implements RunListener, AutoCloseable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter err;
    private final org.jline.terminal.Terminal terminal;
    private final Status status;
    private final ScheduledExecutorService ticker;
    private volatile String runner = "";
    private volatile int iterations;
    private volatile int iteration;
    private volatile String step = "setup";
    private volatile long stepStart = System.nanoTime();
    private volatile Duration timeout;
    private volatile Path events;
    private volatile long tokens;
    private volatile double costUsd;

    private RunProgress(PrintWriter err, org.jline.terminal.Terminal terminal) {
        this.err = err;
        this.terminal = terminal;
        this.status = terminal == null ? null : Status.getStatus(terminal);
        if (status != null) {
            ticker =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "harnessgym-progress");
                                t.setDaemon(true);
                                return t;
                            });
            ticker.scheduleAtFixedRate(this::redraw, 0, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    /** A status line when stderr is a terminal (and JLine finds one), else plain lines. */
    static RunProgress open(PrintWriter err, Map<String, String> env) {
        boolean plain =
                "plain".equals(env.get("HARNESSGYM_PROGRESS"))
                        || System.console() == null
                        || "dumb".equals(env.getOrDefault("TERM", "dumb"));
        if (!plain) {
            try {
                org.jline.terminal.Terminal terminal =
                        TerminalBuilder.builder().system(true).dumb(false).build();
                return new RunProgress(err, terminal);
            } catch (IOException | RuntimeException e) {
                // no usable terminal: plain lines
            }
        }
        return new RunProgress(err, null);
    }

    /** On a given terminal (tests). */
    static RunProgress on(PrintWriter err, org.jline.terminal.Terminal terminal) {
        return new RunProgress(err, terminal);
    }

    @Override
    public void runStarted(String runId, String runner, int iterations) {
        this.runner = runner;
        this.iterations = iterations;
        line(
                "run "
                        + Terminal.line(runId)
                        + ": "
                        + runner
                        + ", up to "
                        + iterations
                        + " iteration(s)");
    }

    @Override
    public void stepStarted(int iteration, String step, Duration timeout, Path events) {
        this.iteration = iteration;
        this.step = step;
        this.timeout = timeout;
        this.events = events;
        this.stepStart = System.nanoTime();
        if (status == null && timeout != null) {
            line(
                    "iteration "
                            + iteration
                            + ": "
                            + step
                            + (timeout == null ? "" : " (limit " + clock(timeout) + ")"));
        }
    }

    @Override
    public void stepEnded(
            int iteration,
            String step,
            String outcome,
            String reason,
            long tokens,
            double costUsd) {
        this.tokens = tokens;
        this.costUsd = costUsd;
        line(
                "iteration "
                        + iteration
                        + ": "
                        + step
                        + " "
                        + outcome
                        + (reason == null || reason.isBlank() ? "" : ": " + reason));
    }

    @Override
    public void note(String text) {
        line(text);
    }

    /** One plain line (above the status line, on a terminal). */
    private synchronized void line(String text) {
        String shown = LocalTime.now().format(CLOCK) + " " + Terminal.line(text);
        if (terminal != null) {
            terminal.writer().println(shown);
            terminal.flush();
        } else {
            err.println(shown);
        }
    }

    /** The status line: iteration, step, elapsed / limit, runner, last event, tokens, cost. */
    String statusText() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - stepStart);
        String last = lastEvent(events);
        return String.format(
                "iteration %d/%d · %s · %s%s · %s%s · %,d tokens · $%.4f",
                iteration,
                iterations,
                step,
                clock(elapsed),
                timeout == null ? "" : " / " + clock(timeout),
                runner,
                last == null ? "" : " · " + last,
                tokens,
                costUsd);
    }

    private synchronized void redraw() {
        try {
            status.update(List.of(new AttributedString(statusText())));
        } catch (RuntimeException e) {
            // a status line is a nicety; never stop the run for it
        }
    }

    /** The {@code type} of the last whole JSON line in the events file (untrusted: sanitised). */
    static String lastEvent(Path file) {
        if (file == null) {
            return null;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 8192);
            byte[] tail = new byte[size];
            raf.seek(length - size);
            raf.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                int at = lines[i].indexOf("\"type\"");
                if (at >= 0 && lines[i].strip().endsWith("}")) {
                    var node = io.harnessgym.workspace.Json.MAPPER.readTree(lines[i].strip());
                    String type = node.path("type").asText("");
                    String item = node.path("item").path("type").asText("");
                    String shown = Terminal.line(item.isEmpty() ? type : type + " " + item);
                    return shown.length() > 40 ? shown.substring(0, 40) : shown;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (status != null) {
            synchronized (this) {
                status.update(List.of());
                status.close();
            }
        }
        if (terminal != null) {
            try {
                terminal.close();
            } catch (IOException e) {
                // closing a terminal we only drew on
            }
        }
    }
}
