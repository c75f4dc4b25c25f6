package io.harnessgym.error;

/** The process exit codes; the only place their numbers are written down. */
public enum ExitCode {
    OK(0),
    /** A negative verdict: a gate failed, a comparison says "no". */
    NEGATIVE(1),
    USAGE(2),
    /** Bad input or workspace state: a corrupt file, a missing path, a held lock. */
    BAD_INPUT(3),
    INTERNAL(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
