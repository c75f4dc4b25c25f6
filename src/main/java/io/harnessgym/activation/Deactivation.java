package io.harnessgym.activation;

import java.util.List;

/**
 * What {@code deactivate} removed: the skill links, the Codex server entries (the user's own
 * entries and settings stay), and the files (workspace-relative).
 */
public record Deactivation(
        List<SkillLinks.Change> skillLinks, List<String> codexServers, List<String> files) {
    public Deactivation {
        skillLinks = List.copyOf(skillLinks);
        codexServers = List.copyOf(codexServers);
        files = List.copyOf(files);
    }

    /** One line for people. */
    public String summary() {
        StringBuilder text = new StringBuilder("deactivated: removed ");
        text.append(skillLinks.size())
                .append(skillLinks.size() == 1 ? " skill link" : " skill links");
        if (!codexServers.isEmpty()) {
            text.append(", Codex servers ").append(String.join(", ", codexServers));
        }
        for (String file : files) {
            text.append(", ").append(file);
        }
        return text.toString();
    }
}
