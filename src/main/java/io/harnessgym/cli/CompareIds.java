package io.harnessgym.cli;

import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;

/** A compare id is a folder name in the state directory: letters, digits, '.', '_', '-'. */
final class CompareIds {
    private CompareIds() {}

    static String safe(String id, String flag) {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,100}") || id.startsWith(".")) {
            throw new HarnessGymException(
                    ExitCode.USAGE,
                    flag + " must be letters, digits, '.', '_' or '-' (at most 100)");
        }
        return id;
    }
}
