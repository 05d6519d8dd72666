package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.AfterCommit;
import com.salesrender.plugin.chat.platform.HandOnThreads;
import com.salesrender.plugin.chat.platform.Places;
import com.salesrender.plugin.chat.task.Attempts;
import com.salesrender.plugin.chat.task.Claim;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;

/**
 * When a message goes from its accept straight to the {@code ChatSender}: stored already claimed for its first attempt,
 * which starts on a thread of its own once the accept commits, instead of through the send queue (a queue message, a
 * message-driven bean's dispatch and a claim's transaction less per message). Only while it is free for everyone: at
 * most {@value #IN_FLIGHT} such attempts at once and {@value #PER_REFERENCE} for one plugin reference (a burst of one
 * company takes its share and queues the rest; another company's fresh message still finds a place), only for a message
 * whose chat has no other live message (the chat's order is the claim's to keep) and whose reference is under its caps
 * on the gateway ({@code plugin.send.limit.*}). Whatever does not go straight is queued as before.
 */
@ApplicationScoped
public class StraightSends {

    static final int IN_FLIGHT = 8;

    static final int PER_REFERENCE = 4;

    @Inject
    Attempts attempts;

    @Inject
    ChatSendKind kind;

    @Inject
    ChatSendWorker worker;

    @Inject
    ChatSendMetrics metrics;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final Places places = new Places(IN_FLIGHT, PER_REFERENCE);

    /** The attempts' own threads, as many as may run at once. */
    private HandOnThreads executor;

    @PostConstruct
    void start() {
        executor = new HandOnThreads(threads, IN_FLIGHT);
    }

    @PreDestroy
    void end() {
        executor.close();
    }

    /**
     * A place for one straight attempt of this reference, if one is free (none once a stop has begun); close it when
     * the attempt is over, or did not go.
     */
    Optional<Places.Place> take(PluginReference reference) {
        if (attempts.stopping()) {
            return Optional.empty();
        }
        return places.take(StoredReference.key(reference));
    }

    /**
     * Starts the claimed first attempt once the current transaction (the accept's, which stored the task claimed)
     * commits; on a rollback nothing was stored and the place is given back.
     */
    void startAfterCommit(Claim<ChatSendTask> claim, Places.Place pass) {
        AfterCommit.run(transactions, () -> start(claim, pass), pass::close);
    }

    private void start(Claim<ChatSendTask> claim, Places.Place pass) {
        if (attempts.runHandedOn(executor, kind, claim, () -> worker.attempt(claim), pass::close)) {
            metrics.straight();
        }
    }
}
