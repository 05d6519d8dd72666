package com.salesrender.plugin.chat.work;

import com.salesrender.plugin.chat.api.ReferenceWorker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules for the names of a plugin's {@link ReferenceWorker}s, which name their leases in the database: 1 to
 * {@value ReferenceWorker#MAX_NAME} characters, not blank, no control characters, one worker per name.
 */
final class WorkerNames {

    private WorkerNames() {}

    /** What is wrong with these workers' names, naming the classes at fault; empty when nothing is. */
    static Optional<String> problem(List<? extends ReferenceWorker> workers) {
        Map<String, ReferenceWorker> byName = new HashMap<>();
        for (ReferenceWorker worker : workers) {
            String name = worker.name();
            String wrong = problemWith(name);
            if (wrong != null) {
                return Optional.of("the background worker " + className(worker) + " has a bad name: " + wrong);
            }
            ReferenceWorker other = byName.putIfAbsent(name, worker);
            if (other != null) {
                return Optional.of("two background workers are named " + name + ": " + className(other) + " and "
                        + className(worker));
            }
        }
        return Optional.empty();
    }

    /** What is wrong with one name, or null. */
    static String problemWith(String name) {
        if (name == null || name.isBlank()) {
            return "it is empty";
        }
        if (name.length() > ReferenceWorker.MAX_NAME) {
            return "it has " + name.length() + " characters, more than " + ReferenceWorker.MAX_NAME;
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "it holds a control character";
        }
        return null;
    }

    /** The bean's class, without the CDI proxy's suffix. */
    private static String className(ReferenceWorker worker) {
        String name = worker.getClass().getName();
        int proxy = name.indexOf("$Proxy$");
        return proxy > 0 ? name.substring(0, proxy) : name;
    }
}
