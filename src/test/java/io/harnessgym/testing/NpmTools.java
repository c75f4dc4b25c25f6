package io.harnessgym.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm packages of the end-to-end tests (listed in src/test/resources/npm-tools.txt), installed
 * under {@code .npm-tools/} ({@code HARNESSGYM_NPM_PREFIX} overrides). {@code .ci/run} installs
 * them; a developer's first run installs them here; without npm or its registry the test is skipped
 * with a message saying so.
 */
public final class NpmTools {
    private static final Path LIST = Path.of("src/test/resources/npm-tools.txt").toAbsolutePath();
    private static boolean attempted;

    private NpmTools() {}

    public static Path prefix() {
        String override = System.getenv("HARNESSGYM_NPM_PREFIX");
        return (override == null || override.isBlank() ? Path.of(".npm-tools") : Path.of(override))
                .toAbsolutePath();
    }

    /**
     * A file inside an installed package, installing the list once if it is missing; skips the test
     * when it cannot.
     */
    public static synchronized Path require(String relativePath) {
        Path file = prefix().resolve("node_modules").resolve(relativePath);
        if (Files.exists(file)) {
            return file;
        }
        if (!attempted) {
            attempted = true;
            install();
        }
        Assumptions.assumeTrue(
                Files.exists(file),
                "npm package file "
                        + file
                        + " is not installed and npm could not "
                        + "install it (is the npm registry reachable?); run: npm install --prefix .npm-tools $(grep -v '^#' "
                        + "src/test/resources/npm-tools.txt)");
        return file;
    }

    private static void install() {
        try {
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    "npm",
                                    "install",
                                    "--prefix",
                                    prefix().toString(),
                                    "--no-audit",
                                    "--no-fund",
                                    "--loglevel=error"));
            for (String line : Files.readAllLines(LIST, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    command.add(line.strip());
                }
            }
            Process npm =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (!npm.waitFor(300, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
            }
        } catch (IOException e) {
            // npm is not installed: require() skips with its message.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
