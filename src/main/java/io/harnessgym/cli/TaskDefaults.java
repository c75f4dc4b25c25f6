package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.task.TaskContract;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A task's front matter as {@code run}'s settings: each one the command line did not give (it wins
 * over {@code harnessgym.toml}, a flag wins over it). {@code protected} is added to {@code
 * --protect}, never replaced by it: the contract's protected paths are always restored from the
 * baseline for a check.
 */
final class TaskDefaults {
    private TaskDefaults() {}

    static void apply(CommandSpec spec, TaskContract contract, String source) {
        if (contract.isEmpty()) {
            return;
        }
        String check = contract.verify();
        if (check != null
                && contract.scoreCommand() != null
                && !contract.scoreCommand().equals(check)) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    source
                            + ": a separate score command next to verify is not supported yet;"
                            + " make one command print both the status and the score");
        }
        if (check == null) {
            check = contract.scoreCommand();
        }
        set(spec, "--post-attempt-command", check);
        set(spec, "--score-key", contract.scoreKey());
        set(spec, "--higher-is-better", contract.higherIsBetter());
        set(spec, "--iterations", contract.iterations());
        set(
                spec,
                "--max-wall-time",
                contract.wallTimeSeconds() == null ? null : contract.wallTimeSeconds() + "s");
        set(spec, "--max-cost-usd", contract.costUsd());
        set(spec, "--runner", contract.runner());
        set(spec, "--model", contract.model());
        if (!contract.protectedPaths().isEmpty()) {
            OptionSpec protect = spec.findOption("--protect");
            List<String> given = protect.getValue();
            LinkedHashSet<String> all = new LinkedHashSet<>(given == null ? List.of() : given);
            all.addAll(contract.protectedPaths());
            protect.setValue(new ArrayList<>(all));
        }
    }

    private static void set(CommandSpec spec, String name, Object value) {
        OptionSpec option = spec.findOption(name);
        if (value != null && option != null) {
            ProjectFile.setUnlessGiven(spec, option, value, "the task's " + name.substring(2));
        }
    }
}
