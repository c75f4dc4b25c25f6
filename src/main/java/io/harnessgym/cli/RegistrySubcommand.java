package io.harnessgym.cli;

import io.harnessgym.registry.RegistryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * What every {@code registry} subcommand has besides reporting: its parent and the registry
 * service.
 */
@Command
abstract class RegistrySubcommand extends ReportingCommand {
    @ParentCommand RegistryCommand parent;

    RegistryService service() {
        return parent.service();
    }
}
