package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.RetryLater;
import com.salesrender.plugin.chat.api.Undeliverable;
import com.salesrender.plugin.chat.crm.CrmRequestWorker;
import com.salesrender.plugin.chat.crm.DirectRoute;
import com.salesrender.plugin.chat.crm.StatusReports;
import com.salesrender.plugin.chat.platform.MessageLog;
import com.salesrender.plugin.chat.platform.Traces;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.Outcomes;
import com.salesrender.plugin.chat.task.TaskStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** One delivery attempt of one message: claim it, hand it to the {@link ChatSender}, record what happened. */
@ApplicationScoped
public class ChatSendWorker {

    private static final Logger LOG = Logger.getLogger(ChatSendWorker.class.getName());

    @Inject
    TaskStore store;

    @Inject
    ChatSendKind kind;

    @Inject
    ChatSender sender;

    @Inject
    ChatSends sends;

    @Inject
    StatusReports statuses;

    @Inject
    DirectRoute route;

    @Inject
    CrmRequestWorker crm;

    @Inject
    ChatSendMetrics metrics;

    @Inject
    Traces traces;

    @Inject
    Outcomes outcomes;

    public void attempt(String taskId) {
        Optional<Claim<ChatSendTask>> claim = store.claim(kind, taskId);
        if (claim.isEmpty()) {
            // done, held by another worker, not due yet (a duplicate or early message), held for its chat's order,
            // or over its reference's caps (queued again for later)
            return;
        }
        attempt(claim.get());
    }

    /** The attempt of a claimed message: claimed here, or stored claimed at its accept ({@link StraightSends}). */
    void attempt(Claim<ChatSendTask> claim) {
        ChatSendTask task = claim.task();
        traces.waited(
                "chat.send queue wait",
                task.traceContext(),
                task.nextAttemptAt(),
                task.lastAttemptAt(),
                task.reference());
        // What the attempt queues (a status the sender reports, the error of a message given up) joins its trace.
        try (Scope trace = traces.parent(task.traceContext()).makeCurrent()) {
            attempt(task, claim.claimId());
        }
    }

    private void attempt(ChatSendTask task, String claimId) {
        String taskId = task.id();
        metrics.reachingSender(task);
        Throwable failure = null;
        List<StatusReports.Reported> reported;
        // The statuses the sender reports for this message wait for the outcome: stored in its transaction if sent.
        try (StatusReports.SenderCall call = StatusReports.senderCall(task.reference(), task.messageId())) {
            try {
                send(task);
            } catch (Exception | LinkageError e) {
                failure = e;
            }
            reported = call.reported();
        }
        if (failure == null) {
            recordSent(task, claimId, reported);
            return;
        }
        // Reported before the sender failed or asked for time: stored apart, as they were reported.
        reportApart(task, reported);
        if (failure instanceof RetryLater later) {
            Duration after = later.after().isNegative() ? Duration.ZERO : later.after();
            if (store.release(
                    kind,
                    taskId,
                    claimId,
                    after,
                    "Gateway asked to retry after " + after.toMillis() + " ms: " + later.getMessage())) {
                metrics.retried();
            }
        } else if (failure instanceof Undeliverable never) {
            recordUndeliverable(task, claimId, never);
            metrics.attemptFailed();
        } else {
            recordFailure(task, claimId, failure);
            metrics.attemptFailed();
        }
    }

    /**
     * The outcome is recorded first, with a few tries ({@link Outcomes}): until it is, the message could be sent again.
     * Then the last status the sender reported goes to the CRM from here, when {@link DirectRoute} had a place for it
     * as the outcome was written (queued otherwise).
     */
    private void recordSent(ChatSendTask task, String claimId, List<StatusReports.Reported> reported) {
        ChatSends.Sent sent;
        try (DirectRoute.Deferred place = route.deferred(task.reference())) {
            // The place is taken as the outcome is written, not while it waits for its turn (Outcomes).
            sent = outcomes.write(() -> sends.sent(task, claimId, reported, !reported.isEmpty() && place.take()));
            metrics.sent();
            if (!sent.finished()) {
                MessageLog.warning(
                        LOG,
                        task.reference(),
                        task.messageId(),
                        () -> "Message " + task.messageId() + " of " + task.reference()
                                + " was sent after its claim ran out; another worker may have sent it too");
            }
            sent.straight().ifPresent(crm::sendStraight);
        }
    }

    private void reportApart(ChatSendTask task, List<StatusReports.Reported> reported) {
        for (StatusReports.Reported status : reported) {
            try {
                statuses.report(task.reference(), task.messageId(), status.status());
            } catch (NotRegistered gone) {
                return; // unregistered since: nobody to tell
            }
        }
    }

    /** Hands the message to the {@link ChatSender} inside its span, which records what the sender threw. */
    private void send(ChatSendTask task) throws Exception {
        Span call = Traces.about(traces.span("chat.send ChatSender", SpanKind.INTERNAL), task.reference())
                .setAttribute(Traces.MESSAGE, task.messageId())
                .setAttribute(Traces.TASK, task.id())
                .setAttribute(Traces.ATTEMPT, (long) task.attemptNumber())
                .startSpan();
        long start = System.nanoTime();
        try (Scope scope = call.makeCurrent()) {
            sender.send(task.outgoing());
            call.setAttribute(Traces.OUTCOME, "sent");
        } catch (RetryLater later) {
            // Not a failure: the gateway asked for time, and the attempt is not counted.
            call.setAttribute(Traces.OUTCOME, "retry later");
            throw later;
        } catch (Exception | LinkageError e) {
            Traces.failed(call, e);
            call.setAttribute(Traces.OUTCOME, e instanceof Undeliverable ? "undeliverable" : "failed");
            throw e;
        } finally {
            metrics.senderCalled(System.nanoTime() - start);
            call.end();
        }
    }

    /**
     * The gateway says it can never deliver the message: it is given up now, by the path of a last failed attempt (the
     * CRM told {@code error}, its chat's next message woken), and stays replayable.
     */
    private void recordUndeliverable(ChatSendTask task, String claimId, Undeliverable never) {
        String reason = "Undeliverable: " + reasonOf(never);
        switch (store.failForGood(kind, task.id(), claimId, reason)) {
            case GIVEN_UP ->
                MessageLog.warning(
                        LOG,
                        task.reference(),
                        task.messageId(),
                        () -> "Message "
                                + task.messageId() + " of " + task.reference() + " given up on attempt "
                                + task.attemptNumber()
                                + ": " + reason);
            case CLAIM_LOST ->
                MessageLog.warning(
                        LOG,
                        task.reference(),
                        task.messageId(),
                        () -> "Message " + task.messageId() + " of " + task.reference()
                                + " was undeliverable after its claim ran out");
        }
    }

    private static String reasonOf(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    }

    private void recordFailure(ChatSendTask task, String claimId, Throwable error) {
        String reason = reasonOf(error);
        TaskStore.Failure outcome = store.fail(kind, task.id(), claimId, reason);
        switch (outcome) {
            case WILL_RETRY -> {
                metrics.retried();
                // Routine while a gateway has trouble: counted on /metrics and kept in the message's history.
                MessageLog.fine(
                        LOG,
                        task.reference(),
                        task.messageId(),
                        () -> "Message " + task.messageId() + " of " + task.reference() + " failed attempt "
                                + task.attemptNumber() + ": " + reason);
            }
            case GIVEN_UP ->
                MessageLog.warning(
                        LOG,
                        task.reference(),
                        task.messageId(),
                        () -> "Message "
                                + task.messageId() + " of " + task.reference() + " given up after "
                                + task.attemptNumber()
                                + " attempts: " + reason);
            case CLAIM_LOST ->
                MessageLog.warning(
                        LOG,
                        task.reference(),
                        task.messageId(),
                        () -> "Message " + task.messageId() + " of " + task.reference()
                                + " failed after its claim ran out");
        }
    }
}
