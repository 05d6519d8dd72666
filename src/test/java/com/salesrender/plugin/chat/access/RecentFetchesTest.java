package com.salesrender.plugin.chat.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentFetchesTest {

    @Test
    void aFailureIsRememberedUntilItsTimeIsUp() {
        RecentFetches<String, String> recent = new RecentFetches<>(Duration.ofSeconds(60), 10);
        recent.remember("k", null, 1_000);
        assertTrue(recent.recent("k", 1_000).isPresent());
        assertNull(recent.recent("k", 60_999).orElseThrow().value());
        assertTrue(recent.recent("k", 61_000).isEmpty(), "fetched again after 60 s");
    }

    @Test
    void aKeyIsRememberedToo() {
        RecentFetches<String, String> recent = new RecentFetches<>(Duration.ofSeconds(60), 10);
        recent.remember("k", "key", 0);
        assertEquals("key", recent.recent("k", 59_000).orElseThrow().value());
        assertTrue(recent.recent("other", 0).isEmpty());
    }

    @Test
    void nothingIsRememberedWithoutATime() {
        RecentFetches<String, String> recent = new RecentFetches<>(Duration.ZERO, 10);
        recent.remember("k", null, 0);
        assertTrue(recent.recent("k", 0).isEmpty());
    }

    @Test
    void atCapacityOnlyExpiredOutcomesMakeRoom() {
        RecentFetches<String, String> recent = new RecentFetches<>(Duration.ofSeconds(60), 2);
        recent.remember("a", null, 0);
        recent.remember("b", null, 30_000);
        recent.remember("c", null, 30_000);
        assertTrue(recent.recent("c", 30_000).isEmpty(), "full: not remembered");
        recent.remember("c", null, 60_000);
        assertTrue(recent.recent("c", 60_000).isPresent(), "a's time was up: room for c");
        assertTrue(recent.recent("b", 60_000).isPresent());
    }
}
