package io.harnessgym.mcp.telemetry;

import java.util.Map;

/**
 * Where a call happened: the run, iteration, phase and trial harnessgym was in when it started the
 * agent, read from the environment the proxy inherits. Empty strings mean "not inside a run".
 */
public record Scope(String runId, String iteration, String phase, String trial) {
    public static final Scope NONE = new Scope("", "", "", "");

    public static Scope fromEnvironment(Map<String, String> env) {
        return new Scope(
                env.getOrDefault("HARNESSGYM_RUN_ID", ""),
                env.getOrDefault("HARNESSGYM_ITERATION", ""),
                env.getOrDefault("HARNESSGYM_PHASE", ""),
                env.getOrDefault("HARNESSGYM_TRIAL", ""));
    }
}
