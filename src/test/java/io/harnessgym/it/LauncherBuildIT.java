package io.harnessgym.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.harnessgym.testing.Files2;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's build step, against a checkout whose {@code mvnw} is a stand-in that takes two
 * seconds, notes every build and any overlap, and then puts the real jar in place.
 */
class LauncherBuildIT {
    @TempDir Path home;

    @BeforeEach
    void checkoutWithStaleJar() throws Exception {
        Path launcher = home.resolve("bin/harnessgym");
        Files.createDirectories(launcher.getParent());
        Files.copy(ShadedJarIT.LAUNCHER, launcher);
        Files2.write(home.resolve("pom.xml"), "<project/>\n");
        Files2.write(home.resolve("src/main/java/Example.java"), "class Example {}\n");
        Path mvnw =
                Files2.write(
                        home.resolve("mvnw"),
                        """
                #!/bin/sh
                mkdir -p target
                mkdir target/.inside 2>/dev/null || echo overlap >> overlaps
                echo "$*" >> builds
                sleep 2
                cp "$REAL_JAR" target/harnessgym.jar
                rmdir target/.inside 2>/dev/null
                exit 0
                """);
        for (Path script : List.of(launcher, mvnw)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    Process launch() throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(home.resolve("bin/harnessgym").toString(), "--version");
        builder.environment().put("REAL_JAR", ShadedJarIT.JAR.toString());
        builder.environment().put("HARNESSGYM_CDS", "0");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    @Test
    void launchersStartedTogetherBuildOnceAndAllRunTheJar() throws Exception {
        List<Process> launchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            launchers.add(launch());
        }
        for (Process launcher : launchers) {
            assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue())
                    .as(new String(launcher.getErrorStream().readAllBytes()))
                    .isZero();
            assertThat(new String(launcher.getInputStream().readAllBytes()))
                    .startsWith("harnessgym 0.1.0");
        }
        assertThat(Files.readAllLines(home.resolve("builds")))
                .containsExactly("-q -B -DskipTests package");
        assertThat(home.resolve("overlaps")).doesNotExist();
        assertThat(home.resolve("target/.build-lock")).doesNotExist();
    }

    @Test
    void aLockLeftByAKilledBuildIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files2.write(home.resolve("target/.build-lock/pid"), gone.pid() + "\n");

        Process launcher = launch();

        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue())
                .as(new String(launcher.getErrorStream().readAllBytes()))
                .isZero();
        assertThat(Files.readAllLines(home.resolve("builds"))).hasSize(1);
        assertThat(home.resolve("target/.build-lock")).doesNotExist();
    }
}
