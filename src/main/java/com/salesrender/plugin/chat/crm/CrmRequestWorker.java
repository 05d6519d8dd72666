package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.BoundedHttp;
import com.salesrender.plugin.chat.platform.HandOnThreads;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.platform.MessageLog;
import com.salesrender.plugin.chat.platform.Places;
import com.salesrender.plugin.chat.platform.Secrets;
import com.salesrender.plugin.chat.platform.SelfAddress;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.registration.Registration;
import com.salesrender.plugin.chat.registration.Registrations;
import com.salesrender.plugin.chat.task.Attempts;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.Outcomes;
import com.salesrender.plugin.chat.task.TaskStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One attempt of one CRM request: claim it, sign it with the registration's current HPT, send it, and sort the answer:
 * success code (done), stop code (dropped), anything else or no answer (retried until the attempt limit or the
 * request's expiry).
 */
@ApplicationScoped
public class CrmRequestWorker {

    private static final Logger LOG = Logger.getLogger(CrmRequestWorker.class.getName());
    /** The CRM's answer body only serves the log and the error column: the first few KiB are enough. */
    private static final int MAX_ANSWER_BYTES = 8192;

    // OpenTelemetry's HTTP client attributes (semantic conventions), on the span of each request to the CRM.
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private HttpClient http;

    /** One deadline for the whole call (connect, headers, answer). */
    @Inject
    @ConfigProperty(name = "plugin.crm.timeout")
    Duration timeout;

    @Inject
    TaskStore store;

    @Inject
    CrmRequestKind kind;

    @Inject
    CrmRequests requests;

    @Inject
    Registrations registrations;

    @Inject
    CrmRequestMetrics metrics;

    @Inject
    @ConfigProperties
    SelfAddress self;

    @Inject
    Traces traces;

    @Inject
    DirectRoute route;

    @Inject
    Attempts attempts;

    @Inject
    Outcomes outcomes;

    @Resource
    ManagedThreadFactory threads;

    /** Threads of their own for straight requests of reports, as many as {@link DirectRoute} lets go at once. */
    private HandOnThreads straightSends;

    private String selfUri;

    @PostConstruct
    void init() {
        selfUri = self.uri();
        http = BoundedHttp.crmClient(timeout);
        straightSends = new HandOnThreads(threads, DirectRoute.IN_FLIGHT);
    }

    @PreDestroy
    void end() {
        straightSends.close();
    }

    public void attempt(String requestId) {
        // The claim, the checks before sending and the registration's lookup: one short transaction.
        requests.claimToSend(requestId).ifPresent(ready -> send(ready, false));
    }

    /**
     * Sends a request stored claimed (a status with its message's outcome, or one stored by {@link #storeThenSend}; see
     * {@link DirectRoute}), and tells the route how the CRM answered.
     */
    public void sendStraight(CrmRequests.Ready ready) {
        metrics.straight(ready.claim().task().endpoint());
        send(ready, true);
    }

    /**
     * Stores a request made outside any transaction (a status a webhook reports, a customer's message a gateway poller
     * forwards) with {@code store}, which runs in a transaction of its own that has committed when it returns, and
     * sends it from here when {@link DirectRoute} had a place for it ({@code store} is told so, to store it claimed):
     * on the threads of straight requests, so the caller does not wait for the CRM; queued as usual otherwise.
     */
    public CrmRequests.Stored storeThenSend(PluginReference reference, Function<Boolean, CrmRequests.Stored> store) {
        Places.Place pass = route.take(reference).orElse(null);
        boolean handedOn = false;
        try {
            CrmRequests.Stored stored = store.apply(pass != null);
            if (stored.straight().isPresent()) {
                sendStraightSoon(stored.straight().get(), pass);
                handedOn = true;
            }
            return stored;
        } finally {
            if (pass != null && !handedOn) {
                pass.close();
            }
        }
    }

    /**
     * Sends a request stored claimed outside any send, on the threads of straight requests. It runs as an attempt (its
     * lease renewed, waited for at a stop); when none may start (a stop has begun) or the executor refuses it, the
     * request is queued instead. The pass is given back when the request is over.
     */
    private void sendStraightSoon(CrmRequests.Ready ready, Places.Place pass) {
        attempts.runHandedOn(straightSends, kind, ready.claim(), () -> sendStraight(ready), pass::close);
    }

    /**
     * One attempt of a claimed request; answers how it ended (done, dropped, failed). A {@code straight} one tells the
     * route how the CRM answered.
     */
    private String send(CrmRequests.Ready ready, boolean straight) {
        Claim<CrmRequest> claim = ready.claim();
        CrmRequest request = claim.task();
        String name = "crm " + request.endpoint().name().toLowerCase(Locale.ROOT);
        traces.waited(
                name + " queue wait",
                request.traceContext(),
                request.nextAttemptAt(),
                request.lastAttemptAt(),
                request.reference());
        // A CLIENT span in the trace that queued it (its own trace when none did). The CRM gets no trace header: the
        // reference's requests carry none.
        Span call = Traces.about(traces.span(name, SpanKind.CLIENT, request.traceContext()), request.reference())
                .setAttribute(Traces.TASK, request.id())
                .setAttribute(Traces.ATTEMPT, (long) request.attemptNumber())
                .setAttribute(METHOD, request.endpoint().method())
                .startSpan();
        if (request.messageId() != null) {
            call.setAttribute(Traces.MESSAGE, request.messageId());
        }
        try (Scope scope = call.makeCurrent()) {
            String outcome =
                    send(request, claim.claimId(), ready.registration(), System.currentTimeMillis(), call, straight);
            call.setAttribute(Traces.OUTCOME, outcome);
            return outcome;
        } catch (RuntimeException e) {
            Traces.failed(call, e);
            throw e;
        } finally {
            call.end();
        }
    }

    /** One attempt; answers how it ended (done, dropped, retried), for its span. */
    private String send(
            CrmRequest request, String claimId, Registration registration, long now, Span call, boolean straight) {
        String hpt;
        try {
            hpt = registrations.hpt(registration);
        } catch (Secrets.SecretUnreadable e) {
            // The configured key is not the one the HPT was stored with: loud, on every attempt, never silent.
            MessageLog.severe(
                    LOG,
                    request.reference(),
                    request.messageId(),
                    () -> "Request " + request.id() + " to the CRM of " + request.reference() + " not sent: "
                            + e.getMessage(),
                    null);
            Traces.failed(call, e);
            return fail(request, claimId, e.getMessage());
        }
        String token = CrmRequestSigner.sign(
                hpt,
                selfUri,
                registration.clusterUri(),
                request.reference(),
                request.body(),
                request.expiresAt() / 1000,
                now / 1000);
        String body = envelope(request, token);
        int code;
        String answer;
        try {
            URI uri = endpointUri(registration, request);
            call.setAttribute(URL, uri.toString()).setAttribute(SERVER, String.valueOf(uri.getHost()));
            if (uri.getPort() > 0) {
                call.setAttribute(PORT, (long) uri.getPort());
            }
            // No timeout here: BoundedHttp sets the deadline, for the whole exchange.
            HttpRequest httpRequest = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "SR-PLUGIN-CHAT-BOT/1.0 (+" + selfUri + "info)")
                    .method(request.endpoint().method(), HttpRequest.BodyPublishers.ofString(body))
                    .build();
            // The status decides; the answer is read for the error text only, cut at its cap or the deadline.
            BoundedHttp.Answer response = exchange(request, httpRequest, straight ? registration : null);
            code = response.status();
            answer = new String(response.body(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A cluster URI the HTTP client cannot use (a bad port, say): this attempt fails, it is not left running.
            Traces.failed(call, e);
            return fail(
                    request, claimId, "Cannot call the CRM at " + registration.clusterUri() + ": " + e.getMessage());
        } catch (IOException e) {
            Traces.failed(call, e);
            call.setAttribute(ERROR_TYPE, e.getClass().getName());
            return fail(request, claimId, "No answer from the CRM: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Traces.failed(call, e);
            return fail(request, claimId, "Interrupted while calling the CRM");
        }
        call.setAttribute(STATUS_CODE, (long) code);
        if (request.endpoint().isSuccess(code)) {
            // The CRM has it: recorded with a few tries, or the request would go to the CRM a second time.
            outcomes.write(() -> store.done(kind, request, claimId));
            metrics.sent(request.endpoint());
            return "done";
        }
        call.setAttribute(ERROR_TYPE, String.valueOf(code)).setStatus(StatusCode.ERROR, "The CRM answered " + code);
        if (request.endpoint().isStop(code)) {
            drop(request, claimId, code, CrmRequest.answered(code, "a stop code: " + abbreviate(answer)));
            metrics.refused(request.endpoint());
            return "dropped";
        }
        requests.failAnswered(request.id(), claimId, code, CrmRequest.answered(code, abbreviate(answer)));
        return "failed";
    }

    /**
     * The HTTP exchange, timed. {@code straightTo} (the registration of a straight request, else null) is told how the
     * CRM answered, with the exchange's time alone: the outcome's write after it, or a wait for a place to write it, is
     * the plugin's time, not the CRM's, and must not pause the route.
     */
    private BoundedHttp.Answer exchange(CrmRequest request, HttpRequest httpRequest, Registration straightTo)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        boolean answered = false;
        try {
            BoundedHttp.Answer answer = BoundedHttp.exchange(http, httpRequest, MAX_ANSWER_BYTES, timeout);
            answered = request.endpoint().isSuccess(answer.status())
                    || request.endpoint().isStop(answer.status());
            return answer;
        } finally {
            long took = System.nanoTime() - start;
            metrics.exchanged(request.endpoint(), took);
            if (straightTo != null && route.answered(straightTo.clusterUri().toString(), answered, took)) {
                metrics.routePaused();
            }
        }
    }

    /**
     * The body the reference sends: the token and {@code __task}, whose {@code attempt.number} counts the attempts made
     * before this one, and whose {@code createdAt} is (as the reference writes it) the task's attempt fields.
     */
    private String envelope(CrmRequest request, String token) {
        int before = request.attemptNumber() - 1;
        long interval = kind.retryPolicy(request).interval().toSeconds();
        JsonObjectBuilder attempts = Json.createObjectBuilder();
        if (request.previousAttemptAt() == null || before == 0) {
            attempts.addNull("attemptLastTime");
        } else {
            attempts.add("attemptLastTime", request.previousAttemptAt() / 1000);
        }
        attempts.add("attemptNumber", before)
                .add("attemptLimit", request.attemptLimit())
                .add("attemptInterval", interval)
                .add("attemptLog", request.attemptLog());
        return Json.createObjectBuilder()
                .add("request", token)
                .add(
                        "__task",
                        Json.createObjectBuilder()
                                .add("createdAt", attempts)
                                .add(
                                        "attempt",
                                        Json.createObjectBuilder()
                                                .add("number", before)
                                                .add("limit", request.attemptLimit())
                                                .add("interval", interval)))
                .build()
                .toString();
    }

    static URI endpointUri(Registration registration, CrmRequest request) {
        String cluster = registration.clusterUri().toString();
        String base = cluster.endsWith("/") ? cluster : cluster + "/";
        return URI.create(base + "companies/"
                + URLEncoder.encode(request.reference().companyId(), StandardCharsets.UTF_8) + "/"
                + request.endpoint().path());
    }

    /** The CRM refused for good (a stop code): routine, and in the task's history, so FINE. */
    private void drop(CrmRequest request, String claimId, int code, String reason) {
        MessageLog.fine(
                LOG,
                request.reference(),
                request.messageId(),
                () -> "Request " + request.endpoint() + " to the CRM of " + request.reference() + " dropped: "
                        + reason);
        requests.dropAnswered(request.id(), claimId, code, reason);
    }

    private String fail(CrmRequest request, String claimId, String reason) {
        store.fail(kind, request.id(), claimId, reason);
        return "failed";
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
