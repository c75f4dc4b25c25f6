package io.harnessgym.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.harnessgym.error.ExitCode;
import io.harnessgym.error.HarnessGymException;
import io.harnessgym.text.Terminal;
import io.harnessgym.workspace.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code harnessgym.toml} at the workspace root: a team's committed settings, one table per command
 * ({@code [run]}), each key an option's long name ({@code post_attempt_command} or {@code
 * post-attempt-command}). A flag on the command line wins; an unknown key, a value of the wrong
 * type or a file that is not TOML is a usage error naming the file and key. Options that only make
 * sense for one invocation ({@code run_id}, {@code resume}) are refused in the file.
 */
final class ProjectFile {
    static final String NAME = "harnessgym.toml";
    private static final Set<String> NOT_IN_FILE =
            Set.of("--run-id", "--resume", "--help", "--version");
    private static final long MAX_BYTES = 1 << 20;

    private ProjectFile() {}

    /** Sets every option the file names and the command line did not; returns how many. */
    static int apply(CommandSpec spec, Path workspaceRoot, String table) {
        Path file = workspaceRoot.resolve(NAME);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        JsonNode root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw usage(file + " is larger than 1 MiB");
            }
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw usage(file + " is not valid TOML: " + Terminal.firstLine(e.getMessage()));
        }
        JsonNode section = root.path(table);
        if (section.isMissingNode()) {
            return 0;
        }
        if (!section.isObject()) {
            throw usage(file + ": [" + table + "] must be a table");
        }
        int applied = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = "--" + field.getKey().replace('_', '-');
            OptionSpec option = spec.findOption(name);
            if (option == null || NOT_IN_FILE.contains(option.longestName())) {
                throw usage(
                        file
                                + ": ["
                                + table
                                + "] "
                                + field.getKey()
                                + " is not a setting of '"
                                + spec.name()
                                + "'");
            }
            if (setUnlessGiven(
                    spec, option, field.getValue(), file + ": [" + table + "] " + field.getKey())) {
                applied++;
            }
        }
        return applied;
    }

    /**
     * Sets {@code option} to {@code value} (converted to its type) unless the command line gave it;
     * a value of the wrong type is a usage error naming {@code where}. Whether it was set.
     */
    static boolean setUnlessGiven(CommandSpec spec, OptionSpec option, Object value, String where) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
            return false; // the flag wins
        }
        try {
            option.setValue(Json.MAPPER.convertValue(value, option.type()));
        } catch (IllegalArgumentException e) {
            throw usage(
                    where
                            + ": not a "
                            + option.type().getSimpleName()
                            + " ("
                            + Terminal.firstLine(e.getMessage())
                            + ")");
        }
        return true;
    }

    private static HarnessGymException usage(String message) {
        return new HarnessGymException(ExitCode.USAGE, message);
    }
}
