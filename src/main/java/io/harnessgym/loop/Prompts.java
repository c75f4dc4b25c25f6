package io.harnessgym.loop;

import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phases' prompts: resource templates ({@code prompts/<phase>.md}), each overridable by a file
 * {@code .harnessgym/prompts/<phase>.md} read once when the run starts (before any agent ran), with
 * {@code {{name}}} placeholders filled in. A placeholder without a value is left as it is. {@code
 * {{depth_guidance}}} is the guidance for the run's harness depth ({@code prompts/depth-deep.md} or
 * {@code prompts/depth-standard.md}, overridable the same way): the one thing the depth changes.
 */
final class Prompts {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)\\}\\}");
    private final Map<String, String> templates = new LinkedHashMap<>();
    private String depthGuidance = "";

    static Prompts load(Path workspace, RunConfig.HarnessDepth depth) {
        Prompts prompts = new Prompts();
        for (String name : new String[] {"attempt", "reflect", "build", "repair", "evaluate"}) {
            prompts.templates.put(name, template(workspace, name));
        }
        prompts.depthGuidance = template(workspace, "depth-" + depth.id()).strip();
        return prompts;
    }

    private static String template(Path workspace, String name) {
        Path override = workspace.resolve(".harnessgym/prompts").resolve(name + ".md");
        if (Files.isRegularFile(override, LinkOption.NOFOLLOW_LINKS)) {
            return Json.readUtf8(override, override);
        }
        try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name + ".md")) {
            if (in == null) {
                throw new IllegalStateException("missing prompt template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("missing prompt template " + name, e);
        }
    }

    String render(String name, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(templates.get(name));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value =
                    m.group(1).equals("depth_guidance") ? depthGuidance : values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
