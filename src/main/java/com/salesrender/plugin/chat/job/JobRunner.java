package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.TaskState;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Runs a claimed job's handler in the transaction that records its end: what the handler stores commits with the
 * job's end, or, when it throws, not at all.
 */
@Stateless
public class JobRunner {

    @Inject
    TaskStore store;

    @Inject
    JobKind kind;

    @Resource
    SessionContext context;

    /** What one run came to: done, the claim lost (another worker has the job), or the handler's failure. */
    record Outcome(boolean done, Exception failure) {
        static final Outcome DONE = new Outcome(true, null);
        static final Outcome CLAIM_LOST = new Outcome(false, null);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Outcome run(Claim<ScheduledJob> claim, PluginJobHandler handler) {
        ScheduledJob job = claim.task();
        if (!store.finish(kind, job.id(), claim.claimId(), TaskState.DONE, null)) {
            return Outcome.CLAIM_LOST;
        }
        try {
            handler.run(job.job());
            if (context.getRollbackOnly()) {
                // A bean the handler called failed and marked the transaction, and the handler went on.
                return new Outcome(false, new IllegalStateException("The job's transaction was marked for rollback"));
            }
            return Outcome.DONE;
        } catch (Exception e) {
            context.setRollbackOnly();
            return new Outcome(false, e);
        }
    }
}
