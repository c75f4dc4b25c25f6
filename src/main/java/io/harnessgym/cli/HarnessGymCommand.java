package io.harnessgym.cli;

import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command; it owns the options every subcommand shares. */
@Command(
        name = "harnessgym",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Lets a coding agent build its own tools for a recurring task, and proves whether they help.",
        // Subcommands are added by Cli, only the one a command line needs (building them all costs
        // time).
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:a negative verdict (a gate or comparison said no)",
            "2:usage error",
            "3:bad input or workspace state",
            "4:internal error"
        })
public final class HarnessGymCommand implements Runnable {
    private final Map<String, String> env;
    private Path workspace = Path.of(".");
    private Path stateDir;
    private boolean debug;

    HarnessGymCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @picocli.CommandLine.Spec private picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--workspace",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The workspace (repository root); default: the current directory.")
    void setWorkspace(Path dir) {
        this.workspace = dir;
    }

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description =
                    "harnessgym's private state for this workspace (call log, quarantine and"
                            + " qualification records); default: $HARNESSGYM_STATE_DIR, else"
                            + " $${XDG_STATE_HOME:-~/.local/state}/harnessgym/workspaces/<key>.")
    void setStateDir(Path dir) {
        this.stateDir = dir;
    }

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Show stack traces on errors.")
    void setDebug(boolean debug) {
        this.debug = debug;
    }

    public Workspace workspace() {
        return Workspace.open(workspace);
    }

    /** The private state directory of {@link #workspace()} (not created until something writes). */
    public StateDir state() {
        return StateDir.of(workspace(), stateDir, env);
    }

    /** The environment harnessgym was started with (passed in, so tests choose it). */
    public Map<String, String> env() {
        return env;
    }

    public boolean debug() {
        return debug;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
