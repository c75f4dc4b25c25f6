package io.harnessgym.mcp.proxy;

import io.harnessgym.mcp.framing.MessageReader;
import io.harnessgym.text.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code harnessgym mcp proxy}, parsed without picocli (the proxy starts lean).
 */
record ProxyArguments(
        Path workspace,
        Path stateDir,
        String expectDigest,
        String server,
        String manifest,
        String cwd,
        List<String> command,
        String framing,
        Duration responseTimeout,
        Duration startupTimeout,
        int maxMessageBytes,
        Path logSocket,
        boolean help) {

    ProxyArguments {
        command = List.copyOf(command);
    }

    /**
     * Parses the proxy's command line; {@code --workspace} may come from {@code
     * HARNESSGYM_WORKSPACE}. A bad argument is an {@link IllegalArgumentException} with its reason.
     */
    static ProxyArguments parse(String[] args, Map<String, String> env) {
        String workspace = env.get("HARNESSGYM_WORKSPACE");
        String stateDir = null;
        String expectDigest = null;
        String server = null;
        String manifest = null;
        String cwd = null;
        String framing = null;
        Duration response = null;
        Duration startup = null;
        int maxBytes = MessageReader.DEFAULT_MAX_BYTES;
        boolean help = false;
        String logSocket = null;
        List<String> command = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--" -> {
                    command.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                case "--workspace" -> workspace = value(args, ++i, arg);
                case "--state-dir" -> stateDir = value(args, ++i, arg);
                case "--expect-digest" -> expectDigest = value(args, ++i, arg);
                case "--server", "--server-name" -> server = value(args, ++i, arg);
                case "--manifest" -> manifest = value(args, ++i, arg);
                case "--cwd" -> cwd = value(args, ++i, arg);
                case "--framing" -> framing = value(args, ++i, arg);
                case "--response-timeout" -> response = seconds(value(args, ++i, arg), arg);
                case "--startup-timeout" -> startup = seconds(value(args, ++i, arg), arg);
                case "--max-message-bytes" -> maxBytes = positiveInt(value(args, ++i, arg), arg);
                case "--log-socket" -> logSocket = value(args, ++i, arg);
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (workspace == null && !help) {
            throw new IllegalArgumentException(
                    "--workspace is required (or set HARNESSGYM_WORKSPACE)");
        }
        return new ProxyArguments(
                workspace == null ? null : Path.of(workspace),
                stateDir == null ? null : Path.of(stateDir),
                expectDigest,
                server,
                manifest,
                cwd,
                command,
                framing,
                response,
                startup,
                maxBytes,
                logSocket == null ? null : Path.of(logSocket),
                help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /**
     * Seconds as a number (fractions allowed, as the Python proxy's float) or a duration like 2m.
     */
    private static Duration seconds(String text, String option) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0) {
                return Duration.ofMillis(Math.max(1, (long) (value * 1000)));
            }
        } catch (NumberFormatException e) {
            try {
                return Duration.ofSeconds(Durations.parseSeconds(text));
            } catch (IllegalArgumentException ignored) {
                // Reported below.
            }
        }
        throw new IllegalArgumentException(
                option + " must be a positive number of seconds, got '" + text + "'");
    }

    private static int positiveInt(String text, String option) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // Reported below.
        }
        throw new IllegalArgumentException(
                option + " must be a positive whole number, got '" + text + "'");
    }
}
