package io.harnessgym.activation;

import java.util.List;

/**
 * How a server's self-test went: {@code passed}, {@code failed}, {@code timeout} or {@code
 * not_configured}, with its argv, exit code (null when it did not exit) and capped output.
 */
public record SelfTestResult(
        String status,
        String message,
        List<String> command,
        Integer returnCode,
        String stdout,
        String stderr) {
    public boolean passed() {
        return "passed".equals(status);
    }
}
