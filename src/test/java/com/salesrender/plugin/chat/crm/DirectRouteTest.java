package com.salesrender.plugin.chat.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Places;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DirectRouteTest {

    private static final String CRM = "https://backend.salesrender.com/";
    private static final long SECOND = 1_000_000_000L;

    private static final PluginReference A = new PluginReference("1", "acme", "7");
    private static final PluginReference B = new PluginReference("2", "bolt", "7");

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final DirectRoute route = new DirectRoute(3, 3, Duration.ofSeconds(1), Duration.ofSeconds(30), now::get);

    @Test
    void atMostTheLimitGoStraightAtOnce() {
        List<Places.Place> passes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            passes.add(route.take(A).orElseThrow());
        }
        assertEquals(Optional.empty(), route.take(A), "the fourth waits in the queue");
        passes.get(0).close();
        passes.get(0).close(); // closing twice gives back one place, not two
        Places.Place again = route.take(A).orElseThrow();
        assertEquals(Optional.empty(), route.take(A));
        again.close();
    }

    @Test
    void oneReferenceTakesItsShareAndAnotherStillFindsAPlace() {
        DirectRoute shared = new DirectRoute(4, 2, Duration.ofSeconds(1), Duration.ofSeconds(30), now::get);
        List<Places.Place> ofA = new ArrayList<>();
        for (Optional<Places.Place> place = shared.take(A); place.isPresent(); place = shared.take(A)) {
            ofA.add(place.get());
        }
        assertEquals(2, ofA.size(), "A's trailing statuses are queued beyond its share");
        try (DirectRoute.Deferred place = shared.deferred(A)) {
            assertFalse(place.take(), "a send of A's finds its share taken too");
        }
        Places.Place ofB = shared.take(B).orElseThrow(() -> new AssertionError("B's fresh status finds a place"));
        ofA.get(0).close();
        assertTrue(shared.take(A).isPresent(), "A's freed place is A's again");
        ofB.close();
    }

    @Test
    void aDeferredPlaceHoldsNothingUntilTakenAndOnePlaceWhenTakenAgain() {
        try (DirectRoute.Deferred place = route.deferred(A)) {
            List<Places.Place> others = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                others.add(route.take(A).orElseThrow()); // nothing held by the deferred place yet: all free
            }
            assertTrue(place.take(), "the last free place");
            assertTrue(place.take(), "taken again (a write run again), the earlier place given back first");
            assertEquals(Optional.empty(), route.take(A), "one place held, not two");
            others.forEach(Places.Place::close);
        }
        List<Places.Place> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(route.take(A).orElseThrow()); // the deferred place given back when closed
        }
        try (DirectRoute.Deferred place = route.deferred(A)) {
            assertFalse(place.take(), "none free");
            all.get(0).close();
            assertTrue(place.take());
        }
        all.forEach(Places.Place::close);
    }

    @Test
    void aFailedOrSlowAnswerPausesThatCrmOnlyForThePause() {
        assertTrue(route.open(CRM));
        assertFalse(route.answered(CRM, true, SECOND / 10), "answered in time: not paused");
        assertTrue(route.open(CRM), "answered in time");

        assertTrue(route.answered(CRM, false, SECOND / 10), "told it paused the route");
        assertFalse(route.open(CRM), "no answer or an error: paused");
        assertTrue(route.open("https://other.example.com/"), "another CRM is not");
        now.addAndGet(29 * SECOND);
        assertFalse(route.open(CRM));
        now.addAndGet(SECOND);
        assertTrue(route.open(CRM), "open again after the pause");

        assertTrue(route.answered(CRM, true, SECOND));
        assertFalse(route.open(CRM), "an answer as slow as the limit pauses it too");
        route.reopen();
        assertTrue(route.open(CRM));
    }
}
