package io.harnessgym.cli;

import picocli.CommandLine.Option;

/** The {@code --json} switch of every reporting command. */
final class JsonOption {
    @Option(names = "--json", description = "Print the report as JSON on stdout.")
    boolean json;
}
