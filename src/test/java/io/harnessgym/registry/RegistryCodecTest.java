package io.harnessgym.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.testing.Files2;
import io.harnessgym.workspace.Json;
import io.harnessgym.workspace.Workspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCodecTest {
    @TempDir Path dir;

    @Test
    void pythonRegistryRoundTripsWithoutLosingAKey() {
        JsonNode original =
                Json.readTree(
                        Files2.PYTHON_BUNDLE.resolve(".harnessgym/registry.json"), Path.of("r"));

        Registry registry = RegistryCodec.decode(original, "registry.json");
        JsonNode encoded = RegistryCodec.encode(registry);

        assertThat(encoded).isEqualTo(original);
        assertThat(registry.artifacts()).hasSize(7);
        assertThat(registry.extra().get("generator").asText()).isEqualTo("harnessgym 0.1.1");
        Artifact tool = registry.find("tool:.harnessgym/tools/compare_outputs.py").orElseThrow();
        assertThat(tool.extra().get("name").asText()).isEqualTo("compare-outputs");
        assertThat(tool.iteration().asText()).isEqualTo("2");
    }

    @Test
    void bothQuarantineFormsAreRead() {
        Registry registry = RegistryStore.load(Workspace.open(Files2.PYTHON_BUNDLE));

        assertThat(
                        Quarantine.isQuarantined(
                                registry.find("verifier:.harnessgym/verifiers/check_rmsnorm.py")
                                        .orElseThrow()))
                .isTrue();
        assertThat(
                        Quarantine.isQuarantined(
                                registry.find("script:.harnessgym/scripts/bench.sh").orElseThrow()))
                .isTrue();
        assertThat(
                        Quarantine.isQuarantined(
                                registry.find("docs:.harnessgym/docs/NOTES.md").orElseThrow()))
                .isFalse();
    }

    @Test
    void idDefaultsToKindAndPathAndBrokenEntriesAreKept() {
        JsonNode tree =
                Json.MAPPER.valueToTree(
                        java.util.Map.of(
                                "artifacts",
                                java.util.List.of(
                                        java.util.Map.of(
                                                "kind", "tool", "path", ".harnessgym/tools/a.py"),
                                        java.util.Map.of(
                                                "path",
                                                ".harnessgym/tools/b.py",
                                                "note",
                                                "no kind"))));

        Registry registry = RegistryCodec.decode(tree, "registry.json");

        assertThat(registry.artifacts().get(0).id()).isEqualTo("tool:.harnessgym/tools/a.py");
        Artifact broken = registry.artifacts().get(1);
        assertThat(broken.id()).isEqualTo("artifacts[1]");
        assertThat(broken.isWellFormed()).isFalse();
        JsonNode back = RegistryCodec.encode(registry).get("artifacts").get(1);
        assertThat(back.get("path").asText()).isEqualTo(".harnessgym/tools/b.py");
        assertThat(back.get("note").asText()).isEqualTo("no kind");
        assertThat(back.has("kind")).isFalse();
    }

    @Test
    void metadataThatIsNotAnObjectIsWrittenBackUnchanged() {
        JsonNode tree =
                Json.MAPPER.valueToTree(
                        java.util.Map.of(
                                "metadata",
                                "odd",
                                "artifacts",
                                java.util.List.of(
                                        java.util.Map.of(
                                                "kind",
                                                "tool",
                                                "path",
                                                "x",
                                                "metadata",
                                                java.util.List.of(1)))));

        JsonNode back = RegistryCodec.encode(RegistryCodec.decode(tree, "r"));

        assertThat(back.get("metadata").asText()).isEqualTo("odd");
        assertThat(back.get("artifacts").get(0).get("metadata").get(0).asInt()).isEqualTo(1);
    }

    @Test
    void structuralErrorsNameTheFile() {
        assertThatThrownBy(
                        () ->
                                RegistryCodec.decode(
                                        Json.MAPPER.valueToTree(java.util.List.of()),
                                        "registry.json"))
                .isInstanceOf(HarnessGymException.class)
                .hasMessage("registry.json: expected a JSON object, found an array");
        assertThatThrownBy(
                        () ->
                                RegistryCodec.decode(
                                        Json.MAPPER.valueToTree(java.util.Map.of("artifacts", "x")),
                                        "r.json"))
                .hasMessage("r.json: 'artifacts' must be an array, found a string");
        assertThatThrownBy(
                        () ->
                                RegistryCodec.decode(
                                        Json.MAPPER.valueToTree(
                                                java.util.Map.of(
                                                        "artifacts", java.util.List.of(3))),
                                        "r.json"))
                .hasMessage("r.json: artifacts[0] must be an object, found a number");
        assertThatThrownBy(
                        () ->
                                RegistryCodec.decode(
                                        Json.MAPPER.valueToTree(java.util.Map.of("version", "one")),
                                        "r.json"))
                .hasMessage("r.json: 'version' must be an integer, found a string");
    }

    @Test
    void corruptRegistryFileIsReportedWithItsPath() {
        Files2.write(dir.resolve(".harnessgym/registry.json"), "{\"version\": 1, \"artifacts\": [");

        assertThatThrownBy(() -> RegistryStore.load(Workspace.open(dir)))
                .hasMessageStartingWith(".harnessgym/registry.json: not valid JSON");
    }

    @Test
    void missingRegistryIsEmpty() {
        assertThat(RegistryStore.load(Workspace.open(dir)).artifacts()).isEmpty();
    }
}
