package com.salesrender.plugin.chat.platform;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A few places for work that goes beside a queue instead of through it: at most {@code all} at once, and at most
 * {@code perKey} for one key (a plugin reference), so that one company's burst takes its share and another company's
 * fresh work still finds a place. Work that finds none goes through the queue, which shares fairly by itself.
 */
public final class Places {

    private final Semaphore free;
    private final int perKey;

    /** Places taken, by key; a key with none has no entry. */
    private final Map<String, Integer> taken = new ConcurrentHashMap<>();

    public Places(int all, int perKey) {
        if (perKey < 1 || perKey > all) {
            throw new IllegalArgumentException("A key's share must be 1 to " + all + " places, not " + perKey);
        }
        this.free = new Semaphore(all);
        this.perKey = perKey;
    }

    /** A place for one piece of work of this key, if one is free and the key has not all its share. */
    public Optional<Place> take(String key) {
        if (!free.tryAcquire()) {
            return Optional.empty();
        }
        AtomicBoolean got = new AtomicBoolean();
        taken.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perKey) {
                return count;
            }
            got.set(true);
            return now + 1;
        });
        if (!got.get()) {
            free.release();
            return Optional.empty();
        }
        return Optional.of(new Place(key));
    }

    /** One place, given back once, however often it is closed. */
    public final class Place implements AutoCloseable {

        private final String key;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Place(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                taken.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
                free.release();
            }
        }
    }
}
