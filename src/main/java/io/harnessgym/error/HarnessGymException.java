package io.harnessgym.error;

/**
 * The one exception type that carries an exit code. Its message is the single line shown to the
 * user, so it names the file and what is wrong.
 */
public class HarnessGymException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    public HarnessGymException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public HarnessGymException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** Bad input or workspace state (exit 3). */
    public static HarnessGymException badInput(String message) {
        return new HarnessGymException(ExitCode.BAD_INPUT, message);
    }

    public static HarnessGymException badInput(String message, Throwable cause) {
        return new HarnessGymException(ExitCode.BAD_INPUT, message, cause);
    }
}
