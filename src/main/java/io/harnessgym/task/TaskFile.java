package io.harnessgym.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task file: Markdown with optional YAML front matter (the contract) and an optional {@code ##
 * Expected Behavior} section (the holdout). What an agent is shown is {@link #agentText}: the
 * Markdown without the front matter and without the holdout; the holdout goes only to harnessgym's
 * own checks. A file without front matter and without that section (every task file written for the
 * Python HarnessGym) is shown whole, as it is.
 *
 * @param text the whole file, as read (its digest is the task's)
 * @param agentText what every agent prompt gets
 * @param holdout the held-out section(s), heading included, or null
 * @param contract the front matter, checked
 */
public record TaskFile(String text, String agentText, String holdout, TaskContract contract) {
    /**
     * The heading (any level from 2 on) that starts a holdout section, matched case-insensitively.
     */
    static final String HOLDOUT_HEADING = "expected behavior";

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})[ \\t]+(.*?)[ \\t#]*$");
    private static final Pattern FENCE = Pattern.compile("^[ ]{0,3}(`{3,}|~{3,})");
    private static final Set<String> CLOSERS = Set.of("---", "...");

    /** Parses {@code text}; {@code source} names it in errors. Every problem is in one message. */
    public static TaskFile parse(String text, String source) {
        String body = text;
        TaskContract contract = TaskContract.NONE;
        String normalized = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (normalized.startsWith("---\n") || normalized.startsWith("---\r\n")) {
            List<String> lines = normalized.lines().toList();
            int end = -1;
            for (int i = 1; i < lines.size(); i++) {
                if (CLOSERS.contains(lines.get(i).strip())) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw bad(source + ": the front matter opened by '---' on line 1 is never closed");
            }
            String yaml = String.join("\n", lines.subList(1, end));
            JsonNode node;
            try {
                node = yaml.isBlank() ? Json.object() : YAML.readTree(yaml);
            } catch (IOException e) {
                throw bad(
                        source
                                + ": the front matter is not YAML: "
                                + Terminal.firstLine(e.getMessage()));
            }
            if (node == null || node.isNull()) {
                node = Json.object();
            }
            List<String> problems = new ArrayList<>();
            contract = TaskContract.of(node, problems);
            if (!problems.isEmpty()) {
                throw bad(source + ": " + String.join("; ", problems));
            }
            body = String.join("\n", lines.subList(end + 1, lines.size()));
            if (text.endsWith("\n")) {
                body = body + "\n";
            }
        }
        String[] split = splitHoldout(body);
        // Nothing held out: the body exactly as written (a Python task file: the whole file).
        String agent = split[1] == null ? body : split[0];
        if (agent.isBlank()) {
            throw bad(source + ": the task has no text an agent could be given");
        }
        return new TaskFile(text, agent, split[1], contract);
    }

    /**
     * {agent text, holdout or null}: each holdout section runs to the next heading at its level.
     */
    static String[] splitHoldout(String body) {
        StringBuilder agent = new StringBuilder();
        StringBuilder holdout = new StringBuilder();
        int holdoutLevel = 0; // > 0: inside a holdout section of that level
        String fence = null;
        for (String line : body.split("\n", -1)) {
            Matcher fenceMatch = FENCE.matcher(line);
            boolean inFence = fence != null;
            if (fenceMatch.find()) {
                String marker = fenceMatch.group(1);
                if (fence == null) {
                    fence = marker;
                } else if (marker.charAt(0) == fence.charAt(0)
                        && marker.length() >= fence.length()) {
                    fence = null;
                }
            }
            if (!inFence) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    int level = heading.group(1).length();
                    if (holdoutLevel > 0 && level <= holdoutLevel) {
                        holdoutLevel = 0;
                    }
                    if (holdoutLevel == 0
                            && level >= 2
                            && heading.group(2)
                                    .strip()
                                    .toLowerCase(Locale.ROOT)
                                    .equals(HOLDOUT_HEADING)) {
                        holdoutLevel = level;
                    }
                }
            }
            (holdoutLevel > 0 ? holdout : agent).append(line).append('\n');
        }
        String agentText = agent.substring(0, Math.max(0, agent.length() - 1));
        String held = holdout.length() == 0 ? null : holdout.toString().strip() + "\n";
        return new String[] {agentText.stripTrailing() + (agentText.isBlank() ? "" : "\n"), held};
    }

    private static HarnessGymException bad(String message) {
        return new HarnessGymException(ExitCode.USAGE, message);
    }
}
