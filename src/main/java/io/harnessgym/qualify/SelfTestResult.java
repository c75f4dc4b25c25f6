package io.harnessgym.qualify;

import java.util.List;

/**
 * How a server's self-test went, with its argv, exit code (null when it did not exit) and capped
 * output, and how its process tree was held ({@code cgroup}, {@code proc}, or {@code none} when it
 * did not run).
 */
public record SelfTestResult(
        Status status,
        String message,
        List<String> command,
        Integer returnCode,
        String stdout,
        String stderr,
        String containment) {

    public SelfTestResult {
        command = List.copyOf(command);
    }

    /** The closed set of outcomes. */
    public enum Status {
        PASSED,
        FAILED,
        TIMEOUT,
        NOT_CONFIGURED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static SelfTestResult failed(String message, List<String> command) {
        return new SelfTestResult(Status.FAILED, message, command, null, "", "", "none");
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
