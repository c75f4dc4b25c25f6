package io.harnessgym.runner.claude;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.runner.Phase;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code --settings} file that confines Claude Code for one phase, as verified in
 * docs/runners.md: the Bash sandbox on, required ({@code failIfUnavailable}) and inescapable
 * ({@code allowUnsandboxedCommands: false}), with {@code denyWrite} for every protected path
 * (absolute: a {@code ./} path there is not resolved); {@code Edit(//abs/...)} deny rules for the
 * same paths (they bind the Write and Edit tools, which the sandbox does not); WebFetch denied;
 * Bash, Skill and the active servers' tools allowed. In the attempt the whole bundle is protected;
 * in the other phases everything in it but the kind folders.
 */
public record ClaudeSettings(ObjectNode json, List<String> protectedPaths) {
    /** harnessgym's own files in the bundle, protected in every phase. */
    static final List<String> HARNESSGYM_FILES =
            List.of(
                    "registry.json",
                    "activation.json",
                    "lock",
                    "claude_mcp_config.json",
                    "runs",
                    "runtime");

    public static ClaudeSettings of(
            Path workspace, Phase phase, List<Path> outside, List<String> servers) {
        return of(workspace, phase, outside, servers, false);
    }

    /**
     * With {@code agentUser} (Claude runs as a user that cannot write {@code .harnessgym}), a
     * protected bundle file that does not exist yet is left out of {@code denyWrite}: the sandbox
     * would have to create it to mount on, and cannot ("bwrap: Can't create file"), so every Bash
     * call would fail; the operating system already keeps the agent from creating it, and the
     * {@code Edit} rules stay.
     */
    public static ClaudeSettings of(
            Path workspace,
            Phase phase,
            List<Path> outside,
            List<String> servers,
            boolean agentUser) {
        List<Path> paths = new ArrayList<>(protectedInWorkspace(workspace, phase));
        paths.addAll(outside);
        ObjectNode root = Json.object();
        ObjectNode permissions = root.putObject("permissions");
        ArrayNode allow = permissions.putArray("allow");
        allow.add("Bash");
        allow.add("Skill");
        servers.forEach(server -> allow.add("mcp__" + server));
        ArrayNode deny = permissions.putArray("deny");
        List<String> shown = new ArrayList<>();
        for (Path path : paths) {
            String abs = path.toAbsolutePath().normalize().toString();
            shown.add(abs);
            // "//" makes the rule absolute; a single "/" would be relative to this file.
            deny.add("Edit(/" + abs + ")");
            deny.add("Edit(/" + abs + "/**)");
        }
        deny.add("WebFetch");
        permissions.put("defaultMode", "acceptEdits");
        ObjectNode sandbox = root.putObject("sandbox");
        sandbox.put("enabled", true);
        sandbox.put("failIfUnavailable", true);
        sandbox.put("allowUnsandboxedCommands", false);
        sandbox.put("autoAllowBashIfSandboxed", true);
        ArrayNode denyWrite = sandbox.putObject("filesystem").putArray("denyWrite");
        Path bundle = workspace.resolve(".harnessgym").toAbsolutePath().normalize();
        for (String path : shown) {
            Path p = Path.of(path);
            if (!agentUser
                    || !p.startsWith(bundle)
                    || Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                denyWrite.add(path);
            }
        }
        return new ClaudeSettings(root, shown);
    }

    /** The protected paths inside the workspace for {@code phase}. */
    static List<Path> protectedInWorkspace(Path workspace, Phase phase) {
        List<Path> paths = new ArrayList<>();
        // .claude is made read-only by Claude Code's sandbox itself; a rule of ours for it breaks
        // the sandbox's own mount (bwrap: "Can't create file at .claude").
        for (String name : List.of(".git", ".codex", ".agents")) {
            paths.add(workspace.resolve(name));
        }
        Path bundle = workspace.resolve(".harnessgym");
        if (!phase.buildsTools()) {
            paths.add(bundle);
            return paths;
        }
        Set<String> kinds = new TreeSet<>();
        Arrays.stream(ArtifactKind.values()).forEach(kind -> kinds.add(kind.directory()));
        Set<String> names = new TreeSet<>(HARNESSGYM_FILES);
        try (Stream<Path> entries = Files.exists(bundle) ? Files.list(bundle) : Stream.empty()) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> !kinds.contains(n))
                    .forEach(names::add);
        } catch (IOException e) {
            // an unreadable bundle: its known files are still protected
        }
        names.forEach(name -> paths.add(bundle.resolve(name)));
        return paths;
    }

    public byte[] bytes() {
        return (Json.pretty(json) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
