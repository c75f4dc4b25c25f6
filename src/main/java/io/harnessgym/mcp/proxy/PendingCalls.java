package io.harnessgym.mcp.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's requests the server has not answered, by id key, and the ids of calls the proxy
 * finished itself (cancel, timeout), whose late answers must not reach the client. Whoever takes a
 * call from here and wins {@link PendingCall#finish()} is the one that answers and logs it.
 */
final class PendingCalls {
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();

    void add(String key, PendingCall call) {
        abandoned.remove(key);
        pending.put(key, call);
    }

    /** The call with this id key, removed, or null (also for a null key). */
    PendingCall take(String key) {
        return key == null ? null : pending.remove(key);
    }

    /** Removes exactly this call; false when another party took it first. */
    boolean take(String key, PendingCall call) {
        return pending.remove(key, call);
    }

    /** The proxy finished this call itself: a late answer to it is dropped. */
    void abandon(String key) {
        abandoned.add(key);
    }

    /** Whether an answer with this id key is the late answer to an abandoned call (once). */
    boolean isLateAnswer(String key) {
        return key != null && abandoned.remove(key);
    }

    /** Every call still pending, removed, that the caller now finishes (won the race for). */
    List<PendingCall> finishAll() {
        List<PendingCall> finished = new ArrayList<>();
        for (String key : List.copyOf(pending.keySet())) {
            PendingCall call = pending.remove(key);
            if (call != null && call.finish()) {
                finished.add(call);
            }
        }
        return finished;
    }
}
