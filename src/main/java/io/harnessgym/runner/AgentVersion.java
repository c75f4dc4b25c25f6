package io.harnessgym.runner;

/**
 * The agent program's exact version ({@code --version}), and the version its confinement was
 * verified with ({@code docs/runners.md}); {@code matches} is false, and a warning is recorded, for
 * any other.
 */
public record AgentVersion(String program, String version, String verifiedWith, boolean matches) {
    public static AgentVersion of(String program, String version, String verifiedWith) {
        return new AgentVersion(
                program,
                version,
                verifiedWith,
                verifiedWith == null || (version != null && version.equals(verifiedWith)));
    }
}
