package io.harnessgym.runner;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a phase ended. {@code completed}: the agent ran to its end and reported no error; {@code
 * failed}: it ran but reported failure (an API error, a failed turn, a non-zero exit); {@code
 * timeout}: harnessgym ended it at its time limit; {@code error}: it could not be run as asked
 * (missing program, no session to resume, refused confinement).
 */
public sealed interface PhaseStatus {
    /** One line saying why (empty when completed). */
    String reason();

    /** {@code completed}, {@code failed}, {@code timeout} or {@code error}. */
    @JsonValue
    String id();

    record Completed() implements PhaseStatus {
        @Override
        public String reason() {
            return "";
        }

        @Override
        public String id() {
            return "completed";
        }
    }

    record Failed(String reason) implements PhaseStatus {
        @Override
        public String id() {
            return "failed";
        }
    }

    record TimedOut(String reason) implements PhaseStatus {
        @Override
        public String id() {
            return "timeout";
        }
    }

    record Error(String reason) implements PhaseStatus {
        @Override
        public String id() {
            return "error";
        }
    }

    static PhaseStatus completed() {
        return new Completed();
    }
}
