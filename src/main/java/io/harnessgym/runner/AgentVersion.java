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

    /** Asks {@code path --version}, and adds the warning to {@code warnings} when it differs. */
    public static AgentVersion probe(
            String program,
            String path,
            java.nio.file.Path cwd,
            java.util.Map<String, String> env,
            String verifiedWith,
            java.util.List<String> warnings) {
        AgentVersion version = of(program, VersionProbe.of(path, cwd, env), verifiedWith);
        if (version.warning() != null) {
            warnings.add(version.warning());
        }
        return version;
    }

    /** The warning a run with an unverified version carries, or null. */
    public String warning() {
        if (matches) {
            return null;
        }
        return program
                + " "
                + version
                + " is not the version its confinement was verified with ("
                + verifiedWith
                + "); check docs/runners.md before trusting this run";
    }
}
