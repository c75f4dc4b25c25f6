package io.harnessgym.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessgym.workspace.Json;
import org.junit.jupiter.api.Test;

/**
 * A trial whose agent ran unconfined had its records within the agent's reach: the reports say so
 * beside the verdict, in every form, and say nothing when every agent was confined.
 */
class UnconfinedTrialsTest {
    @Test
    void everyFormOfTheReportSaysHowManyTrialsRanTheAgentUnconfined() throws Exception {
        CompareReport report = SampleReports.report(3);

        String warning = "3 of 12 trials ran the agent unconfined";
        assertThat(report.unconfinedWarning()).startsWith(warning);
        assertThat(ReportFiles.markdown(report)).contains("**" + warning);
        assertThat(ReportFiles.html(report)).contains("id=\"unconfined\"", warning);
        JsonNode json = Json.MAPPER.readTree(Json.pretty(report));
        assertThat(json.path("trials").findValuesAsText("agent_confinement"))
                .containsOnly("none", "bubblewrap")
                .filteredOn("none"::equals)
                .hasSize(3);
        assertThat(json.has("unconfined_warning"))
                .as("derived from the trials, not a field a merge would have to trust")
                .isFalse();
    }

    @Test
    void aReportOfConfinedAgentsSaysNothingOfIt() {
        CompareReport report = SampleReports.report(0);

        assertThat(report.unconfinedWarning()).isNull();
        assertThat(ReportFiles.markdown(report)).doesNotContain("unconfined");
        assertThat(ReportFiles.html(report)).doesNotContain("unconfined");
    }
}
