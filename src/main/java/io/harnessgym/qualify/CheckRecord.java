package io.harnessgym.qualify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.harnessgym.registry.QualificationRecord.Verdict;

/**
 * One check's verdict, why, how long it took, and for a command that failed the tails of what it
 * printed (capped), which a repair needs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckRecord(
        Check check, Verdict verdict, String message, double seconds, Output output) {

    /** The last bytes a command wrote to each stream. */
    public record Output(String stdout, String stderr) {}

    static CheckRecord passed(Check check, String message, double seconds) {
        return new CheckRecord(check, Verdict.PASSED, message, round(seconds), null);
    }

    static CheckRecord failed(Check check, String message, double seconds) {
        return failed(check, message, seconds, null);
    }

    static CheckRecord failed(Check check, String message, double seconds, Output output) {
        return new CheckRecord(check, Verdict.FAILED, message, round(seconds), output);
    }

    boolean passed() {
        return verdict == Verdict.PASSED;
    }

    static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
