package io.harnessgym.cli;

import io.harnessgym.mcp.proxy.ProxyMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code harnessgym mcp proxy}: normally dispatched by {@code main} before picocli is built; this
 * entry only catches the forms that reach picocli (e.g. with an option before {@code mcp}).
 */
@Command(
        name = "proxy",
        description = {
            "Run a server behind the telemetry proxy (used in agent MCP configs).",
            "See 'harnessgym mcp proxy --help' and docs/mcp.md."
        })
final class McpProxyCommand implements Callable<Integer> {
    @Unmatched List<String> unmatched = new ArrayList<>();

    @Parameters(hidden = true)
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(rest);
        all.addAll(unmatched);
        ProxyMain.main(all.toArray(String[]::new));
        return 0;
    }
}
