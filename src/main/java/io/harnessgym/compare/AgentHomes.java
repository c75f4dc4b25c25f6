package io.harnessgym.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each trial's own agent homes ({@code CODEX_HOME}, {@code CLAUDE_CONFIG_DIR}), so no trial sees
 * another's sessions, history or memory: new folders seeded with the user's settings and
 * credentials only (regular files, links never followed), nothing else of the user's homes.
 */
final class AgentHomes {
    private static final List<String> CODEX_FILES = List.of("config.toml", "auth.json");
    private static final List<String> CLAUDE_FILES =
            List.of("settings.json", ".credentials.json", ".claude.json");

    private AgentHomes() {}

    /** {@code env} with the trial's homes, made under {@code home}. */
    static Map<String, String> of(Map<String, String> env, Path home) throws IOException {
        Map<String, String> out = new HashMap<>(env);
        out.remove(io.harnessgym.workspace.StateDir.ENV);
        Path codex = home.resolve("codex");
        Path claude = home.resolve("claude");
        Files.createDirectories(codex);
        Files.createDirectories(claude);
        String user = env.getOrDefault("HOME", "");
        seed(pick(env.get("CODEX_HOME"), user, ".codex"), codex, CODEX_FILES);
        seed(pick(env.get("CLAUDE_CONFIG_DIR"), user, ".claude"), claude, CLAUDE_FILES);
        out.put("CODEX_HOME", codex.toString());
        out.put("CLAUDE_CONFIG_DIR", claude.toString());
        return Map.copyOf(out);
    }

    private static Path pick(String explicit, String home, String folder) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        return home.isBlank() ? null : Path.of(home, folder);
    }

    private static void seed(Path from, Path to, List<String> names) throws IOException {
        if (from == null || !Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String name : names) {
            Path file = from.resolve(name);
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(file, to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
