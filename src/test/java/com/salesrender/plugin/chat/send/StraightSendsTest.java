package com.salesrender.plugin.chat.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Places;
import com.salesrender.plugin.chat.task.Attempts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The places of {@link StraightSends}: a burst of one reference takes its share, never every place. */
class StraightSendsTest {

    private static final PluginReference A = new PluginReference("1", "acme", "7");
    private static final PluginReference B = new PluginReference("2", "bolt", "7");
    private static final PluginReference C = new PluginReference("3", "cask", "7");

    private final Attempts attempts = new Attempts();
    private final StraightSends straight = new StraightSends();

    StraightSendsTest() {
        straight.attempts = attempts;
    }

    @Test
    void oneReferenceTakesItsShareAndAnotherStillFindsAPlace() {
        List<Places.Place> ofA = takeAll(A);
        assertEquals(StraightSends.PER_REFERENCE, ofA.size(), "A's burst queues the rest");
        List<Places.Place> ofB = takeAll(B);
        assertEquals(StraightSends.IN_FLIGHT - StraightSends.PER_REFERENCE, ofB.size(), "B still goes straight");
        assertEquals(Optional.empty(), straight.take(C), "every place taken");

        ofA.get(0).close();
        ofA.get(0).close(); // closed twice, given back once
        Places.Place ofC = straight.take(C).orElseThrow();
        assertEquals(Optional.empty(), straight.take(C));
        assertEquals(Optional.empty(), straight.take(A), "A's freed place went to C");

        ofC.close();
        ofA.forEach(Places.Place::close);
        ofB.forEach(Places.Place::close);
        assertEquals(StraightSends.PER_REFERENCE, takeAll(A).size(), "every place given back");
    }

    @Test
    void noPlaceOnceAStopHasBegun() {
        attempts.stop(Duration.ZERO);
        assertTrue(straight.take(A).isEmpty());
    }

    private List<Places.Place> takeAll(PluginReference reference) {
        List<Places.Place> passes = new ArrayList<>();
        for (Optional<Places.Place> pass = straight.take(reference);
                pass.isPresent();
                pass = straight.take(reference)) {
            passes.add(pass.get());
        }
        return passes;
    }
}
