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
                    // harnessgym's scope ids and the workspace, not its state directory.
                    "HARNESSGYM_RUN_ID",
                    "HARNESSGYM_ITERATION",
                    "HARNESSGYM_PHASE",
                    "HARNESSGYM_TRIAL",
                    "HARNESSGYM_SESSION_ID",
                    "HARNESSGYM_WORKSPACE",
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
    private static final String[] KEPT_PREFIXES = {"LC_"};

    /** Presets: what each kind of child needs, and no more. */
    public enum Policy {
        /**
         * MCP servers, self-tests, scoring and check commands: paths, locale, language runtimes and
         * harnessgym's scope ids; no credentials unless a manifest names them.
         */
        SERVER(Set.of(), new String[0]),
        /**
         * An agent CLI: what a server gets, plus the model credentials and endpoints, proxies and
         * the CLIs' own home folders.
         */
        AGENT(
                Set.of(
                        "CODEX_HOME",
                        "CLAUDE_CONFIG_DIR",
                        "XDG_CONFIG_HOME",
                        "XDG_CACHE_HOME",
                        "HTTP_PROXY",
                        "HTTPS_PROXY",
                        "NO_PROXY",
                        "http_proxy",
                        "https_proxy",
                        "no_proxy"),
                new String[] {"OPENAI_", "ANTHROPIC_", "CLAUDE_CODE_", "CODEX_"});

        private final Set<String> extraNames;
        private final String[] extraPrefixes;

        Policy(Set<String> extraNames, String[] extraPrefixes) {
            this.extraNames = extraNames;
            this.extraPrefixes = extraPrefixes;
        }

        public boolean keeps(String name) {
            if (isKept(name) || extraNames.contains(name)) {
                return true;
            }
            for (String prefix : extraPrefixes) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }

    private ChildEnvironment() {}

    /** The copy of {@code parent} that {@code policy} allows, with {@code extra} on top. */
    public static Map<String, String> of(
            Policy policy, Map<String, String> parent, Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>();
        parent.forEach(
                (name, value) -> {
                    if (policy.keeps(name)) {
                        env.put(name, value);
                    }
                });
        env.putAll(extra);
        return env;
    }

    /**
     * The scrubbed copy of {@code parent}, with {@code extra} (the manifest's {@code env}) added on
     * top.
     */
    public static Map<String, String> of(Map<String, String> parent, Map<String, String> extra) {
        return of(Policy.SERVER, parent, extra);
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
