package io.harnessgym.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

class VerifiedTest {
    private static ObjectId id(int n) {
        return ObjectId.fromString(String.format("%040x", n));
    }

    private static VerifiedObjects.Content content(int n) {
        return new VerifiedObjects.Content(id(n), "snapshot " + n, new TreeMap<>());
    }

    @Test
    void aSnapshotIsReadOnceWhileItIsAmongTheLastFourRead() {
        Verified verified = new Verified();
        AtomicInteger reads = new AtomicInteger();

        for (int round = 0; round < 3; round++) {
            for (int n = 1; n <= 4; n++) {
                int which = n;
                verified.get(
                        id(n),
                        () -> {
                            reads.incrementAndGet();
                            return content(which);
                        });
            }
        }
        assertThat(reads).hasValue(4);

        verified.get(id(5), () -> content(5)); // the one least recently read goes
        VerifiedObjects.Content again =
                verified.get(
                        id(1),
                        () -> {
                            reads.incrementAndGet();
                            return content(1);
                        });
        assertThat(reads).hasValue(5);
        assertThat(again.message()).isEqualTo("snapshot 1");
    }
}
