package io.harnessgym.qualify;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.activation.Activation;
import io.harnessgym.activation.Activator;
import io.harnessgym.activation.SkillLinks;
import io.harnessgym.mcp.proxy.ProxyLauncher;
import io.harnessgym.process.Sandbox;
import io.harnessgym.registry.ArtifactInspector;
import io.harnessgym.registry.ArtifactKind;
import io.harnessgym.registry.ArtifactReport;
import io.harnessgym.registry.QualificationRecord;
import io.harnessgym.registry.QualificationRecord.Verdict;
import io.harnessgym.registry.TrustRecords;
import io.harnessgym.snapshot.SnapshotStore;
import io.harnessgym.workspace.StateDir;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges the artifacts of one clean room: materialises the template, copies the bundle in, checks
 * that each copy hashes to the digest being judged, runs each artifact's own checks, activates what
 * passed in the room, and returns one verdict per artifact built from that artifact's checks only.
 */
final class RoomJudge {
    /** One room's work. */
    record Plan(String name, List<ArtifactReport> artifacts) {}

    /** What judging a room produced. */
    record Outcome(
            List<ArtifactVerdict> verdicts, QualificationReport.Room room, JsonNode activation) {}

    private final StateDir state;
    private final Workspace workspace;
    private final Map<String, String> env;
    private final ProxyLauncher launcher;
    private final Sandbox sandbox;
    private final Map<String, String> recordedFraming;

    RoomJudge(
            Workspace workspace,
            StateDir state,
            Map<String, String> env,
            ProxyLauncher launcher,
            Sandbox sandbox) {
        this(workspace, state, env, launcher, sandbox, Map.of());
    }

    /**
     * {@code recordedFraming}: by artifact id, the framing a passed qualification of the same
     * digest saw, for a manifest that declares none: the smoke check speaks it at once instead of
     * paying the detection probe (and detects again only if it fails).
     */
    RoomJudge(
            Workspace workspace,
            StateDir state,
            Map<String, String> env,
            ProxyLauncher launcher,
            Sandbox sandbox,
            Map<String, String> recordedFraming) {
        this.recordedFraming = Map.copyOf(recordedFraming);
        this.workspace = workspace;
        this.state = state;
        this.env = env;
        this.launcher = launcher;
        this.sandbox = sandbox;
    }

    /**
     * What an artifact's commands may touch: the room (nothing else is writable), not the state
     * directory, the other rooms or the user's credentials; the network only when the manifest
     * asks.
     */
    private Sandbox.Policy policy(Path room, boolean network) {
        return Sandbox.Policy.forArtifacts(
                room, List.of(state.root(), state.roomsDir()), network, env);
    }

    Outcome judge(
            SnapshotStore store, String template, String qualification, Plan plan, boolean keep) {
        long start = System.nanoTime();
        Path room = CleanRooms.create(state, qualification, plan.name());
        Map<String, List<CheckRecord>> checks = new LinkedHashMap<>();
        Map<String, QualificationRecord.Server> servers = new HashMap<>();
        Map<String, ArtifactReport> inRoom = new LinkedHashMap<>();
        JsonNode activationJson = null;
        try {
            long copyStart = System.nanoTime();
            store.materialize(template, room);
            BundleCopy.copy(workspace.bundleDir(), room.resolve(Workspace.BUNDLE_DIR));
            Workspace roomSpace = Workspace.open(room);
            double copySeconds = (System.nanoTime() - copyStart) / 1e9;
            for (ArtifactReport live : plan.artifacts()) {
                List<CheckRecord> own = new ArrayList<>();
                checks.put(live.artifact().id(), own);
                own.add(CheckRecord.passed(Check.VALIDITY, "valid, inside the workspace", 0));
                ArtifactReport copy =
                        ArtifactInspector.inspect(roomSpace, TrustRecords.NONE, live.artifact());
                if (!copy.valid()
                        || copy.digest() == null
                        || !copy.digest().equals(live.digest())) {
                    own.add(
                            CheckRecord.failed(
                                    Check.COPY,
                                    copy.valid()
                                            ? "the room's copy hashes to "
                                                    + copy.digest()
                                                    + ", not "
                                                    + live.digest()
                                            : "invalid in the room: "
                                                    + String.join("; ", copy.problems()),
                                    copySeconds));
                    continue;
                }
                own.add(CheckRecord.passed(Check.COPY, "same digest in the room", copySeconds));
                inRoom.put(live.artifact().id(), copy);
                if (ArtifactKind.MCP.id().equals(copy.artifact().kind())) {
                    String recorded = recordedFraming.get(live.artifact().id());
                    boolean known = recorded != null && "auto".equals(copy.manifest().framing());
                    Sandbox.Policy serverPolicy = policy(room, copy.manifest().network());
                    ServerResult server =
                            ServerCheck.check(
                                    roomSpace,
                                    copy,
                                    known ? copy.manifest().withFraming(recorded) : copy.manifest(),
                                    env,
                                    sandbox,
                                    serverPolicy);
                    if (known && !server.smoke().passed()) {
                        // Not as recorded after all: detect, as for a new server.
                        known = false;
                        server = ServerCheck.check(roomSpace, copy, env, sandbox, serverPolicy);
                    }
                    own.addAll(serverChecks(server, known));
                    if (server.active()) {
                        servers.put(
                                live.artifact().id(),
                                new QualificationRecord.Server(
                                        server.framing(),
                                        server.smoke().protocolVersion(),
                                        server.smoke().toolNames()));
                    }
                } else if (ArtifactKind.TEST.id().equals(copy.artifact().kind())) {
                    Path script = room.resolve(copy.definition());
                    if (TestRun.applies(script)) {
                        own.add(
                                TestRun.run(
                                        room,
                                        script,
                                        env,
                                        TestRun.TIMEOUT,
                                        sandbox,
                                        policy(room, false)));
                    }
                }
            }
            activationJson = activate(roomSpace, inRoom, checks, servers);
        } catch (RuntimeException e) {
            String why =
                    "the clean room failed: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            for (ArtifactReport live : plan.artifacts()) {
                checks.computeIfAbsent(live.artifact().id(), id -> new ArrayList<>())
                        .add(CheckRecord.failed(Check.COPY, why, 0));
            }
        } finally {
            if (!keep) {
                CleanRooms.remove(room);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<ArtifactVerdict> verdicts = new ArrayList<>();
        for (ArtifactReport live : plan.artifacts()) {
            List<CheckRecord> own = checks.get(live.artifact().id());
            boolean passed = own.stream().allMatch(CheckRecord::passed);
            verdicts.add(
                    new ArtifactVerdict(
                            live.artifact().id(),
                            live.artifact().kind(),
                            live.artifact().path(),
                            live.digest(),
                            passed ? Verdict.PASSED : Verdict.FAILED,
                            own,
                            room.toString(),
                            CheckRecord.round(seconds),
                            passed ? servers.get(live.artifact().id()) : null));
        }
        QualificationReport.Room shown =
                new QualificationReport.Room(
                        plan.name(),
                        room.toString(),
                        plan.artifacts().stream().map(r -> r.artifact().id()).toList(),
                        keep,
                        CheckRecord.round(seconds));
        return new Outcome(verdicts, shown, activationJson);
    }

    private static List<CheckRecord> serverChecks(ServerResult server, boolean recorded) {
        List<CheckRecord> out = new ArrayList<>();
        for (Check check : List.of(Check.SMOKE, Check.SELF_TEST, Check.TOOL_INVENTORY)) {
            String failure = server.failures().get(check);
            out.add(
                    failure != null
                            ? CheckRecord.failed(
                                    check,
                                    failure,
                                    server.seconds(),
                                    check == Check.SELF_TEST
                                            ? new CheckRecord.Output(
                                                    server.selfTest().stdout(),
                                                    server.selfTest().stderr())
                                            : null)
                            : CheckRecord.passed(
                                    check,
                                    passedMessage(server, check, recorded),
                                    server.seconds()));
        }
        return out;
    }

    private static String passedMessage(ServerResult server, Check check, boolean recorded) {
        return switch (check) {
            case SMOKE ->
                    "initialize and tools/list answered"
                            + (server.framing() == null
                                    ? ""
                                    : " ("
                                            + server.framing()
                                            + (recorded ? ", as recorded at this digest" : "")
                                            + ")");
            case SELF_TEST -> server.selfTest().message();
            default -> String.join(", ", server.tools());
        };
    }

    /**
     * Activates in the room every artifact whose checks passed so far; an artifact activation left
     * out (a link conflict, a duplicate name) fails its ACTIVATION check.
     */
    private JsonNode activate(
            Workspace room,
            Map<String, ArtifactReport> inRoom,
            Map<String, List<CheckRecord>> checks,
            Map<String, QualificationRecord.Server> servers) {
        long start = System.nanoTime();
        List<ArtifactReport> vouched = new ArrayList<>();
        for (ArtifactReport report : inRoom.values()) {
            if (checks.get(report.artifact().id()).stream().allMatch(CheckRecord::passed)) {
                vouched.add(report);
            }
        }
        Activation activation;
        try {
            activation =
                    new Activator(room, state, launcher)
                            .activateVouched(
                                    Activator.Target.ALL,
                                    vouched,
                                    report ->
                                            new QualificationRecord(
                                                    report.artifact().id(),
                                                    report.digest(),
                                                    Verdict.PASSED,
                                                    null,
                                                    null,
                                                    null,
                                                    servers.get(report.artifact().id())));
        } catch (RuntimeException e) {
            String why = "activation in the room failed: " + e.getMessage();
            vouched.forEach(
                    report ->
                            checks.get(report.artifact().id())
                                    .add(
                                            CheckRecord.failed(
                                                    Check.ACTIVATION,
                                                    why,
                                                    (System.nanoTime() - start) / 1e9)));
            return null;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (ArtifactReport report : vouched) {
            String kind = report.artifact().kind();
            if (!ArtifactKind.SKILL.id().equals(kind) && !ArtifactKind.MCP.id().equals(kind)) {
                continue;
            }
            String why = leftOut(activation, report);
            checks.get(report.artifact().id())
                    .add(
                            why == null
                                    ? CheckRecord.passed(
                                            Check.ACTIVATION,
                                            "projected for Codex and Claude Code",
                                            seconds)
                                    : CheckRecord.failed(Check.ACTIVATION, why, seconds));
        }
        return activation.json();
    }

    /**
     * Why the room's activation did not project {@code report}, read from what it did: a skill
     * needs its entry and no conflicting link at {@code <root>/<name>}; a server, its place among
     * the activated servers. Null when it was projected.
     */
    private static String leftOut(Activation activation, ArtifactReport report) {
        String id = report.artifact().id();
        if (report.skill() != null) {
            String name = report.skill().name();
            var links = activation.report().projections().skillLinks();
            for (SkillLinks.Change link : links == null ? List.<SkillLinks.Change>of() : links) {
                if (link.action() == SkillLinks.Action.CONFLICT
                        && Path.of(link.path()).getFileName().toString().equals(name)) {
                    return "skill link " + link.path() + ": " + link.detail();
                }
            }
            boolean listed =
                    activation.report().skills().stream()
                            .anyMatch(
                                    skill -> skill.artifactPath().equals(report.artifact().path()));
            return listed ? null : "activation left it out (another skill has its name?)";
        }
        boolean active =
                activation.servers().stream()
                        .anyMatch(server -> server.artifact().artifact().id().equals(id));
        return active ? null : "activation left it out (another server has its name?)";
    }
}
