package io.harnessgym;

import io.harnessgym.cli.CdsTraining;
import io.harnessgym.cli.Cli;

/** Entry point of the single jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(CdsTraining.FLAG)) {
            System.exit(CdsTraining.run());
        }
        System.exit(Cli.run(args, System.out, System.err));
    }
}
