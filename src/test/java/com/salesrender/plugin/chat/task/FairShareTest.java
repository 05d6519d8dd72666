package com.salesrender.plugin.chat.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void aReferenceWithNoRecentLoadGetsTheHighestPriority() {
        assertEquals(9, new FairShare().priority("b", false, 0));
    }

    @Test
    void aBurstSinksItsReferenceBelowAQuietOne() {
        FairShare share = new FairShare();
        int last = 0;
        for (int i = 0; i < 5000; i++) {
            last = share.priority("a", false, i); // 5,000 tasks in 5 s
        }
        int quiet = share.priority("b", false, 5000);
        assertEquals(2, last, "about 5,000 queued lately: six powers of four");
        assertEquals(9, quiet);
        assertTrue(share.priority("b", false, 5001) > last);
    }

    @Test
    void prioritiesStepDownByPowersOfFour() {
        assertEquals(9, FairShare.priorityAt(0, false));
        assertEquals(9, FairShare.priorityAt(0.9, false));
        assertEquals(8, FairShare.priorityAt(1, false));
        assertEquals(8, FairShare.priorityAt(3.9, false));
        assertEquals(7, FairShare.priorityAt(4.1, false));
        assertEquals(6, FairShare.priorityAt(16.5, false));
        assertEquals(5, FairShare.priorityAt(70, false));
        assertEquals(0, FairShare.priorityAt(1e9, false), "never below JMS's lowest");
    }

    @Test
    void aFollowUpYieldsToFreshWorkOfItsReference() {
        assertEquals(7, FairShare.priorityAt(0, true));
        assertEquals(5, FairShare.priorityAt(5, true));
        assertEquals(0, FairShare.priorityAt(1e9, true));
        // A burst's first trailing statuses (its load still small) against a fresh status once it weighs 200.
        assertTrue(FairShare.priorityAt(16, true) < FairShare.priorityAt(200, false));
    }

    @Test
    void aBurstStopsWeighingOnceItAged() {
        FairShare share = new FairShare();
        for (int i = 0; i < 5000; i++) {
            share.priority("a", false, 0);
        }
        // Halved every 10 s: after 2 minutes 5,000 weigh about 1.2.
        assertEquals(8, share.priority("a", false, 120_000));
        assertEquals(9, share.priority("a", false, 300_000));
    }

    @Test
    void eachKeyHasItsOwnLoad() {
        FairShare share = new FairShare();
        for (int i = 0; i < 100; i++) {
            share.priority("send a", false, 0);
        }
        assertEquals(9, share.priority("crm a", false, 0));
        assertTrue(share.priority("send a", false, 0) < 6);
    }

    @Test
    void referencesWhoseLoadIsGoneAreForgotten() {
        FairShare share = new FairShare();
        for (int i = 0; i < 4000; i++) {
            share.priority("reference " + i, false, 0);
        }
        assertEquals(4000, share.remembered());
        for (int i = 0; i < 200; i++) {
            share.priority("fresh " + i, false, 600_000); // the 4,096th call prunes
        }
        // Pruned at the 96th: the 4,000 whose load decayed to nothing went, the 96 fresh ones stayed.
        assertEquals(200, share.remembered());
        assertEquals(8, share.priority("fresh 199", false, 600_000));
    }
}
