package io.harnessgym.testing;

import java.util.List;

/** The processes still running whose command line names a test's unique token. */
public final class Survivors {
    private Survivors() {}

    public static List<ProcessHandle> of(String token) {
        return ProcessHandle.allProcesses()
                .filter(
                        p ->
                                p.info().commandLine().orElse("").contains(token)
                                        || p.info()
                                                .arguments()
                                                .map(a -> String.join(" ", a).contains(token))
                                                .orElse(false))
                .toList();
    }
}
