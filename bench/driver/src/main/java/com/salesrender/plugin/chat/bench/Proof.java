package com.salesrender.plugin.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the proofs share: their message ids, the chats the ids fall into, and the checks that make the verdict. */
final class Proof {

    private final String name;
    private final List<String> failures = new ArrayList<>();

    /** {@code name}: what the verdict line calls the proof, e.g. "CLUSTER PROOF". */
    Proof(String name) {
        this.name = name;
    }

    void check(boolean holds, String what) {
        if (!holds) {
            failures.add(what);
        }
    }

    /** Prints the verdict, and ends the process with status 1 if a check failed: call it once servers are stopped. */
    void finish() {
        if (failures.isEmpty()) {
            System.out.println(name + " PASSED");
            return;
        }
        failures.forEach(f -> System.out.println("FAILED: " + f));
        System.exit(1);
    }

    /** An instance of its own name under {@code work}, with the options every instance gets and its name. */
    static PayaraInstance instance(
            String name, int port, Path work, PayaraInstance.Settings settings, List<String> options)
            throws IOException {
        Path home = work.resolve(name);
        Files.createDirectories(home);
        List<String> own = new ArrayList<>(options);
        own.add("-Dbench.instance=" + name);
        return new PayaraInstance(name, port, home, settings, own);
    }

    /** Starts both instances side by side and waits until both are ready. */
    static void startBoth(PayaraInstance a, PayaraInstance b) throws IOException, InterruptedException {
        a.start();
        b.start();
        a.awaitReady(Duration.ofMinutes(4));
        b.awaitReady(Duration.ofMinutes(4));
        System.out.printf(
                "Instances ready: a after %d ms, b after %d ms%n", a.readyAfterMillis(), b.readyAfterMillis());
    }

    static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    /** Messages spread over a fixed set of chats, so several messages share each chat. */
    static String contact(String messageId, int chats) {
        return "+1555" + String.format("%07d", Math.abs(messageId.hashCode()) % chats);
    }
}
