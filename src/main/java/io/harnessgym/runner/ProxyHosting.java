package io.harnessgym.runner;

import io.harnessgym.mcp.proxy.ProxyHost;
import io.harnessgym.workspace.StateDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A proxy host kept for one agent phase whose agent has MCP servers: the agent CLI's launchers hand
 * their sessions to it instead of each starting a proxy JVM (docs/mcp.md). What the host noted (a
 * session it declined, say) becomes the phase's warnings when it closes.
 */
public final class ProxyHosting implements AutoCloseable {
    private static final int MAX_NOTES = 5;

    private final Optional<ProxyHost> host;
    private final List<String> notes = new ArrayList<>();
    private final List<String> warnings;

    private ProxyHosting(StateDir state, boolean wanted, List<String> warnings) {
        this.warnings = warnings;
        this.host = wanted ? ProxyHost.open(state, this::note) : Optional.empty();
    }

    /**
     * A host for {@code request}'s phase when its activation has servers whose proxies run as
     * harnessgym's own user ({@code sameUser}); else nothing is started.
     */
    public static ProxyHosting forPhase(
            PhaseRequest request, StateDir state, boolean sameUser, List<String> warnings) {
        boolean servers = request.activation() != null && !request.activation().servers().isEmpty();
        return new ProxyHosting(state, servers && sameUser, warnings);
    }

    private synchronized void note(String line) {
        if (notes.size() < MAX_NOTES) {
            notes.add(line.replaceFirst("^harnessgym: (note|warning|error): ", ""));
        }
    }

    /** Sessions the host served. */
    public int served() {
        return host.map(ProxyHost::served).orElse(0);
    }

    @Override
    public void close() {
        host.ifPresent(ProxyHost::close);
        synchronized (this) {
            warnings.addAll(notes);
        }
    }
}
