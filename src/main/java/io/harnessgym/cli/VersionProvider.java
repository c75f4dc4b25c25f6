package io.harnessgym.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (set by Maven), or "dev" when running from classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return lines();
    }

    /** What {@code --version} prints, one line each (shared with {@link QuickAnswers}). */
    static String[] lines() {
        return new String[] {"harnessgym " + version(), "Java " + Runtime.version()};
    }

    public static String version() {
        return io.harnessgym.BuildInfo.version();
    }
}
