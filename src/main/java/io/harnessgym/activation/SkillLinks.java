package io.harnessgym.activation;

import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plans the skill links each agent reads: {@code .agents/skills/<name>} (Codex) and {@code
 * .claude/skills/<name>} (Claude Code), relative, so a moved workspace keeps working. A link that
 * points into {@code .harnessgym/skills/} is ours: it is created, repointed or removed to match the
 * active skills. A real file or folder at a link path is never touched; it is reported. A link root
 * that leads out of the workspace is refused before it is read.
 */
public final class SkillLinks {
    static final List<String> ROOTS = List.of(".agents/skills", ".claude/skills");

    private SkillLinks() {}

    /** What happens at one link path. */
    public enum Action {
        LINKED,
        REPOINTED,
        UNCHANGED,
        REMOVED,
        CONFLICT
    }

    /** What happened (or, in a plan, will happen) at one link path. */
    public record Change(String path, Action action, String detail) {}

    /**
     * {@code wanted}: link name to the skill folder (absolute). Adds the link operations to {@code
     * plan} and returns every change and conflict.
     */
    static List<Change> plan(
            Workspace workspace,
            Map<String, Path> wanted,
            List<String> roots,
            List<Projection> plan) {
        List<Change> changes = new ArrayList<>();
        for (String rootName : roots) {
            Path root = confinedRoot(workspace, rootName);
            planStale(workspace, root, wanted, changes, plan);
            for (Map.Entry<String, Path> skill : wanted.entrySet()) {
                planLink(workspace, root.resolve(skill.getKey()), skill.getValue(), changes, plan);
            }
        }
        return changes;
    }

    /** Plans the removal of every link of ours, and of the link folders left empty. */
    static List<Change> planRemoval(Workspace workspace, List<Projection> plan) {
        List<Change> changes = new ArrayList<>();
        for (String rootName : ROOTS) {
            Path root = confinedRoot(workspace, rootName);
            planStale(workspace, root, Map.of(), changes, plan);
            plan.add(new Projection.RemoveDirIfEmpty(root));
            plan.add(new Projection.RemoveDirIfEmpty(root.getParent()));
        }
        return changes;
    }

    private static Path confinedRoot(Workspace workspace, String rootName) {
        Path root = workspace.root().resolve(rootName);
        ConfinedPaths.requireInside(workspace.root(), root, rootName);
        return root;
    }

    private static void planStale(
            Workspace workspace,
            Path root,
            Map<String, Path> wanted,
            List<Change> changes,
            List<Projection> plan) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!Files.isSymbolicLink(entry) || !pointsIntoBundle(workspace, entry)) {
                    continue;
                }
                if (!wanted.containsKey(entry.getFileName().toString())) {
                    plan.add(new Projection.Delete(entry));
                    changes.add(
                            new Change(
                                    workspace.relative(entry),
                                    Action.REMOVED,
                                    "skill no longer active"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    private static void planLink(
            Workspace workspace,
            Path at,
            Path skillDir,
            List<Change> changes,
            List<Projection> plan) {
        Path target = at.getParent().relativize(skillDir);
        String shown = workspace.relative(at);
        try {
            if (Files.isSymbolicLink(at)) {
                if (Files.readSymbolicLink(at).equals(target)) {
                    changes.add(new Change(shown, Action.UNCHANGED, target.toString()));
                    return;
                }
                if (!pointsIntoBundle(workspace, at)) {
                    changes.add(
                            new Change(
                                    shown,
                                    Action.CONFLICT,
                                    "a link you made points elsewhere; left alone"));
                    return;
                }
                plan.add(new Projection.Link(at, target));
                changes.add(new Change(shown, Action.REPOINTED, target.toString()));
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the link " + at + ": " + e.getMessage(), e);
        }
        if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
            changes.add(
                    new Change(
                            shown,
                            Action.CONFLICT,
                            "a real "
                                    + (Files.isDirectory(at) ? "folder" : "file")
                                    + " is there; left alone, so the agent sees it instead of the"
                                    + " bundle's skill"));
            return;
        }
        plan.add(new Projection.Link(at, target));
        changes.add(new Change(shown, Action.LINKED, target.toString()));
    }

    private static boolean pointsIntoBundle(Workspace workspace, Path link) throws IOException {
        Path resolved = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        return resolved.startsWith(workspace.bundleDir().resolve("skills"));
    }
}
