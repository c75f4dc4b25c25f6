package io.harnessgym.process;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a child (an MCP server, a self-test) gets: an allowlist of the parent's variables
 * (paths, locale, runtimes, harnessgym's scope ids) plus what its manifest names. Everything else,
 * notably the agents' API keys and tokens, stays out unless the manifest asks for it by name.
 */
public final class ChildEnvironment {
    private static final Set<String> KEPT =
            Set.of(
                    "PATH",
                    "HOME",
                    "USER",
                    "LOGNAME",
                    "SHELL",
                    "LANG",
                    "LANGUAGE",
                    "TZ",
                    "TERM",
                    "TMPDIR",
                    "TEMP",
                    "TMP",
                    "JAVA_HOME",
                    "PYTHONPATH",
                    "PYTHONHOME",
                    "VIRTUAL_ENV",
                    "PYENV_ROOT",
                    "PYENV_VERSION",
                    "NODE_PATH",
                    "NVM_DIR",
                    "CARGO_HOME",
                    "RUSTUP_HOME",
                    "GOPATH",
                    "GOROOT",
                    "SSL_CERT_FILE",
                    "SSL_CERT_DIR",
                    "PYTHONDONTWRITEBYTECODE",
                    "PYTHONUNBUFFERED");
    private static final String[] KEPT_PREFIXES = {"LC_", "HARNESSGYM_"};

    private ChildEnvironment() {}

    /**
     * The scrubbed copy of {@code parent}, with {@code extra} (the manifest's {@code env}) added on
     * top.
     */
    public static Map<String, String> of(Map<String, String> parent, Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>();
        parent.forEach(
                (name, value) -> {
                    if (isKept(name)) {
                        env.put(name, value);
                    }
                });
        env.putAll(extra);
        return env;
    }

    public static boolean isKept(String name) {
        if (KEPT.contains(name)) {
            return true;
        }
        for (String prefix : KEPT_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
