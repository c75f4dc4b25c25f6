package io.harnessgym.activation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Codex's project config, {@code .codex/config.toml}: harnessgym's servers live in a marked block
 * of {@code [mcp_servers.<name>]} tables whose values Jackson writes; everything else in the file
 * (the user's tables, keys and comments) is kept as it was. A block whose END marker was deleted
 * ends at the first table that is not an {@code mcp_servers} table; tables of servers harnessgym
 * managed before are found by name even without markers. A server the user defines under the same
 * name is left to the user (ours is skipped and reported). The result must parse as TOML before it
 * is written.
 */
final class CodexConfig {
    static final String BEGIN = "# BEGIN HARNESSGYM MCP";
    static final String END = "# END HARNESSGYM MCP";
    static final List<String> SCOPE_VARIABLES =
            List.of(
                    "HARNESSGYM_RUN_ID",
                    "HARNESSGYM_ITERATION",
                    "HARNESSGYM_PHASE",
                    "HARNESSGYM_TRIAL",
                    "HARNESSGYM_SESSION_ID");
    private static final TomlMapper TOML = new TomlMapper();
    private static final Pattern SERVER_HEADER =
            Pattern.compile(
                    "^\\s*\\[\\s*mcp_servers\\s*\\.\\s*(\"?)([A-Za-z0-9_-]+)\\1\\s*(\\..*)?\\]\\s*(#.*)?$");
    private static final Pattern SERVER_DOTTED_KEY =
            Pattern.compile("^\\s*mcp_servers\\s*\\.\\s*(\"?)([A-Za-z0-9_-]+)\\1\\s*[.=]");
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private CodexConfig() {}

    /**
     * What was written: the servers, the user's same-named servers we left alone, the exec
     * overrides, and the servers of ours the file had that are gone now.
     */
    record Result(
            Path file,
            List<String> servers,
            List<String> conflicts,
            List<String> overrides,
            List<String> removed) {}

    static Path file(Workspace workspace) {
        return workspace.root().resolve(".codex/config.toml");
    }

    /** The server's Codex entry: the proxy command and the settings Codex exec needs. */
    static ObjectNode entry(
            Workspace workspace, StateDir state, ActiveServer server, ProxyLauncher launcher) {
        ObjectNode entry = Json.object();
        entry.put("command", launcher.command());
        ArrayNode args = entry.putArray("args");
        server.proxyArgs(workspace, state, launcher).forEach(args::add);
        entry.put("cwd", workspace.root().toString());
        // The proxy's own start (and, for an undeclared legacy server, the framing probe) comes on
        // top.
        entry.put("startup_timeout_sec", server.manifest().startupTimeoutSec() + 10);
        entry.put("tool_timeout_sec", server.manifest().toolTimeoutSec() + 5);
        entry.put("enabled", true);
        // Codex waits before the first model request only for required servers
        // (docs/activation.md).
        entry.put("required", true);
        entry.put("default_tools_approval_mode", "approve");
        ArrayNode scope = entry.putArray("env_vars");
        SCOPE_VARIABLES.forEach(scope::add);
        if (!server.manifest().enabledTools().isEmpty()) {
            ArrayNode tools = entry.putArray("enabled_tools");
            server.manifest().enabledTools().forEach(tools::add);
        }
        return entry;
    }

    /**
     * Plans the file for {@code active} ({@code previouslyManaged}: the servers an earlier
     * activation wrote). With no active server the block is removed, and a file left empty is
     * deleted. The file is read only once its path is known to stay inside the workspace, and an
     * invalid file stops the plan before anything is written.
     */
    static Result plan(
            Workspace workspace,
            StateDir state,
            List<ActiveServer> active,
            ProxyLauncher launcher,
            Set<String> previouslyManaged,
            List<Projection> plan) {
        Path file = file(workspace);
        ConfinedPaths.requireInside(workspace.root(), file, ".codex/config.toml");
        String existing =
                Files.exists(file) ? Json.readUtf8(file, Path.of(".codex/config.toml")) : "";
        Kept kept = keepUserContent(existing, previouslyManaged);
        requireValid(kept.text(), "the existing .codex/config.toml is not valid TOML");
        List<String> servers = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        for (ActiveServer server : active) {
            String name = requireBareKey(server.name());
            if (kept.userServers().contains(name)) {
                conflicts.add(name);
                continue;
            }
            ObjectNode entry = entry(workspace, state, server, launcher);
            block.append('\n')
                    .append("[mcp_servers.")
                    .append(name)
                    .append("]\n")
                    .append(toml(entry));
            servers.add(name);
            overrides.addAll(overrides(name, entry));
        }
        String body = kept.text().stripTrailing();
        StringBuilder out = new StringBuilder(body);
        if (!servers.isEmpty()) {
            if (!body.isEmpty()) {
                out.append("\n\n");
            }
            out.append(BEGIN)
                    .append('\n')
                    .append(
                            "# Generated by harnessgym activate; edit the manifests under .harnessgym/mcp instead.\n")
                    .append(block)
                    .append(END)
                    .append('\n');
        } else if (!body.isEmpty()) {
            out.append('\n');
        }
        String result = out.toString();
        requireValid(result, "harnessgym would have written invalid TOML to .codex/config.toml");
        if (result.isBlank()) {
            plan.add(new Projection.Delete(file));
            plan.add(new Projection.RemoveDirIfEmpty(file.getParent()));
        } else if (!result.equals(existing)) {
            plan.add(
                    new Projection.WriteFile(file, result.getBytes(StandardCharsets.UTF_8), false));
        }
        List<String> removed = managedIn(existing, previouslyManaged);
        removed.removeAll(servers);
        return new Result(file, servers, conflicts, overrides, removed);
    }

    /** The servers of ours in {@code text}: the marked block's, and those we wrote before. */
    private static List<String> managedIn(String text, Set<String> previouslyManaged) {
        List<String> names = new ArrayList<>();
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.equals(BEGIN) || trimmed.equals(END)) {
                inBlock = trimmed.equals(BEGIN);
                continue;
            }
            Matcher server = SERVER_HEADER.matcher(line);
            if (server.matches()
                    && server.group(3) == null
                    && (inBlock || previouslyManaged.contains(server.group(2)))
                    && !names.contains(server.group(2))) {
                names.add(server.group(2));
            }
        }
        return names;
    }

    /** The user's part of the file and the server names the user defines there. */
    record Kept(String text, Set<String> userServers) {}

    static Kept keepUserContent(String text, Set<String> previouslyManaged) {
        StringBuilder kept = new StringBuilder();
        Set<String> userServers = new LinkedHashSet<>();
        boolean inBlock = false;
        boolean skippingTable = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.equals(BEGIN)) {
                inBlock = true;
                skippingTable = false;
                continue;
            }
            if (trimmed.equals(END)) {
                inBlock = false;
                skippingTable = false;
                continue;
            }
            if (trimmed.startsWith("[")) {
                Matcher server = SERVER_HEADER.matcher(line);
                if (inBlock && !server.matches()) {
                    // The END marker is gone: the user's content starts here.
                    inBlock = false;
                }
                skippingTable =
                        inBlock
                                || (server.matches()
                                        && previouslyManaged.contains(server.group(2)));
                if (!skippingTable && server.matches()) {
                    userServers.add(server.group(2));
                }
            } else if (!inBlock && !skippingTable) {
                Matcher dotted = SERVER_DOTTED_KEY.matcher(line);
                if (dotted.find()) {
                    userServers.add(dotted.group(2));
                }
            }
            if (inBlock || skippingTable) {
                continue;
            }
            kept.append(line).append('\n');
        }
        String result = kept.toString();
        return new Kept(
                result.endsWith("\n\n") ? result.substring(0, result.length() - 1) : result,
                userServers);
    }

    /** {@code codex exec -c} overrides, one per key; values are TOML written by Jackson. */
    static List<String> overrides(String name, ObjectNode entry) {
        List<String> overrides = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            overrides.add("-c");
            overrides.add(
                    "mcp_servers."
                            + requireBareKey(name)
                            + "."
                            + field.getKey()
                            + "="
                            + tomlValue(field.getValue()));
        }
        return overrides;
    }

    private static String toml(ObjectNode table) {
        try {
            return TOML.writeValueAsString(table);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write TOML", e);
        }
    }

    static String tomlValue(JsonNode value) {
        return io.harnessgym.workspace.TomlValues.of(value);
    }

    private static void requireValid(String text, String problem) {
        try {
            TOML.readTree(text);
        } catch (IOException e) {
            String reason =
                    e.getMessage() == null
                            ? e.toString()
                            : e.getMessage().lines().findFirst().orElse("");
            throw HarnessGymException.badInput(
                    problem + ": " + reason + "; harnessgym left the file unchanged");
        }
    }

    private static String requireBareKey(String name) {
        if (!BARE_KEY.matcher(name).matches()) {
            throw new IllegalStateException("server name '" + name + "' is not a bare TOML key");
        }
        return name;
    }
}
