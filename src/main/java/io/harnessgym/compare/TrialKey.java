package io.harnessgym.compare;

/**
 * One trial of the plan: a task (by its name in the plan), an arm and a trial index from 1. Trials
 * of the same task and index are a pair: they ran next to each other in time.
 */
public record TrialKey(String task, Arm arm, int index) {
    public TrialKey {
        if (task == null || !task.matches("[A-Za-z0-9_.-]{1,80}") || task.startsWith(".")) {
            throw new IllegalArgumentException(
                    "a task name must be letters, digits, '.', '_' or '-'");
        }
        if (index < 1) {
            throw new IllegalArgumentException("trial indices start at 1");
        }
    }

    /** {@code <task>/<arm>-<index>}: the trial's folder under the compare's {@code trials/}. */
    public String id() {
        return task + "/" + arm.id() + "-" + index;
    }
}
