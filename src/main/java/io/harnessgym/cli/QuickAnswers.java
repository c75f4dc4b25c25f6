package io.harnessgym.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code harnessgym --version} and {@code harnessgym --help} answered without building the command
 * model: picocli reads every command's annotations by reflection (about 140 ms of a 190 ms {@code
 * --help}), and agents call both often. The top-level help is rendered by picocli itself at build
 * time ({@link #main}, run by the build) into a resource; the quick path prints that resource, and
 * {@code QuickAnswersTest} checks it is the same text picocli prints. Where picocli would colour
 * the help (a terminal, {@code picocli.ansi}) or set another width ({@code picocli.usage.width}),
 * the quick path steps aside and picocli answers.
 */
public final class QuickAnswers {
    /** The rendered top-level help, next to this class in the jar. */
    static final String HELP_RESOURCE = "root-help.txt";

    private QuickAnswers() {}

    /**
     * Answers {@code args} when they are a lone {@code --version}/{@code -V} or {@code
     * --help}/{@code -h} and the answer needs no model; false (nothing written) otherwise.
     */
    public static boolean answer(String[] args, PrintStream out) {
        if (args.length != 1) {
            return false;
        }
        String text;
        switch (args[0]) {
            case "--version", "-V" -> text = String.join("\n", VersionProvider.lines()) + "\n";
            case "--help", "-h" -> {
                if (System.getProperty("picocli.usage.width") != null
                        || CommandLine.Help.Ansi.AUTO.enabled()) {
                    return false;
                }
                text = renderedHelp();
                if (text == null) {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.flush();
        return !out.checkError();
    }

    /** The help the build rendered, or null when this is not a built jar (classes from an IDE). */
    static String renderedHelp() {
        try (InputStream in = QuickAnswers.class.getResourceAsStream(HELP_RESOURCE)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The top-level help as picocli prints it for {@code --help} with no colour. */
    static String renderHelp() {
        StringWriter text = new StringWriter();
        PrintWriter writer = new PrintWriter(text);
        CommandLine commandLine =
                Cli.newCommandLine(writer, writer, new String[0], Map.of("PATH", "/usr/bin:/bin"));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.usage(writer, CommandLine.Help.Ansi.OFF);
        writer.flush();
        return text.toString();
    }

    /**
     * The build step: writes the rendered help into the class output folder given (so that it is in
     * the jar, and the tests see it).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(QuickAnswers.class.getPackageName().replace('.', '/'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(HELP_RESOURCE), renderHelp(), StandardCharsets.UTF_8);
    }
}
