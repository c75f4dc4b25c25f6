package io.harnessgym.compare;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The two arms of a compare: the agent alone, and the agent with the qualified bundle active. */
public enum Arm {
    PLAIN,
    HARNESSED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Arm parse(String text) {
        for (Arm arm : values()) {
            if (arm.id().equals(text == null ? "" : text.trim().toLowerCase(Locale.ROOT))) {
                return arm;
            }
        }
        throw new IllegalArgumentException("unknown arm '" + text + "' (plain, harnessed)");
    }
}
