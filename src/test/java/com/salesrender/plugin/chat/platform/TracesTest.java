package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

/** The trace context a task stores, and the parent it gives back: W3C {@code traceparent}, nothing with tracing off. */
class TracesTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void theCurrentSpanIsStoredAsItsTraceparentAndReadBackAsARemoteParent() {
        Traces traces = traces(false);
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        String stored;
        try (Scope scope = span.makeCurrent()) {
            stored = traces.current();
        }
        assertEquals("00-" + TRACE + "-" + SPAN + "-01", stored);

        SpanContext parent = Span.fromContext(traces.parent(stored)).getSpanContext();
        assertEquals(TRACE, parent.getTraceId());
        assertEquals(SPAN, parent.getSpanId());
        assertTrue(parent.isSampled());
        assertTrue(parent.isRemote(), "it came from another thread, or another instance");
    }

    @Test
    void aTraceNotSampledStaysNotSampled() {
        Traces traces = traces(false);
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault()));
        try (Scope scope = span.makeCurrent()) {
            assertEquals("00-" + TRACE + "-" + SPAN + "-00", traces.current());
        }
        assertFalse(Span.fromContext(traces.parent("00-" + TRACE + "-" + SPAN + "-00"))
                .getSpanContext()
                .isSampled());
    }

    @Test
    void withoutACurrentSpanNothingIsStored() {
        assertNull(traces(false).current());
    }

    @Test
    void noStoredContextOrAnUnreadableOneBeginsANewTrace() {
        Traces traces = traces(false);
        for (String stored : new String[] {
            null, "", "garbage", "00-" + TRACE + "-" + SPAN, "00-00000000000000000000000000000000-" + SPAN + "-01"
        }) {
            Context parent = traces.parent(stored);
            assertFalse(Span.fromContext(parent).getSpanContext().isValid(), () -> "a new trace for " + stored);
        }
    }

    @Test
    void withTracingOffNothingIsStoredAndNothingIsContinued() {
        Traces traces = traces(true);
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        try (Scope scope = span.makeCurrent()) {
            assertNull(traces.current());
        }
        assertFalse(Span.fromContext(traces.parent("00-" + TRACE + "-" + SPAN + "-01"))
                .getSpanContext()
                .isValid());
        assertFalse(traces.on());
    }

    /** Traces without the server: its tracer the API's no-op one (spans are not what these tests look at). */
    private static Traces traces(boolean disabled) {
        Traces traces = new Traces();
        traces.disabled = true;
        traces.init();
        traces.disabled = disabled;
        return traces;
    }
}
