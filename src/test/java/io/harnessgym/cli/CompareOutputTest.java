package io.harnessgym.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.compare.SampleReports;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompareOutputTest {
    @Test
    void theTextSaysBesideTheVerdictHowManyTrialsRanTheAgentUnconfined() {
        String text =
                CompareOutput.text(SampleReports.report(2), Path.of("/r/compare_report.json"));

        assertThat(text.lines()).first().asString().startsWith("compare page: ");
        assertThat(text.lines().filter(line -> line.startsWith("warning: ")))
                .singleElement()
                .asString()
                .startsWith("warning: 2 of 12 trials ran the agent unconfined");
        assertThat(text).endsWith("\nreport: /r/compare_report.json");
    }

    @Test
    void withEveryAgentConfinedThereIsNoWarning() {
        String text =
                CompareOutput.text(SampleReports.report(0), Path.of("/r/compare_report.json"));

        assertThat(text).doesNotContain("warning").doesNotContain("unconfined");
    }
}
