package com.salesrender.plugin.chat.access;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last fetch of each key address gave (the key, or nothing), for a while: an unknown or failing key id is not
 * fetched again until {@code ttl} passed, so a stream of tokens naming it cannot turn into a stream of fetches. Holds
 * at most {@code capacity} addresses; past that, new outcomes are not remembered.
 */
final class RecentFetches<K, V> {

    private final long ttlMillis;
    private final int capacity;
    private final Map<K, Outcome<V>> outcomes = new ConcurrentHashMap<>();

    /** A fetch's result: the value, or null when the fetch failed. */
    record Outcome<V>(V value, long until) {}

    RecentFetches(Duration ttl, int capacity) {
        this.ttlMillis = Math.max(0, ttl.toMillis());
        this.capacity = capacity;
    }

    /** The outcome of a fetch of {@code key} less than ttl ago, if any. */
    Optional<Outcome<V>> recent(K key, long nowMillis) {
        Outcome<V> outcome = outcomes.get(key);
        if (outcome == null) {
            return Optional.empty();
        }
        if (nowMillis >= outcome.until()) {
            outcomes.remove(key, outcome);
            return Optional.empty();
        }
        return Optional.of(outcome);
    }

    /** Remembers a fetch's result ({@code value} null: it failed). */
    void remember(K key, V value, long nowMillis) {
        if (ttlMillis == 0) {
            return;
        }
        if (outcomes.size() >= capacity) {
            outcomes.values().removeIf(o -> nowMillis >= o.until());
            if (outcomes.size() >= capacity) {
                return;
            }
        }
        outcomes.put(key, new Outcome<>(value, nowMillis + ttlMillis));
    }
}
