package com.salesrender.plugin.chat.send;

import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.GroupCommit;
import com.salesrender.plugin.chat.platform.GroupTransaction;
import io.opentelemetry.context.Context;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Messages the CRM sends at the same moment are stored in one transaction ({@link GroupCommit}): an accept is a read
 * and an insert around a commit, and with many clients at once the commits were much of its cost. A message with nobody
 * storing ahead of it is stored at once in a transaction of its own, as before; each request is answered 202 only once
 * its own message has committed, and a group that fails stores each of its messages again alone, so one message's
 * failure (a concurrent repeat of its id) is its own.
 */
@ApplicationScoped
public class AcceptGroups {

    /**
     * Groups stored at once: accepts arriving meanwhile gather behind those being stored. A group's accepts run one
     * after the other on its leader's thread, each with its round trips to the database: with one place, a burst of 16
     * clients was accepted at little more than half the rate on PostgreSQL, in quick runs (with two, a full run
     * accepted a burst faster than before the groups: docs/bench).
     */
    static final int PLACES = 2;

    /** Messages in one transaction at most. */
    static final int MOST = 32;

    /** A group stored for longer than this is held up (a lock, a slow disk): the accepts behind it go on apart. */
    static final Duration HELD_UP = Duration.ofMillis(100);

    @Inject
    ChatSends sends;

    @Inject
    GroupTransaction transaction;

    @Inject
    ChatSendMetrics metrics;

    private GroupCommit group;

    @PostConstruct
    void init() {
        group = new GroupCommit(PLACES, MOST, HELD_UP, transaction::writeAll, metrics::acceptsCommitted);
    }

    /** As {@link ChatSends#accept}, in a transaction it may share with messages accepted at the same moment. */
    public boolean accept(PluginReference reference, Chat chat) {
        // The accept's span is this thread's: the message's trace begins there, wherever its insert runs.
        Supplier<Boolean> accept = Context.current().wrapSupplier(() -> sends.accept(reference, chat));
        return group.write(accept);
    }
}
