package io.harnessgym.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order trials run in: blocks of one task and one trial index, holding one trial of each arm in
 * a seeded random order, the blocks themselves shuffled with the same seed. Arms therefore
 * interleave (never all of one arm, then all of the other, which would confound the arm with drift
 * in the model, the quota or the machine), each pair runs close in time, and the same seed gives
 * the same order on every machine (so shards agree on the plan).
 */
public final class TrialOrder {
    private TrialOrder() {}

    public static List<TrialKey> of(List<String> tasks, List<Arm> arms, int trials, long seed) {
        if (tasks.isEmpty() || arms.isEmpty() || trials < 1) {
            throw new IllegalArgumentException("a plan needs a task, an arm and one trial or more");
        }
        Random random = new Random(seed);
        List<List<TrialKey>> blocks = new ArrayList<>();
        for (int index = 1; index <= trials; index++) {
            for (String task : tasks) {
                List<TrialKey> block = new ArrayList<>();
                for (Arm arm : arms) {
                    block.add(new TrialKey(task, arm, index));
                }
                Collections.shuffle(block, random);
                blocks.add(block);
            }
        }
        // Shuffle within each run of blocks of the same index: pairs stay close in time, indices
        // keep their rough order (an interrupted compare has whole early pairs).
        List<TrialKey> order = new ArrayList<>();
        for (int start = 0; start < blocks.size(); start += tasks.size()) {
            List<List<TrialKey>> round =
                    new ArrayList<>(blocks.subList(start, start + tasks.size()));
            Collections.shuffle(round, random);
            round.forEach(order::addAll);
        }
        return List.copyOf(order);
    }
}
