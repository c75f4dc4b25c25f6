package io.harnessgym.runner;

import java.util.List;

/**
 * The confinement actually in force for a phase, as harnessgym set it up: the mechanism for the
 * agent's own tools ({@code codex_permission_profile}, {@code claude_sandbox}, {@code bubblewrap}
 * or {@code none}), the user the agent ran as, what its tools could write, what they could only
 * read, what they could not see, and how the bundle's MCP servers were confined ({@code bubblewrap}
 * or {@code none}). Never more than was enforced: a runner that could not confine says {@code none}
 * and why in {@code notes}.
 */
public record Confinement(
        String mechanism,
        String user,
        List<String> writable,
        List<String> readOnly,
        List<String> hidden,
        String servers,
        List<String> notes) {
    public Confinement {
        writable = List.copyOf(writable);
        readOnly = List.copyOf(readOnly);
        hidden = List.copyOf(hidden);
        notes = List.copyOf(notes);
    }

    public static Confinement none(String user, String servers, String why) {
        return new Confinement(
                "none", user, List.of(), List.of(), List.of(), servers, List.of(why));
    }
}
