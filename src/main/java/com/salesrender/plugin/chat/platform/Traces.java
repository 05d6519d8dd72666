package com.salesrender.plugin.chat.platform;

import com.salesrender.plugin.chat.api.PluginReference;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The spans of a message's trace, through Payara's MicroProfile Telemetry: on when {@code otel.sdk.disabled} is false,
 * exported as its {@code otel.exporter.*} properties say. A task stores the W3C {@code traceparent} of the span that
 * queued it ({@link #current()}), so the work after the queue, on another thread or instance, joins that trace
 * ({@link #parent(String)}).
 *
 * <p>Off (the default), the plugin's own spans are the API's no-op ones and {@link #current()} is null, so nothing is
 * stored either: asking Payara for a tracer would give them an SDK without exporters that still records every span.
 * (Payara 6.2025.10 gives the application such an SDK anyway after its first servlet request, whatever this switch
 * says, and from then on starts an unexported span for every JAX-RS request: a cost of the platform, docs/bench.)
 */
@ApplicationScoped
public class Traces {

    public static final AttributeKey<String> COMPANY = AttributeKey.stringKey("chat.company.id");
    public static final AttributeKey<String> PLUGIN_ALIAS = AttributeKey.stringKey("chat.plugin.alias");
    public static final AttributeKey<String> PLUGIN_ID = AttributeKey.stringKey("chat.plugin.id");
    public static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("chat.message.id");
    public static final AttributeKey<String> TASK = AttributeKey.stringKey("chat.task.id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("chat.attempt");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("chat.outcome");

    /** The longest {@code traceparent} stored (version 00 is 55 characters; later versions may add fields). */
    public static final int MAX_CONTEXT = 64;

    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /**
     * MicroProfile Telemetry's own switch, read as Payara reads it. Its default is here, not in
     * microprofile-config.properties: Payara fails a deployment that finds an {@code otel.*} name in two configuration
     * sources (that file and a system property).
     */
    @Inject
    @ConfigProperty(name = "otel.sdk.disabled", defaultValue = "true")
    boolean disabled;

    @Inject
    Instance<OpenTelemetry> telemetry;

    private Tracer tracer;

    @PostConstruct
    void init() {
        tracer = disabled
                ? OpenTelemetry.noop().getTracer("chat-plugin")
                : telemetry.get().getTracer("com.salesrender.plugin.chat");
    }

    /** Whether spans are recorded and exported. */
    public boolean on() {
        return !disabled;
    }

    /** A span named {@code name} (few distinct names: no ids in it), child of the current span. */
    public SpanBuilder span(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind);
    }

    /** A span whose parent is the stored context (a root span of a trace of its own when that is null). */
    public SpanBuilder span(String name, SpanKind kind, String storedContext) {
        return span(name, kind).setParent(parent(storedContext));
    }

    /**
     * The time a task waited for a worker, from when it was due to when it was claimed, as a span of the stored context
     * (none when there is no stored context: a wait alone says nothing).
     */
    public void waited(String name, String storedContext, long dueAt, long claimedAt, PluginReference reference) {
        if (storedContext == null || disabled) {
            return;
        }
        SpanBuilder wait = span(name, SpanKind.INTERNAL, storedContext)
                .setStartTimestamp(Math.min(dueAt, claimedAt), TimeUnit.MILLISECONDS);
        about(wait, reference).startSpan().end(claimedAt, TimeUnit.MILLISECONDS);
    }

    /** The W3C {@code traceparent} of the current span, to store with a task; null when there is none (tracing off). */
    public String current() {
        if (disabled) {
            return null;
        }
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        String traceparent = carrier.get(TRACEPARENT);
        return traceparent != null && traceparent.length() <= MAX_CONTEXT ? traceparent : null;
    }

    /**
     * The context a stored {@code traceparent} names, to continue its trace; the root context (a new trace) when it is
     * null or unreadable.
     */
    public Context parent(String storedContext) {
        if (storedContext == null || disabled) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), storedContext, STORED);
    }

    /** The reference's company and plugin as attributes of the span. */
    public static SpanBuilder about(SpanBuilder span, PluginReference reference) {
        return span.setAttribute(COMPANY, reference.companyId())
                .setAttribute(PLUGIN_ALIAS, reference.alias())
                .setAttribute(PLUGIN_ID, reference.id());
    }

    /** Marks the span failed with what was thrown (its status ERROR and an exception event). */
    public static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(
                StatusCode.ERROR, error.getMessage() == null ? error.getClass().getName() : error.getMessage());
    }
}
