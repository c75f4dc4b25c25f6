package io.harnessgym.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessgym.snapshot.Restored;
import io.harnessgym.workspace.Json;

/**
 * {@code --keep-best-bundle}: when later builds made things worse, the bundle goes back, at the
 * end, to the one the best verified attempt had (its bundle snapshot), and is qualified and
 * activated again. Only harnessgym's verified scores decide.
 */
final class BestBundle {
    private BestBundle() {}

    static ObjectNode keep(Run run) {
        if (!run.config.keepBestBundle()) {
            return null;
        }
        ObjectNode row = Json.object();
        if (run.best == null || run.best.iteration() < 1) {
            row.put("kept", false);
            row.put("reason", "no attempt had a verified best score");
            return row;
        }
        String snapshot = run.bundles.get(run.best.iteration());
        if (snapshot == null) {
            row.put("kept", false);
            row.put("reason", "no bundle snapshot for iteration " + run.best.iteration());
            return row;
        }
        row.put("iteration", run.best.iteration());
        row.put("snapshot", snapshot);
        Restored restored = run.store.restoreBundle(snapshot);
        row.put("kept", true);
        row.put("written", restored.written().size());
        row.put("removed", restored.removed().size());
        if (!restored.written().isEmpty() || !restored.removed().isEmpty()) {
            run.qualifyAndActivate();
        }
        run.ledger.record(
                0,
                "keep-best-bundle",
                "done",
                "bundle of iteration " + run.best.iteration() + " restored",
                row.deepCopy());
        return row;
    }
}
