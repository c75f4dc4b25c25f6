package io.harnessgym.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@code SKILL.md} against the Agent Skills rules: YAML front matter between {@code ---}
 * lines; {@code name} of 1–64 ASCII {@code a-z0-9-} without leading, trailing or double hyphens and
 * equal to its folder; {@code description} of 1–1024 characters; {@code compatibility} up to 500.
 * Other keys (license, metadata, allowed-tools, Claude Code's own extensions) are kept, not
 * refused.
 */
public final class SkillValidator {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

    private SkillValidator() {}

    /** The outcome: a skill when valid, and every problem found. */
    public record Result(SkillMd skill, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Result validate(Path skillFile, Path shownAs) {
        List<String> problems = new ArrayList<>();
        String text;
        try {
            text = Json.readUtf8(skillFile, shownAs);
        } catch (HarnessGymException e) {
            return new Result(null, List.of(e.getMessage()));
        }
        ObjectNode frontMatter = frontMatter(text, shownAs, problems);
        if (frontMatter == null) {
            return new Result(null, problems);
        }
        String folder = skillFile.toAbsolutePath().getParent().getFileName().toString();
        String name = scalar(frontMatter, "name", shownAs, problems);
        if (name != null) {
            checkName(name, folder, shownAs, problems);
        }
        String description = scalar(frontMatter, "description", shownAs, problems);
        if (description != null && (description.isBlank() || description.length() > 1024)) {
            problems.add(
                    shownAs
                            + ": description must be 1-1024 characters, has "
                            + description.strip().length());
        }
        JsonNode compatibility = frontMatter.get("compatibility");
        if (compatibility != null && !compatibility.isNull()) {
            String value = compatibility.isValueNode() ? compatibility.asText() : null;
            if (value == null || value.isEmpty() || value.length() > 500) {
                problems.add(shownAs + ": compatibility must be a string of 1-500 characters");
            }
        }
        JsonNode metadata = frontMatter.get("metadata");
        if (metadata != null && !metadata.isNull() && !isStringMap(metadata)) {
            problems.add(shownAs + ": metadata must map strings to strings");
        }
        SkillMd skill =
                problems.isEmpty() ? new SkillMd(name, description.strip(), frontMatter) : null;
        return new Result(skill, problems);
    }

    private static ObjectNode frontMatter(String text, Path shownAs, List<String> problems) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals("---")) {
            problems.add(shownAs + ": must start with a '---' line opening the YAML front matter");
            return null;
        }
        int end = -1;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].strip().equals("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            problems.add(shownAs + ": front matter has no closing '---' line");
            return null;
        }
        String yaml = String.join("\n", java.util.Arrays.asList(lines).subList(1, end));
        ObjectNode plain = PlainFrontMatter.parse(yaml);
        if (plain != null) {
            return plain;
        }
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || !node.isObject()) {
                problems.add(
                        shownAs
                                + ": front matter must be a YAML mapping, found "
                                + (node == null || node.isMissingNode()
                                        ? "nothing"
                                        : Json.describe(node)));
                return null;
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            problems.add(
                    shownAs
                            + ": front matter is not valid YAML: "
                            + e.getOriginalMessage().replaceAll("\\s+", " ").trim());
            return null;
        }
    }

    private static String scalar(
            ObjectNode frontMatter, String key, Path shownAs, List<String> problems) {
        JsonNode value = frontMatter.get(key);
        if (value == null || value.isNull()) {
            problems.add(shownAs + ": front matter has no '" + key + "'");
            return null;
        }
        if (!value.isValueNode()) {
            problems.add(
                    shownAs + ": '" + key + "' must be a string, found " + Json.describe(value));
            return null;
        }
        return value.asText();
    }

    /** Applies the name rules; public so that other places naming skills share them. */
    public static String nameProblem(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return "must be 1-64 characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "may use only a-z, 0-9 and single hyphens inside (no leading, trailing or double hyphen)";
        }
        return null;
    }

    private static void checkName(String name, String folder, Path shownAs, List<String> problems) {
        String problem = nameProblem(name);
        if (problem != null) {
            problems.add(shownAs + ": name '" + name + "' " + problem);
        } else if (!name.equals(folder)) {
            problems.add(
                    shownAs + ": name '" + name + "' must equal its folder name '" + folder + "'");
        }
    }

    private static boolean isStringMap(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            if (!it.next().getValue().isValueNode()) {
                return false;
            }
        }
        return true;
    }
}
