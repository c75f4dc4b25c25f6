package io.harnessgym.runner;

import java.util.List;
import java.util.Locale;

/**
 * The runners {@code --runner} names; {@code exec} and {@code fake} are the Python tool's names for
 * {@code codex} and {@code scripted}.
 */
public enum RunnerKind {
    CODEX(List.of("codex", "exec")),
    CLAUDE(List.of("claude")),
    COMMAND(List.of("command")),
    SCRIPTED(List.of("scripted", "fake"));

    private final List<String> names;

    RunnerKind(List<String> names) {
        this.names = names;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return names.get(0);
    }

    /** The kind {@code text} names, or an error listing the names accepted. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static RunnerKind parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (RunnerKind kind : values()) {
            if (kind.names.contains(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown runner '"
                        + text
                        + "' (expected codex, claude, command or scripted; exec and fake are"
                        + " accepted as the Python tool's names)");
    }
}
