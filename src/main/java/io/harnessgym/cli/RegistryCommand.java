package io.harnessgym.cli;

import io.harnessgym.registry.RegistryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code harnessgym registry}: inspect and manage the artifact bundle. */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Inspect and manage the artifact bundle under .harnessgym/.",
        subcommands = {
            RegistryListCommand.class,
            RegistryShowCommand.class,
            RegistrySyncCommand.class,
            RegistryQuarantineCommand.class,
            RegistryUnquarantineCommand.class
        })
final class RegistryCommand implements Runnable {
    @ParentCommand HarnessGymCommand root;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    RegistryService service() {
        return new RegistryService(root.workspace(), root.state());
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
