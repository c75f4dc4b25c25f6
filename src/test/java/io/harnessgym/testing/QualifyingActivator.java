package io.harnessgym.testing;

import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.activation.Deactivation;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.qualify.QualificationReport;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import io.harnessgym.workspace.WorkspaceLock;

/** What {@code harnessgym activate} does, for tests: qualify what is new, then activate. */
public final class QualifyingActivator {
    private final Workspace workspace;
    private final StateDir state;
    private final ProxyLauncher launcher;
    private QualificationReport lastQualification;

    public QualifyingActivator(Workspace workspace, ProxyLauncher launcher) {
        this.workspace = workspace;
        this.state = TestState.of(workspace);
        this.launcher = launcher;
    }

    public Activation activate(Activator.Target target, boolean check) {
        Activator activator = new Activator(workspace, state, launcher);
        if (check) {
            return activator.activate(target, true);
        }
        workspace.requireBundle();
        try (WorkspaceLock lock = WorkspaceLock.acquire(workspace, "test activate")) {
            lastQualification =
                    new Qualifier(
                                    workspace,
                                    state,
                                    TestState.env(),
                                    launcher,
                                    Qualifier.Options.DEFAULT)
                            .qualify();
            return activator.activateHoldingLock(target, false);
        }
    }

    public Deactivation deactivate() {
        return new Activator(workspace, state, launcher).deactivate();
    }

    public QualificationReport lastQualification() {
        return lastQualification;
    }
}
