package com.salesrender.plugin.chat.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DirectRouteTest {

    private static final String CRM = "https://backend.salesrender.com/";
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final DirectRoute route = new DirectRoute(3, Duration.ofSeconds(1), Duration.ofSeconds(30), now::get);

    @Test
    void atMostTheLimitGoStraightAtOnce() {
        List<DirectRoute.Pass> passes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            passes.add(route.take().orElseThrow());
        }
        assertEquals(Optional.empty(), route.take(), "the fourth waits in the queue");
        passes.get(0).close();
        passes.get(0).close(); // closing twice gives back one place, not two
        DirectRoute.Pass again = route.take().orElseThrow();
        assertEquals(Optional.empty(), route.take());
        again.close();
    }

    @Test
    void aDeferredPlaceHoldsNothingUntilTakenAndOnePlaceWhenTakenAgain() {
        try (DirectRoute.Deferred place = route.deferred()) {
            List<DirectRoute.Pass> others = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                others.add(route.take().orElseThrow()); // nothing held by the deferred place yet: all free
            }
            assertTrue(place.take(), "the last free place");
            assertTrue(place.take(), "taken again (a write run again), the earlier place given back first");
            assertEquals(Optional.empty(), route.take(), "one place held, not two");
            others.forEach(DirectRoute.Pass::close);
        }
        List<DirectRoute.Pass> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(route.take().orElseThrow()); // the deferred place given back when closed
        }
        try (DirectRoute.Deferred place = route.deferred()) {
            assertFalse(place.take(), "none free");
            all.get(0).close();
            assertTrue(place.take());
        }
        all.forEach(DirectRoute.Pass::close);
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
