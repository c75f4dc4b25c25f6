package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.testing.Files2;
import io.harnessgym.testing.TestState;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrySyncTest {
    @TempDir Path dir;

    Workspace workspace;
    RegistryService service;

    @BeforeEach
    void setUp() {
        workspace = Workspace.open(dir);
        service = new RegistryService(workspace, TestState.of(workspace));
    }

    private List<String> ids(RegistrySync.Result result) {
        return result.registry().artifacts().stream().map(Artifact::id).toList();
    }

    private ArtifactReport report(RegistrySync.Result result, String id) {
        return result.reports().stream()
                .filter(r -> r.artifact().id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void discoversSkillsByskillMdServersByManifestAndOtherKindsByFile() {
        Files2.skill(dir, "alpha", "Alpha skill.");
        Files2.write(dir.resolve(".harnessgym/skills/alpha/scripts/helper.py"), "x");
        Files2.write(dir.resolve(".harnessgym/skills/notes.txt"), "not a skill");
        Files2.write(
                dir.resolve(".harnessgym/mcp/bench/server.json"),
                "{\"command\": \"python3\", \"description\": \"Bench.\"}");
        Files2.write(dir.resolve(".harnessgym/mcp/bench/server.py"), "print()");
        Files2.write(dir.resolve(".harnessgym/mcp/bench/fixtures.json"), "{}");
        Files2.write(dir.resolve(".harnessgym/tools/sub/run.py"), "x");
        Files2.write(dir.resolve(".harnessgym/tools/sub/__pycache__/run.cpython-311.pyc"), "x");
        Files2.write(dir.resolve(".harnessgym/tools/sub/run.pyo"), "x");
        Files2.write(dir.resolve(".harnessgym/tools/.DS_Store"), "x");
        Files2.write(dir.resolve(".harnessgym/scripts/go.sh"), "x");
        Files2.write(dir.resolve(".harnessgym/verifiers/v.py"), "x");
        Files2.write(dir.resolve(".harnessgym/fixtures/f.json"), "x");
        Files2.write(dir.resolve(".harnessgym/tests/t.py"), "x");
        Files2.write(dir.resolve(".harnessgym/docs/d.md"), "x");

        RegistrySync.Result result = service.sync(IntNode.valueOf(3));

        assertThat(ids(result))
                .containsExactly(
                        "skill:.harnessgym/skills/alpha/SKILL.md",
                        "mcp:.harnessgym/mcp/bench/server.json",
                        "tool:.harnessgym/tools/sub/run.py",
                        "verifier:.harnessgym/verifiers/v.py",
                        "fixture:.harnessgym/fixtures/f.json",
                        "test:.harnessgym/tests/t.py",
                        "docs:.harnessgym/docs/d.md",
                        "script:.harnessgym/scripts/go.sh");
        Artifact skill = result.registry().artifacts().get(0);
        assertThat(skill.description()).isEqualTo("Alpha skill.");
        assertThat(skill.iteration().asInt()).isEqualTo(3);
        assertThat(skill.metadata().get("source").asText()).isEqualTo("filesystem-sync");
        assertThat(skill.metadata().get(Quarantine.DIGEST_KEY).asText()).startsWith("sha256:");
        assertThat(result.registry().artifacts().get(2).description())
                .isEqualTo("Discovered tool artifact at .harnessgym/tools/sub/run.py");
        assertThat(workspace.registryFile()).exists();
        for (ArtifactKind kind : ArtifactKind.values()) {
            assertThat(workspace.bundleDir().resolve(kind.directory())).isDirectory();
        }
    }

    @Test
    void aFileDroppedInAppearsAndOneRemovedDisappears() throws Exception {
        Files2.write(dir.resolve(".harnessgym/tools/a.py"), "a");
        service.sync(null);

        Files2.write(dir.resolve(".harnessgym/tools/b.py"), "b");
        Files.delete(dir.resolve(".harnessgym/tools/a.py"));
        RegistrySync.Result result = service.sync(null);

        assertThat(ids(result)).containsExactly("tool:.harnessgym/tools/b.py");
        assertThat(result.added())
                .extracting(Artifact::id)
                .containsExactly("tool:.harnessgym/tools/b.py");
        assertThat(result.pruned())
                .extracting(Artifact::id)
                .containsExactly("tool:.harnessgym/tools/a.py");
        assertThat(RegistryStore.load(workspace).artifacts())
                .extracting(Artifact::id)
                .containsExactly("tool:.harnessgym/tools/b.py");
    }

    @Test
    void aSecondSyncChangesNothingAndDoesNotRewriteTheFile() throws Exception {
        Files2.skill(dir, "alpha", "A.");
        service.sync(null);
        String before = Files2.read(workspace.registryFile());

        RegistrySync.Result again = service.sync(null);

        assertThat(again.changed()).isFalse();
        assertThat(Files2.read(workspace.registryFile())).isEqualTo(before);
    }

    @Test
    void aSkillRegisteredByFolderIsNotDiscoveredTwice() {
        Files2.skill(dir, "alpha", "A.");
        writeRegistry(
                "{\"artifacts\": [{\"kind\": \"skill\", \"path\": \".harnessgym/skills/alpha\"}]}");

        RegistrySync.Result result = service.view();

        assertThat(ids(result)).containsExactly("skill:.harnessgym/skills/alpha");
        assertThat(report(result, "skill:.harnessgym/skills/alpha").state())
                .isEqualTo(ArtifactState.UNQUALIFIED);
    }

    @Test
    void pythonBundleSyncKeepsEveryEntryAndKeyAndAddsTheNewFile(@TempDir Path copy) {
        Files2.copyPythonBundle(copy);
        Workspace python = Workspace.open(copy);
        ObjectNode before = (ObjectNode) Json.readTree(python.registryFile(), Path.of("r"));

        RegistrySync.Result result = new RegistryService(python, TestState.of(python)).sync(null);

        assertThat(result.pruned()).isEmpty();
        assertThat(result.added())
                .extracting(Artifact::id)
                .containsExactly("test:.harnessgym/tests/test_kernel.py");
        ObjectNode after = (ObjectNode) Json.readTree(python.registryFile(), Path.of("r"));
        assertThat(after.get("generator")).isEqualTo(before.get("generator"));
        assertThat(after.get("metadata")).isEqualTo(before.get("metadata"));
        for (int i = 0; i < before.get("artifacts").size(); i++) {
            ObjectNode old = (ObjectNode) before.get("artifacts").get(i);
            ObjectNode now = (ObjectNode) after.get("artifacts").get(i).deepCopy();
            ((ObjectNode) now.get("metadata")).remove(Quarantine.DIGEST_KEY);
            assertThat(now).as(old.get("id").asText()).isEqualTo(old);
        }
    }

    @Test
    void statesOfThePythonBundle() {
        RegistrySync.Result view =
                new RegistryService(
                                Workspace.open(Files2.PYTHON_BUNDLE),
                                TestState.of(Workspace.open(Files2.PYTHON_BUNDLE)))
                        .view();

        assertThat(report(view, "verifier:.harnessgym/verifiers/check_rmsnorm.py").state())
                .isEqualTo(ArtifactState.QUARANTINED);
        assertThat(report(view, "script:.harnessgym/scripts/bench.sh").state())
                .isEqualTo(ArtifactState.QUARANTINED);
        // Qualified by the Python tool, but without a digest nobody can say for which content.
        assertThat(report(view, "mcp:.harnessgym/mcp/kernel_bench/harnessgym-mcp.json").state())
                .isEqualTo(ArtifactState.UNQUALIFIED);
        assertThat(view.changed()).isTrue();
    }

    /** What qualification will write: a passed private record for this id at this digest. */
    private void qualify(String id, String digest) {
        TrustRecords.load(service.state())
                .withQualification(
                        new QualificationRecord(
                                id,
                                digest,
                                QualificationRecord.Verdict.PASSED,
                                null,
                                RegistryStore.now(),
                                null,
                                null))
                .save(service.state());
    }

    @Test
    void qualifiedAtTheCurrentDigestIsActiveUntilTheContentChanges() {
        Path tool = Files2.write(dir.resolve(".harnessgym/tools/a.py"), "v1");
        String digest = ContentDigest.of(workspace.root(), tool);
        writeRegistry(
                "{\"artifacts\": [{\"kind\": \"tool\", \"path\": \".harnessgym/tools/a.py\"}]}");
        qualify("tool:.harnessgym/tools/a.py", digest);

        assertThat(service.view().reports().get(0).state()).isEqualTo(ArtifactState.ACTIVE);
        Files2.write(tool, "v2");
        assertThat(service.view().reports().get(0).state()).isEqualTo(ArtifactState.UNQUALIFIED);
    }

    @Test
    void aQualificationWrittenIntoRegistryJsonIsNeverBelieved() {
        Path tool = Files2.write(dir.resolve(".harnessgym/tools/a.py"), "v1");
        String digest = ContentDigest.of(workspace.root(), tool);
        // What an agent can do: write a passed qualification at the current digest by hand.
        writeRegistry(
                "{\"artifacts\": [{\"kind\": \"tool\", \"path\": \".harnessgym/tools/a.py\", \"metadata\": "
                        + "{\"qualification\": {\"status\": \"passed\", \"digest\": \""
                        + digest
                        + "\"}}}]}");

        assertThat(service.view().reports().get(0).state()).isEqualTo(ArtifactState.UNQUALIFIED);
        assertThat(service.sync(null).reports().get(0).state())
                .isEqualTo(ArtifactState.UNQUALIFIED);
    }

    @ParameterizedTest(name = "registered as {0}")
    @CsvSource({
        "skill, .harnessgym/skills/alpha/SKILL.md, .harnessgym/skills/alpha/scripts/run.sh",
        "skill, .harnessgym/skills/alpha, .harnessgym/skills/alpha/scripts/run.sh",
        "mcp, .harnessgym/mcp/srv/mcp.json, .harnessgym/mcp/srv/server.py",
        "mcp, .harnessgym/mcp/srv, .harnessgym/mcp/srv/server.py"
    })
    void aSkillOrServerDigestCoversItsWholeFolderHoweverItIsRegistered(
            String kind, String path, String helper) {
        Files2.skill(dir, "alpha", "Alpha skill.");
        Files2.write(
                dir.resolve(".harnessgym/mcp/srv/mcp.json"),
                "{\"command\": \"python3\", \"args\": [\"server.py\"]}");
        Files2.write(dir.resolve(helper), "v1");
        writeRegistry(
                "{\"artifacts\": [{\"kind\": \"" + kind + "\", \"path\": \"" + path + "\"}]}");
        ArtifactReport first = service.view().reports().get(0);
        qualify(first.artifact().id(), first.digest());
        assertThat(service.view().reports().get(0).state()).isEqualTo(ArtifactState.ACTIVE);

        // A script or the server's code changed after qualification: no longer the content that
        // passed.
        Files2.write(dir.resolve(helper), "v2");

        assertThat(service.view().reports().get(0).state()).isEqualTo(ArtifactState.UNQUALIFIED);
    }

    @Test
    void aLinkInsideAKindFolderThatTheScanWalkedIsStillRefused(@TempDir Path outside)
            throws Exception {
        Files2.write(outside.resolve("x.py"), "x");
        Files.createDirectories(dir.resolve(".harnessgym/tools"));
        Files.createSymbolicLink(dir.resolve(".harnessgym/tools/sub"), outside);
        writeRegistry(
                "{\"artifacts\": [{\"kind\": \"tool\", \"path\": \".harnessgym/tools/sub/x.py\"}]}");

        RegistrySync.Result result = service.view();

        assertThat(report(result, "tool:.harnessgym/tools/sub/x.py").problems())
                .singleElement()
                .asString()
                .contains("resolves through a symlink")
                .contains("outside the workspace");
        assertThat(report(result, "tool:.harnessgym/tools/sub").state())
                .isEqualTo(ArtifactState.INVALID);
    }

    @Test
    void invalidEntriesAreListedWithTheirReasonAndNeverPruned(@TempDir Path outside)
            throws Exception {
        Files2.write(outside.resolve("x.py"), "x");
        Files.createDirectories(dir.resolve(".harnessgym"));
        Files.createSymbolicLink(dir.resolve(".harnessgym/linked"), outside);
        Files2.write(
                dir.resolve(".harnessgym/skills/Bad/SKILL.md"),
                "---\nname: bad\ndescription: d\n---\n");
        Files2.write(dir.resolve(".harnessgym/mcp/broken/mcp.json"), "{\"args\": [1]}");
        writeRegistry(
                """
                {"artifacts": [
                  {"kind": "tool", "path": "/etc/hostname"},
                  {"kind": "tool", "path": "../outside.py"},
                  {"kind": "tool", "path": ".harnessgym/linked/x.py"},
                  {"kind": "widget", "path": ".harnessgym/skills"},
                  {"path": ".harnessgym/docs/missing-kind.md"},
                  {"kind": "skill", "path": ".harnessgym/skills"}
                ]}""");

        RegistrySync.Result result = service.sync(null);

        List<ArtifactReport> reports = result.reports();
        assertThat(reports).extracting(ArtifactReport::state).containsOnly(ArtifactState.INVALID);
        assertThat(reports.get(0).problems()).singleElement().asString().contains("is absolute");
        assertThat(reports.get(1).problems()).singleElement().asString().contains("contains '..'");
        assertThat(reports.get(2).problems())
                .singleElement()
                .asString()
                .contains("outside the workspace");
        assertThat(reports.get(3).problems())
                .singleElement()
                .asString()
                .contains("unknown kind 'widget'");
        assertThat(reports.get(4).problems())
                .singleElement()
                .asString()
                .isEqualTo("entry has no 'kind'");
        assertThat(reports.get(5).problems())
                .singleElement()
                .asString()
                .contains("skill artifact has no SKILL.md");
        assertThat(report(result, "skill:.harnessgym/skills/Bad/SKILL.md").problems())
                .singleElement()
                .asString()
                .contains("must equal its folder name 'Bad'");
        assertThat(report(result, "mcp:.harnessgym/mcp/broken/mcp.json").problems())
                .singleElement()
                .asString()
                .contains("'command' is required");
        assertThat(result.pruned()).isEmpty();
        assertThat(RegistryStore.load(workspace).artifacts()).hasSize(8);
    }

    @Test
    void quarantineRecordsReasonAndDigestAndUnquarantineClearsBothForms() {
        Files2.write(dir.resolve(".harnessgym/tools/a.py"), "a");
        String id = "tool:.harnessgym/tools/a.py";

        ArtifactReport quarantined = service.quarantine(id, "  breaks the build ");
        assertThat(quarantined.state()).isEqualTo(ArtifactState.QUARANTINED);
        ObjectNode metadata = RegistryStore.load(workspace).find(id).orElseThrow().metadata();
        assertThat(metadata.get("quarantined").asBoolean()).isTrue();
        assertThat(metadata.at("/quarantine/status").asText()).isEqualTo("quarantined");
        assertThat(metadata.at("/quarantine/reason").asText()).isEqualTo("breaks the build");
        assertThat(metadata.at("/quarantine/digest").asText()).isEqualTo(quarantined.digest());

        ArtifactReport released = service.unquarantine(id);
        assertThat(released.state()).isEqualTo(ArtifactState.UNQUALIFIED);
        ObjectNode cleared = RegistryStore.load(workspace).find(id).orElseThrow().metadata();
        assertThat(cleared.has("quarantined")).isFalse();
        assertThat(cleared.has("quarantine")).isFalse();
    }

    private void writeRegistry(String json) {
        Files2.write(workspace.registryFile(), json);
    }
}
