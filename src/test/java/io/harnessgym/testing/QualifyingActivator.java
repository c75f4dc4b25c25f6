package io.harnessgym.testing;

import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.activation.Deactivation;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.qualify.QualificationReport;
import io.harnessgym.qualify.Qualifier;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;

/** {@code harnessgym activate} for tests, with the test state directory and environment. */
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
        if (check) {
            return new Activator(workspace, state, launcher).activate(target, true);
        }
        Qualifier.Activated done =
                new Qualifier(
                                workspace,
                                state,
                                TestState.env(),
                                launcher,
                                Qualifier.Options.DEFAULT)
                        .qualifyThenActivate(target, true);
        lastQualification = done.qualification();
        return done.activation();
    }

    public Deactivation deactivate() {
        return new Activator(workspace, state, launcher).deactivate();
    }

    public QualificationReport lastQualification() {
        return lastQualification;
    }
}
