package io.harnessgym.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import org.junit.jupiter.api.Test;

class ChangeManifestTest {
    private static JsonNode tooling(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void aChangesEntryNamesItsArtifactInAnyOfTheSpellingsAgentsUse() throws Exception {
        for (String said :
                new String[] {
                    "mcp:.harnessgym/mcp/probe", "mcp/probe", ".harnessgym/mcp/probe/", "probe"
                }) {
            JsonNode t =
                    tooling(
                            "{\"changes\": [{\"artifact\": \"skills/other\", \"targets\": \"no\"},"
                                    + " {\"artifact\": \""
                                    + said
                                    + "\", \"targets\": \"t\", \"predicts\": \"p\"}]}");
            assertThat(ChangeManifest.claimFor(t, "mcp/probe").path("targets").asText())
                    .as(said)
                    .isEqualTo("t");
        }
        JsonNode t = tooling("{\"changes\": [{\"artifact\": \"mcp/probe2\", \"targets\": \"t\"}]}");
        assertThat(ChangeManifest.claimFor(t, "mcp/probe")).isNull();
    }

    @Test
    void aTopLevelClaimCoversOnlyWhatBuiltNames() throws Exception {
        JsonNode t =
                tooling(
                        "{\"built\": [\"mcp:.harnessgym/mcp/probe\"], \"targets\": \"t\","
                                + " \"predicts\": \"p\"}");
        assertThat(ChangeManifest.claimFor(t, "mcp/probe").path("predicts").asText())
                .isEqualTo("p");
        assertThat(ChangeManifest.claimFor(t, "skills/probe-first")).isNull();

        JsonNode nothingListed = tooling("{\"predicts\": \"p\"}");
        assertThat(ChangeManifest.claimFor(nothingListed, "skills/x")).isNotNull();
        JsonNode noClaim = tooling("{\"built\": [\"mcp/probe\"], \"summary\": \"s\"}");
        assertThat(ChangeManifest.claimFor(noClaim, "mcp/probe")).isNull();
        assertThat(ChangeManifest.claimFor(tooling("{}"), "mcp/probe")).isNull();
    }
}
