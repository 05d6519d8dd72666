package com.salesrender.plugin.chat.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.ReferenceWorker;
import com.salesrender.plugin.chat.api.WorkLease;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names of a plugin's background workers, checked at start: a bad one stops the start. */
class WorkerNamesTest {

    @Test
    void goodNamesPass() {
        assertNull(WorkerNames.problemWith("imap-poller"));
        assertNull(WorkerNames.problemWith("x"));
        assertNull(WorkerNames.problemWith("n".repeat(ReferenceWorker.MAX_NAME)));
        assertNull(WorkerNames.problemWith("почта ✉"));
        assertEquals(Optional.empty(), WorkerNames.problem(List.of(new Named("a"), new Named("b"))));
        assertEquals(Optional.empty(), WorkerNames.problem(List.of()));
    }

    @Test
    void badNamesAreRefused() {
        assertNotNull(WorkerNames.problemWith(null));
        assertNotNull(WorkerNames.problemWith(""));
        assertNotNull(WorkerNames.problemWith("   "));
        assertEquals(
                "it has 65 characters, more than 64",
                WorkerNames.problemWith("n".repeat(ReferenceWorker.MAX_NAME + 1)));
        assertEquals("it holds a control character", WorkerNames.problemWith("imap\npoller"));
        assertNotNull(WorkerNames.problemWith("nul\u0000"));
    }

    @Test
    void aBadNameNamesItsWorker() {
        String problem = WorkerNames.problem(List.of(new Named("ok"), new Named("bad\t")))
                .orElseThrow();
        assertTrue(problem.contains(Named.class.getName()), problem);
        assertTrue(problem.contains("control character"), problem);
    }

    @Test
    void twoWorkersOfOneNameAreRefusedNamingBoth() {
        ReferenceWorker other = new ReferenceWorker() {
            @Override
            public String name() {
                return "poller";
            }

            @Override
            public void run(PluginReference reference, WorkLease lease) {}
        };
        String problem =
                WorkerNames.problem(List.of(new Named("poller"), other)).orElseThrow();
        assertTrue(problem.startsWith("two background workers are named poller: "), problem);
        assertTrue(problem.contains(Named.class.getName()), problem);
        assertTrue(problem.contains(other.getClass().getName()), problem);
    }

    private record Named(String name) implements ReferenceWorker {
        @Override
        public void run(PluginReference reference, WorkLease lease) {}
    }
}
