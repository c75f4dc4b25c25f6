package io.harnessgym;

import io.harnessgym.cli.CdsTraining;
import io.harnessgym.cli.Cli;
import io.harnessgym.cli.QuickAnswers;
import io.harnessgym.mcp.proxy.ProxyMain;
import io.harnessgym.runner.scripted.ScriptedAgent;
import java.util.Arrays;

/**
 * Entry point of the single jar. The MCP proxy is dispatched here, before picocli is built: one
 * proxy starts per server per agent session, and it needs neither picocli nor YAML.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        io.harnessgym.snapshot.Sha1.useJdkUnlessChosen();
        if (args.length >= 2 && args[0].equals("mcp") && args[1].equals("proxy")) {
            ProxyMain.main(Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        if (args.length >= 1 && args[0].equals(ScriptedAgent.FLAG)) {
            ScriptedAgent.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length == 1 && args[0].equals(CdsTraining.FLAG)) {
            System.exit(CdsTraining.run());
        }
        if (QuickAnswers.answer(args, System.out)) {
            return;
        }
        if (Cli.namesSubcommand(args)) {
            // Jackson's start-up on the second core while the main thread builds the picocli model
            // (measured: ~50 ms sooner for registry commands; for a bare --version it only
            // competes).
            io.harnessgym.workspace.Json.warmUpInBackground("harnessgym-warmup", () -> {});
        }
        System.exit(Cli.run(args, System.out, System.err));
    }
}
