package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.task.Claim;
import com.salesrender.plugin.chat.task.TaskStore;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a claimed job's handler in the transaction that records its end: what the handler stores commits with the job's
 * end, or, when it throws, not at all. The transaction is the bean's own: a failure is an outcome to record, not an
 * exception for the container to turn into another one.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN)
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());

    @Inject
    TaskStore store;

    @Inject
    JobKind kind;

    @Resource
    UserTransaction transaction;

    /**
     * What one run came to: done, the claim lost (another worker has the job), or the handler's failure. Public: the
     * bean's proxy hands it back to the caller.
     */
    public record Outcome(boolean done, Exception failure) {
        static final Outcome DONE = new Outcome(true, null);
        static final Outcome CLAIM_LOST = new Outcome(false, null);
    }

    public Outcome run(Claim<ScheduledJob> claim, PluginJobHandler handler) {
        ScheduledJob job = claim.task();
        try {
            transaction.begin();
            if (!store.done(kind, job, claim.claimId())) {
                transaction.rollback();
                return Outcome.CLAIM_LOST;
            }
            handler.run(job.job());
            if (transaction.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                // A bean the handler called failed and marked the transaction, and the handler went on.
                transaction.rollback();
                return new Outcome(false, new IllegalStateException("The job's transaction was marked for rollback"));
            }
            transaction.commit();
            return Outcome.DONE;
        } catch (Exception e) {
            rollback();
            return new Outcome(false, e);
        }
    }

    private void rollback() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | IllegalStateException | SecurityException e) {
            LOG.log(Level.WARNING, "A job's transaction could not be rolled back", e);
        }
    }
}
