package io.harnessgym.runner.codex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harnessgym.runner.Phase;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.TomlValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Codex's confinement for one phase, as a permission profile given in {@code -c} flags on every
 * call, fresh and resume (the profile is not stored with the session): everything readable, the
 * workspace and {@code /tmp} writable, {@code .harnessgym} read-only except, outside the attempt,
 * its kind folders; the private state directory and the clean rooms not even readable; Codex's own
 * home read-only (not hidden: its sandbox helper runs from there). {@code .git}, {@code .codex} and
 * {@code .agents} are read-only in every writable root by Codex itself; {@code .claude} is made so
 * here. Never {@code --sandbox}, {@code sandbox_mode} or the bypass flag: each silently replaces
 * the profile (docs/runners.md).
 */
public record CodexProfile(
        List<String> overrides, List<String> writable, List<String> readOnly, List<String> hidden) {
    public static final String NAME = "harnessgym";

    public CodexProfile {
        overrides = List.copyOf(overrides);
        writable = List.copyOf(writable);
        readOnly = List.copyOf(readOnly);
        hidden = List.copyOf(hidden);
    }

    public static CodexProfile of(Path workspace, Phase phase, List<Path> hidden, Path codexHome) {
        ObjectNode filesystem = Json.object();
        filesystem.put(":root", "read");
        filesystem.put(":slash_tmp", "write");
        List<String> hiddenPaths = new ArrayList<>();
        // Codex's bubblewrap refuses an entry whose path does not exist.
        for (Path path : hidden) {
            if (!java.nio.file.Files.exists(path)) {
                continue;
            }
            filesystem.put(path.toString(), "none");
            hiddenPaths.add(path.toString());
        }
        List<String> readOnly = new ArrayList<>();
        if (codexHome != null) {
            filesystem.put(codexHome.toString(), "read");
            readOnly.add(codexHome.toString());
        }
        ObjectNode roots = filesystem.putObject(":workspace_roots");
        roots.put(".", "write");
        roots.put(".harnessgym", "read");
        if (java.nio.file.Files.exists(workspace.resolve(".claude"))) {
            roots.put(".claude", "read");
        }
        List<String> writable = new ArrayList<>(List.of(workspace.toString(), "/tmp"));
        for (String kind : phase.writableKindFolders()) {
            roots.put(".harnessgym/" + kind, "write");
            writable.add(workspace.resolve(".harnessgym").resolve(kind).toString());
        }
        for (String name : List.of(".harnessgym", ".git", ".codex", ".agents", ".claude")) {
            readOnly.add(workspace.resolve(name).toString());
        }
        List<String> overrides =
                List.of(
                        "-c",
                        TomlValues.override("approval_policy", TextNode.valueOf("never")),
                        "-c",
                        TomlValues.override("default_permissions", TextNode.valueOf(NAME)),
                        "-c",
                        TomlValues.override("permissions." + NAME + ".filesystem", filesystem));
        return new CodexProfile(overrides, writable, readOnly, hiddenPaths);
    }
}
