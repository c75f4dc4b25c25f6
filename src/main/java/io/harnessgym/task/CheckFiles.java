package io.harnessgym.task;

import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.ShellWords;
import io.harnessgym.workspace.ConfinedPaths;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The workspace files a check command names ({@code sh check/run.sh}, {@code python3
 * tests/score.py}): part of the task's contract, so they are protected like the {@code protected}
 * paths (put back from the baseline for every check; an attempt that changes one is invalid). A
 * word counts when it is a relative path to a regular file in the workspace, reached through no
 * link; what the named scripts themselves read must be declared in {@code protected}.
 */
public final class CheckFiles {
    private CheckFiles() {}

    public static List<String> named(String command, Path workspace) {
        if (command == null) {
            return List.of();
        }
        List<String> words;
        try {
            words = ShellWords.split(command);
        } catch (IllegalArgumentException e) {
            return List.of(); // not for the shlex rules: the shell reads it, nothing is named here
        }
        LinkedHashSet<String> files = new LinkedHashSet<>();
        for (String word : words) {
            String candidate = word.startsWith("./") ? word.substring(2) : word;
            if (candidate.isEmpty() || ConfinedPaths.lexicalProblem(candidate) != null) {
                continue;
            }
            try {
                Path file = ConfinedPaths.resolve(workspace, candidate, "a file the check names");
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(workspace.relativize(file).toString());
                }
            } catch (HarnessGymException e) {
                // a link out of the workspace: not a file of the task's
            }
        }
        return new ArrayList<>(files);
    }
}
