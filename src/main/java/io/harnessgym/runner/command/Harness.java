package io.harnessgym.runner.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A harness folder's {@code harness.json} (the harness contract, DESIGN.md): {@code version: 1},
 * optional {@code defaultModel}, {@code promptFiles} (inside the folder, prepended in order to the
 * task), and {@code local.command}, {@code local.args}, {@code local.env}. Every problem is listed
 * in one error, naming the file.
 */
public record Harness(
        Path dir,
        String defaultModel,
        List<Path> promptFiles,
        String command,
        List<String> args,
        Map<String, String> env) {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Harness {
        promptFiles = List.copyOf(promptFiles);
        args = List.copyOf(args);
        env = Map.copyOf(env);
    }

    public static Harness load(Path dir) {
        if (dir == null) {
            throw HarnessGymException.badInput(
                    "the command runner needs a harness folder (--harness DIR with a harness.json)");
        }
        Path real;
        try {
            real = dir.toRealPath();
        } catch (java.io.IOException e) {
            throw HarnessGymException.badInput("the harness folder " + dir + " does not exist");
        }
        Path file = real.resolve("harness.json");
        JsonNode root = Json.readObject(file, file);
        List<String> problems = new ArrayList<>();
        if (root.path("version").asInt(-1) != 1) {
            problems.add("version must be 1");
        }
        String model =
                root.path("defaultModel").isTextual() ? root.get("defaultModel").asText() : null;
        List<Path> prompts = new ArrayList<>();
        for (JsonNode entry : root.path("promptFiles")) {
            String problem =
                    entry.isTextual()
                            ? ConfinedPaths.lexicalProblem(entry.asText())
                            : "is not a string";
            if (problem != null) {
                problems.add("promptFiles entry " + entry + " " + problem);
                continue;
            }
            Path prompt = real.resolve(entry.asText()).normalize();
            try {
                ConfinedPaths.requireInside(real, prompt, "promptFiles entry " + entry.asText());
                if (!Files.isRegularFile(prompt)) {
                    problems.add("promptFiles entry " + entry.asText() + " is not a file");
                }
                prompts.add(prompt);
            } catch (HarnessGymException e) {
                problems.add(e.getMessage());
            }
        }
        JsonNode local = root.path("local");
        String command = local.path("command").isTextual() ? local.get("command").asText() : null;
        if (command == null || command.isBlank()) {
            problems.add("local.command must be a non-empty string");
        }
        List<String> args = new ArrayList<>();
        JsonNode argsNode = local.path("args");
        if (!argsNode.isMissingNode() && !argsNode.isArray()) {
            problems.add("local.args must be an array of strings");
        }
        for (JsonNode arg : argsNode) {
            if (!arg.isTextual()) {
                problems.add("local.args entry " + arg + " is not a string");
            } else {
                args.add(arg.asText());
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        local.path("env")
                .fields()
                .forEachRemaining(
                        field -> {
                            if (!ENV_NAME.matcher(field.getKey()).matches()
                                    || !field.getValue().isTextual()) {
                                problems.add(
                                        "local.env entry '"
                                                + field.getKey()
                                                + "' must be a variable name with a string value");
                            } else {
                                env.put(field.getKey(), field.getValue().asText());
                            }
                        });
        if (!problems.isEmpty()) {
            throw HarnessGymException.badInput(file + ": " + String.join("; ", problems));
        }
        if (command.contains("/") && !Path.of(command).isAbsolute()) {
            command = real.resolve(command).normalize().toString();
        }
        return new Harness(real, model, prompts, command, args, env);
    }

    /** The task the harness gets: its prompt files, then {@code ---}, then the phase's prompt. */
    public String task(String prompt) {
        if (promptFiles.isEmpty()) {
            return prompt;
        }
        StringBuilder task = new StringBuilder();
        for (Path file : promptFiles) {
            task.append(Json.readUtf8(file, file).strip()).append("\n\n");
        }
        return task.append("---\n\n").append(prompt).toString();
    }
}
