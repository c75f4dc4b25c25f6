package io.harnessgym.snapshot;

import java.io.File;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * The snapshot store reads no git configuration but its own: not the system's or the user's (JGit's
 * own file, where it keeps what it measured of each file system's timestamps, it still reads:
 * measuring again costs seconds). What a workspace's owner (or an agent that can write {@code
 * ~/.gitconfig}) configured for their own repositories has no say over how harnessgym stores the
 * evidence. It also spares every command that opens the store two processes: JGit finds the system
 * configuration by running {@code git --version} and {@code git config --system --show-origin
 * --list} (measured: about 30 ms of each qualification).
 */
final class PrivateGitConfig {
    private static volatile boolean installed;

    private PrivateGitConfig() {}

    /** Installs the reader for this JVM (once; JGit's reader is process-wide). */
    static void install() {
        if (installed) {
            return;
        }
        synchronized (PrivateGitConfig.class) {
            if (!installed) {
                SystemReader.setInstance(new Reader(SystemReader.getInstance()));
                installed = true;
            }
        }
    }

    /** JGit's own reader, except that the system and user configurations are empty. */
    private static final class Reader extends SystemReader.Delegate {
        Reader(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return new Empty(parent, fs);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return new Empty(parent, fs);
        }
    }

    /** A configuration with no file: nothing to load, never outdated, never saved. */
    static final class Empty extends FileBasedConfig {
        Empty(Config parent, FS fs) {
            super(parent, (File) null, fs);
        }

        @Override
        public void load() {
            // no file
        }

        @Override
        public boolean isOutdated() {
            return false;
        }

        @Override
        public void save() {
            throw new UnsupportedOperationException(
                    "the system and user git configurations are not used");
        }
    }
}
