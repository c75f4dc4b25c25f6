package io.harnessgym;

/** Facts about this build. */
public final class BuildInfo {
    private BuildInfo() {}

    /** The version from the jar manifest (set by Maven), or "dev" when running from classes. */
    public static String version() {
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
