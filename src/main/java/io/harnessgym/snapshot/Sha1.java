package io.harnessgym.snapshot;

/**
 * Which SHA-1 JGit computes in this JVM: the JDK's (hardware-accelerated where the CPU has SHA
 * instructions: about 1,400 MB/s on the 2-core bench machine), not JGit's Java port with collision
 * detection (about 170 MB/s), unless the JVM was started with {@code
 * -Dorg.eclipse.jgit.util.sha1.implementation=java}. Hashing is most of a snapshot's and a clean
 * room's cost. What detection would add is in {@code docs/trust.md}: a collision needs both
 * contents made by the attacker, so it cannot pass off other content as a user's object, and every
 * read still proves the content hashes to its id.
 */
public final class Sha1 {
    static final String PROPERTY = "org.eclipse.jgit.util.sha1.implementation";

    private Sha1() {}

    /** Chooses the JDK's SHA-1 unless the property is already set; must run before JGit hashes. */
    public static void useJdkUnlessChosen() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "jdkNative");
        }
    }
}
