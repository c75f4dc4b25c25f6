package io.harnessgym.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessgym.testing.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The quick answers to {@code --help} and {@code --version} are the very text picocli prints: the
 * help the build rendered is the help of the command tree as it is now (a command added or a
 * description changed without a rebuild of the resource fails here).
 */
class QuickAnswersTest {
    private static String quick(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertTrue(QuickAnswers.answer(args, out), "answered quickly: " + String.join(" ", args));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theBuiltHelpIsTheCurrentCommandTreesHelp() {
        String built = QuickAnswers.renderedHelp();
        assertNotNull(built, "the build renders " + QuickAnswers.HELP_RESOURCE);
        assertEquals(QuickAnswers.renderHelp(), built);
        assertTrue(built.contains("compare"), built);
    }

    @Test
    void helpAndVersionAreWhatPicocliPrints() {
        CliRun help = CliRun.run("--help");
        assertEquals(0, help.exitCode());
        assertEquals(help.out(), quick("--help"));
        assertEquals(help.out(), quick("-h"));
        CliRun version = CliRun.run("--version");
        assertEquals(version.out(), quick("--version"));
        assertEquals(version.out(), quick("-V"));
        assertTrue(version.out().startsWith("harnessgym "), version.out());
    }

    @Test
    void anythingElseGoesToPicocliAndNothingIsWritten() {
        for (String[] args :
                new String[][] {
                    {}, {"--help", "run"}, {"run", "--help"}, {"--versions"}, {"help"}, {"-hV"}
                }) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            assertFalse(
                    QuickAnswers.answer(args, new PrintStream(bytes, true, StandardCharsets.UTF_8)),
                    String.join(" ", args));
            assertEquals(0, bytes.size());
        }
    }

    @Test
    void anotherUsageWidthIsLeftToPicocli() {
        System.setProperty("picocli.usage.width", "120");
        try {
            assertFalse(QuickAnswers.answer(new String[] {"--help"}, System.out));
        } finally {
            System.clearProperty("picocli.usage.width");
        }
    }

    @Test
    void aClosedOutputIsNotAnAnswer() {
        PrintStream closed =
                new PrintStream(
                        new java.io.OutputStream() {
                            @Override
                            public void write(int b) throws java.io.IOException {
                                throw new java.io.IOException("closed pipe");
                            }
                        },
                        true,
                        StandardCharsets.UTF_8);
        assertFalse(QuickAnswers.answer(new String[] {"--version"}, closed));
    }
}
