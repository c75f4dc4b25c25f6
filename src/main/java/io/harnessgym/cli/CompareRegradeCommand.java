package io.harnessgym.cli;

import io.harnessgym.compare.Compare;
import io.harnessgym.compare.CompareContext;
import io.harnessgym.compare.Regrade;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym compare regrade ID}: the finished trials scored again, no agent run. */
@Command(
        name = "regrade",
        mixinStandardHelpOptions = true,
        description =
                "Score the finished trials of a compare again (after a scorer fix) without running an agent.")
final class CompareRegradeCommand extends ReportingCommand {
    @ParentCommand CompareCommand parent;

    @Parameters(paramLabel = "ID", description = "The compare's id.")
    String id;

    @Option(
            names = "--verify",
            paramLabel = "CMD",
            description = "A new check for every task (default: the plan's).")
    String verify;

    @Override
    public Integer call() throws Exception {
        parent.root.state().ensure();
        CompareContext context =
                CompareCommand.context(
                        parent.root, Ids.safe(id, "ID"), io.harnessgym.runner.RunnerKind.SCRIPTED);
        Compare.Outcome outcome =
                new Regrade(context, line -> err().println(line))
                        .run(new Compare(context, line -> {}).recordedPlan(), verify);
        return CompareOutput.report(this, outcome, false);
    }
}
