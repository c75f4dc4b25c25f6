package io.harnessgym.compare;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.task.CheckFiles;
import io.harnessgym.task.TaskContract;
import io.harnessgym.task.TaskFile;
import io.harnessgym.workspace.ConfinedPaths;
import io.harnessgym.workspace.Digests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a new compare is asked to run, before its plan is fixed. */
public record PlanRequest(
        String compareId,
        List<TaskInput> tasks,
        Path artifactSource,
        boolean trustBundle,
        List<Arm> arms,
        int trials,
        long seed,
        TrialSettings settings) {
    public PlanRequest {
        tasks = List.copyOf(tasks);
        arms = List.copyOf(new LinkedHashSet<>(arms));
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("give a task: --task FILE or --tasks FILE|DIR...");
        }
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("--arms names no arm");
        }
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be at least 1");
        }
    }

    /** A task's text and how it is checked. */
    public record TaskInput(PlanTask task, String text) {}

    /**
     * What the flags set for every task (null: each task's own front matter decides): the check
     * command, extra protected paths, the score's key and direction.
     */
    public record Overrides(
            String check,
            List<String> protect,
            String scoreKey,
            Boolean higherIsBetter,
            boolean optimizationMode) {
        public Overrides {
            protect = List.copyOf(protect == null ? List.of() : protect);
        }
    }

    /**
     * A task from its file: named by the file (a {@code task.md} by its folder), checked by the
     * flag's command or its contract's {@code verify} (or {@code score}); one without a check is
     * refused, since compare's verdicts are harnessgym's measurements only.
     */
    public static TaskInput task(
            Path file,
            Path resolved,
            String text,
            Overrides overrides,
            Path workspace,
            Set<String> names) {
        TaskFile parsed = TaskFile.parse(text, file.toString());
        TaskContract contract = parsed.contract();
        String check =
                overrides.check() != null
                        ? overrides.check()
                        : contract.verify() != null ? contract.verify() : contract.scoreCommand();
        String name = name(resolved, names);
        if (check == null || check.isBlank()) {
            throw HarnessGymException.badInput(
                    "task "
                            + name
                            + " ("
                            + file
                            + ") has no check: give it a verify (or score) command in its"
                            + " front matter, or --verify CMD; compare counts only what harnessgym measures");
        }
        LinkedHashSet<String> protect = new LinkedHashSet<>(contract.protectedPaths());
        for (String p : overrides.protect()) {
            String problem = ConfinedPaths.lexicalProblem(p);
            if (problem != null) {
                throw new IllegalArgumentException("--protect " + p + ": " + problem);
            }
            protect.add(p);
        }
        protect.addAll(CheckFiles.named(check, workspace));
        String key =
                overrides.scoreKey() != null
                        ? overrides.scoreKey()
                        : contract.scoreKey() != null ? contract.scoreKey() : "score";
        Boolean higher =
                overrides.higherIsBetter() != null
                        ? overrides.higherIsBetter()
                        : contract.higherIsBetter();
        boolean scored =
                overrides.optimizationMode()
                        || contract.scoreCommand() != null
                        || contract.higherIsBetter() != null;
        return new TaskInput(
                new PlanTask(
                        name,
                        file.toString(),
                        Digests.text(text),
                        check,
                        new ArrayList<>(protect),
                        key,
                        higher != null && higher,
                        scored,
                        false),
                text);
    }

    private static String name(Path file, Set<String> names) {
        String base =
                file.getFileName() == null
                        ? "task"
                        : file.getFileName().toString().replaceFirst("\\.md$", "");
        if (base.equals("task")
                && file.toAbsolutePath().getParent() != null
                && file.toAbsolutePath().getParent().getFileName() != null) {
            base = file.toAbsolutePath().getParent().getFileName().toString();
        }
        base = base.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (base.startsWith(".") || base.isEmpty()) {
            base = "t" + base;
        }
        if (base.length() > 60) {
            base = base.substring(0, 60);
        }
        String name = base;
        for (int i = 2; names.contains(name); i++) {
            name = base + "-" + i;
        }
        names.add(name);
        return name;
    }
}
