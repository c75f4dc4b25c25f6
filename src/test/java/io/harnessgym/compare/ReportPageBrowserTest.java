package io.harnessgym.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.process.ProcessResult;
import io.harnessgym.process.ProcessRunner;
import io.harnessgym.process.ProcessSpec;
import io.harnessgym.testing.Files2;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page in headless Chromium (Debian's package; .ci/run installs it): it renders with no
 * console error, shows both arms, and a screenshot proves the plots are drawn in each arm's colour.
 * The console check is shown able to fail on a page with a script error.
 */
class ReportPageBrowserTest {
    @TempDir Path dir;
    static String chromium;

    @BeforeAll
    static void findChromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(folder, name))) {
                    chromium = Path.of(folder, name).toString();
                    return;
                }
            }
        }
    }

    static CompareReport report() {
        return SampleReports.report(0);
    }

    private ProcessResult chromium(List<String> args) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                chromium,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--hide-scrollbars",
                                "--enable-logging=stderr",
                                "--v=0",
                                "--user-data-dir=" + dir.resolve("profile")));
        argv.addAll(args);
        return ProcessRunner.run(
                new ProcessSpec(
                        argv,
                        dir,
                        Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()),
                        new ProcessSpec.Stdin.Empty(),
                        new ProcessSpec.Output.Tail(4 << 20),
                        new ProcessSpec.Output.Tail(1 << 20),
                        Duration.ofSeconds(90),
                        Duration.ofSeconds(5)));
    }

    /** Chromium logs a page's console messages as {@code CONSOLE(line)} lines on stderr. */
    private static List<String> consoleErrors(String stderr) {
        return stderr.lines()
                .filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught"))
                .toList();
    }

    @Test
    void theComparePageRendersBothArmsWithoutConsoleErrorsAndDrawsThePlots() throws Exception {
        Assumptions.assumeTrue(
                chromium != null,
                "chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path page = ReportFiles.write(dir, report()).resolveSibling("compare_report.html");
        String url = page.toUri().toString();

        ProcessResult dom = chromium(List.of("--dump-dom", url));
        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.stdout())
                .contains("data-arm=\"plain\"", "data-arm=\"harnessed\"", "<svg", "Verdict:");
        assertThat(consoleErrors(dom.stderr())).isEmpty();

        Path shot = dir.resolve("shot.png");
        ProcessResult screenshot =
                chromium(List.of("--screenshot=" + shot, "--window-size=1000,2600", url));
        assertThat(screenshot.exitCode()).as(screenshot.stderr()).isZero();
        assertThat(consoleErrors(screenshot.stderr())).isEmpty();
        BufferedImage image = ImageIO.read(shot.toFile());
        assertThat(pixels(image, 0x1f77b4)).as("plain's colour drawn").isGreaterThan(400);
        assertThat(pixels(image, 0xd62728)).as("harnessed's colour drawn").isGreaterThan(400);

        // The console check can fail: a page with a script error is caught.
        Path broken =
                Files2.write(
                        dir.resolve("broken.html"),
                        "<!DOCTYPE html><html><body><script>undefinedThing();</script></body></html>");
        ProcessResult bad = chromium(List.of("--dump-dom", broken.toUri().toString()));
        assertThat(consoleErrors(bad.stderr())).isNotEmpty();
    }

    @Test
    void theRunPageRendersItsIterations() throws Exception {
        Assumptions.assumeTrue(
                chromium != null,
                "chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path run = dir.resolve("run");
        Files2.write(
                run.resolve("summary.json"),
                """
                {"run_id": "r1", "status": "stopped", "stop_reason": "solved", "solved": true, "best_score": 3.0,
                 "iterations": [{"iteration": 1, "status": "tooling_built", "verified": false, "score": 9.0, "attempt_mcp_calls": 0, "penalties": []},
                                {"iteration": 2, "status": "solved", "verified": true, "score": 3.0, "attempt_mcp_calls": 2, "penalties": ["missing_result"]}]}
                """);
        Files2.write(
                run.resolve("iterations/1/result.json"),
                "{\"qualification\": {\"passed\": [\"mcp:fixer\"], \"failed\": [], \"quarantined\": []}}");
        Path page = RunPage.write(run);
        ProcessResult dom = chromium(List.of("--dump-dom", page.toUri().toString()));
        assertThat(dom.stdout()).contains("Run r1", "mcp:fixer", "missing_result", "<svg");
        assertThat(consoleErrors(dom.stderr())).isEmpty();
    }

    private static int pixels(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y) & 0xffffff;
                int dr = ((p >> 16) & 255) - ((rgb >> 16) & 255);
                int dg = ((p >> 8) & 255) - ((rgb >> 8) & 255);
                int db = (p & 255) - (rgb & 255);
                if (dr * dr + dg * dg + db * db < 900) {
                    count++;
                }
            }
        }
        return count;
    }
}
