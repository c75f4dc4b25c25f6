package io.harnessgym.activation;

import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reconciles the skill links each agent reads: {@code .agents/skills/<name>} (Codex) and {@code
 * .claude/skills/<name>} (Claude Code), relative, so a moved workspace keeps working. A link that
 * points into {@code .harnessgym/skills/} is ours: it is created, repointed or removed to match the
 * active skills. A real file or folder at a link path is never touched; it is reported.
 */
final class SkillLinks {
    static final List<String> ROOTS = List.of(".agents/skills", ".claude/skills");

    private SkillLinks() {}

    /** What happened at one link path. */
    record Change(String path, String action, String detail) {}

    /**
     * {@code wanted}: link name to the skill folder (absolute). Returns every change and conflict.
     */
    static List<Change> reconcile(Workspace workspace, Map<String, Path> wanted, List<String> roots)
            throws IOException {
        List<Change> changes = new ArrayList<>();
        for (String rootName : roots) {
            Path root = workspace.root().resolve(rootName);
            removeStale(workspace, root, wanted, changes);
            for (Map.Entry<String, Path> skill : wanted.entrySet()) {
                link(workspace, root.resolve(skill.getKey()), skill.getValue(), changes);
            }
        }
        return changes;
    }

    /**
     * Removes every link of ours (pointing into the bundle's skills) that is not wanted any more.
     */
    static void removeStale(
            Workspace workspace, Path root, Map<String, Path> wanted, List<Change> changes)
            throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!Files.isSymbolicLink(entry) || !pointsIntoBundle(workspace, entry)) {
                    continue;
                }
                if (!wanted.containsKey(entry.getFileName().toString())) {
                    Files.delete(entry);
                    changes.add(
                            new Change(
                                    workspace.relative(entry),
                                    "removed",
                                    "skill no longer active"));
                }
            }
        }
    }

    private static void link(Workspace workspace, Path at, Path skillDir, List<Change> changes)
            throws IOException {
        Path target = at.getParent().relativize(skillDir);
        String shown = workspace.relative(at);
        if (Files.isSymbolicLink(at)) {
            if (Files.readSymbolicLink(at).equals(target)) {
                changes.add(new Change(shown, "unchanged", target.toString()));
                return;
            }
            if (!pointsIntoBundle(workspace, at)) {
                changes.add(
                        new Change(
                                shown, "conflict", "a link you made points elsewhere; left alone"));
                return;
            }
            Files.delete(at);
            Files.createSymbolicLink(at, target);
            changes.add(new Change(shown, "repointed", target.toString()));
            return;
        }
        if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
            changes.add(
                    new Change(
                            shown,
                            "conflict",
                            "a real "
                                    + (Files.isDirectory(at) ? "folder" : "file")
                                    + " is there; left alone, so the agent sees it instead of the bundle's skill"));
            return;
        }
        Files.createDirectories(at.getParent());
        Files.createSymbolicLink(at, target);
        changes.add(new Change(shown, "linked", target.toString()));
    }

    private static boolean pointsIntoBundle(Workspace workspace, Path link) throws IOException {
        Path resolved = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        return resolved.startsWith(workspace.bundleDir().resolve("skills"));
    }
}
