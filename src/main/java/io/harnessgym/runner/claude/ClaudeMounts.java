package io.harnessgym.runner.claude;

import io.harnessgym.runner.MountStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What Claude Code's Bash sandbox (2.1.197) mounts read-only over in the workspace: {@code
 * .mcp.json}, the project's {@code .claude} entries below, and in {@code .git} its hooks and config
 * files. A missing one gets an empty stub that bubblewrap creates, and where it cannot create one
 * (in the root-owned {@code .claude} activation made, when Claude runs as the agent user) every
 * shell command fails with {@code Can't create file}. So for an agent user the {@code .claude}
 * stubs are made beforehand, and after the phase every stub, whoever made it, goes.
 */
final class ClaudeMounts {
    static final List<String> CLAUDE_FILES =
            List.of("settings.json", "settings.local.json", "launch.json", "scheduled_tasks.json");
    static final List<String> CLAUDE_DIRS =
            List.of("skills", "hooks", "workflows", "routines", "agents", "commands");
    static final List<String> GIT_FILES =
            List.of("hooks", "config", "config.lock", "config.worktree");

    private ClaudeMounts() {}

    static MountStubs prepare(Path workspace, boolean agentUser) throws IOException {
        Path claude = workspace.resolve(".claude");
        List<String> claudeNames = new ArrayList<>(CLAUDE_FILES);
        claudeNames.addAll(CLAUDE_DIRS);
        MountStubs stubs =
                MountStubs.create()
                        .watch(workspace.resolve(".mcp.json"), claude)
                        .watchIn(List.of(claude), claudeNames);
        Path git = workspace.resolve(".git");
        if (Files.isDirectory(git, LinkOption.NOFOLLOW_LINKS)) {
            stubs.watchIn(List.of(git), GIT_FILES);
        }
        if (agentUser) {
            stubs.provide(claude, CLAUDE_FILES, CLAUDE_DIRS);
        }
        return stubs;
    }
}
