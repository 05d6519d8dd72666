package com.salesrender.plugin.chat.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector, played by the test JVM: a real HTTP server taking OTLP over HTTP with protobuf bodies
 * ({@code otel.exporter.otlp.protocol=http/protobuf}), as a plugin with tracing on exports its spans. It keeps every
 * span of every {@code POST /v1/traces}, decoded; other OTLP paths ({@code /v1/metrics}, {@code /v1/logs}) are answered
 * 200 and only counted.
 *
 * <pre>
 * try (FakeCollector collector = new FakeCollector()) {
 *     PluginServer server = PluginServer.builder(folder)
 *             .property("otel.sdk.disabled", "false")
 *             .property("otel.exporter.otlp.protocol", "http/protobuf")
 *             .property("otel.exporter.otlp.endpoint", collector.endpoint())
 *             .start();
 *     ...
 *     List&lt;FakeCollector.ExportedSpan&gt; trace = collector.trace(traceId);
 * }
 * </pre>
 */
public final class FakeCollector implements AutoCloseable {

    private final HttpServer server;
    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private volatile boolean keepSpans = true;

    public FakeCollector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-collector");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::receive);
        server.start();
    }

    /** The base address to export to ({@code otel.exporter.otlp.endpoint}): {@code http://localhost:<port>}. */
    public String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Every span received so far, in arrival order. */
    public List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    /** How many spans were received so far (kept or not). */
    public long received() {
        return received.get();
    }

    /**
     * Whether {@link #spans()} keeps the spans from now on (the default); a benchmark that only counts them turns it
     * off, so memory does not grow with every span.
     */
    public void keepSpans(boolean keep) {
        keepSpans = keep;
    }

    /** The method and path of every request received so far ({@code POST /v1/traces}), in arrival order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The spans of one trace, by start time. */
    public List<ExportedSpan> trace(String traceId) {
        return spans.stream()
                .filter(span -> span.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(ExportedSpan::startNanos))
                .toList();
    }

    /**
     * Waits up to {@code timeout} for a span that matches, and answers the first one (those received already included);
     * empty when none came in time.
     */
    public Optional<ExportedSpan> awaitSpan(Predicate<ExportedSpan> matching, Duration timeout) {
        PluginClient.eventually(timeout, () -> spans.stream().anyMatch(matching));
        return spans.stream().filter(matching).findFirst();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (keepSpans) {
                requests.add(exchange.getRequestMethod() + " " + path);
            }
            byte[] body;
            try (InputStream in =
                    "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                            ? new GZIPInputStream(exchange.getRequestBody())
                            : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] answer = new byte[0];
            if (path.equals("/v1/traces")) {
                try {
                    ExportTraceServiceRequest.parseFrom(body)
                            .getResourceSpansList()
                            .forEach(this::keep);
                } catch (InvalidProtocolBufferException e) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private void keep(ResourceSpans resource) {
        resource.getScopeSpansList().forEach(scope -> received.addAndGet(scope.getSpansCount()));
        if (!keepSpans) {
            return;
        }
        Map<String, String> resourceAttributes =
                attributes(resource.getResource().getAttributesList());
        String service = resourceAttributes.get("service.name");
        for (ScopeSpans scope : resource.getScopeSpansList()) {
            for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                spans.add(new ExportedSpan(
                        hex(span.getTraceId()),
                        hex(span.getSpanId()),
                        hex(span.getParentSpanId()),
                        span.getName(),
                        span.getKind().name().replace("SPAN_KIND_", ""),
                        span.getStartTimeUnixNano(),
                        span.getEndTimeUnixNano(),
                        attributes(span.getAttributesList()),
                        span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                        span.getStatus().getMessage(),
                        span.getEventsList().stream()
                                .map(io.opentelemetry.proto.trace.v1.Span.Event::getName)
                                .toList(),
                        service,
                        scope.getScope().getName()));
            }
        }
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        values.forEach(value -> attributes.put(value.getKey(), text(value.getValue())));
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case ARRAY_VALUE ->
                value.getArrayValue().getValuesList().stream()
                        .map(FakeCollector::text)
                        .collect(Collectors.joining(",", "[", "]"));
            default -> value.toString().strip();
        };
    }

    /** Ids in lower-case hex, as a {@code traceparent} writes them; empty for an empty id (no parent). */
    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * One span as exported: ids in hex ({@code parentSpanId} empty for a root), its kind ({@code SERVER},
     * {@code CLIENT}, {@code INTERNAL}...), times in nanoseconds since the epoch, attributes as text, its status
     * ({@code UNSET}, {@code OK}, {@code ERROR}) and message, its events' names ({@code exception}), the exporting
     * service ({@code service.name}) and the instrumentation scope that made it.
     */
    public record ExportedSpan(
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            String kind,
            long startNanos,
            long endNanos,
            Map<String, String> attributes,
            String status,
            String statusMessage,
            List<String> events,
            String service,
            String scope) {

        public boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        public String attribute(String key) {
            return attributes.get(key);
        }

        /** Whether {@code parent} is this span's parent. */
        public boolean childOf(ExportedSpan parent) {
            return traceId.equals(parent.traceId()) && parentSpanId.equals(parent.spanId());
        }

        /** Its {@code traceparent}, as a task would store it. */
        public String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }
    }

    /**
     * The spans as an indented tree, children under their parent by start time, each line its name, kind, status and
     * the attributes given; spans whose parent is not among them start at the left.
     */
    public static String tree(List<ExportedSpan> spans, String... attributes) {
        Map<String, List<ExportedSpan>> children = new LinkedHashMap<>();
        List<ExportedSpan> tops = new ArrayList<>();
        List<ExportedSpan> byStart = spans.stream()
                .sorted(Comparator.comparingLong(ExportedSpan::startNanos))
                .toList();
        for (ExportedSpan span : byStart) {
            boolean parentKnown = byStart.stream().anyMatch(span::childOf);
            if (parentKnown) {
                children.computeIfAbsent(span.parentSpanId(), k -> new ArrayList<>())
                        .add(span);
            } else {
                tops.add(span);
            }
        }
        StringBuilder text = new StringBuilder();
        tops.forEach(top -> write(text, top, children, 0, attributes));
        return text.toString();
    }

    private static void write(
            StringBuilder text,
            ExportedSpan span,
            Map<String, List<ExportedSpan>> children,
            int depth,
            String[] attributes) {
        text.append("  ".repeat(depth))
                .append(depth == 0 ? "" : "└ ")
                .append(span.name())
                .append(" [")
                .append(span.kind())
                .append(span.status().equals("UNSET") ? "" : ", " + span.status())
                .append(", ")
                .append((span.endNanos() - span.startNanos()) / 1_000_000)
                .append(" ms]");
        for (String key : attributes) {
            if (span.attribute(key) != null) {
                text.append(' ').append(key).append('=').append(span.attribute(key));
            }
        }
        if (!span.events().isEmpty()) {
            text.append(" events=").append(span.events());
        }
        text.append('\n');
        children.getOrDefault(span.spanId(), List.of())
                .forEach(child -> write(text, child, children, depth + 1, attributes));
    }
}
