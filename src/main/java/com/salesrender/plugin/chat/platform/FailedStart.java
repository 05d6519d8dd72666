package com.salesrender.plugin.chat.platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A start that cannot succeed (a wrong configuration value, the database unreachable) ends the process on Payara Micro,
 * which would otherwise print "ready" and go on serving 404s without the plugin: the reason goes to standard error and
 * the process exits with status 1, so a supervisor (systemd, Docker, Kubernetes) sees the failure. On a full
 * application server, which may hold other applications, only the deployment fails.
 *
 * <p>The process ends at once, on the thread that found the failure, before it returns to the server. Payara Micro runs
 * the post-deploy command file, which opens the HTTP listener, as soon as the deployment returns, failed or not, so the
 * port would answer 404, 500 and HTML 503 pages until the process had gone; and the server's own shutdown cannot run
 * before the deployment returns (it waits for it), so there is none to wait for. Ending there is what a crash or a
 * {@code kill -9} does: the broker's store and the database recover from it, and nothing was served.
 */
public final class FailedStart {

    private static final Logger LOG = Logger.getLogger(FailedStart.class.getName());

    /** The exit status of a failed start. */
    public static final int EXIT_STATUS = 1;

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private FailedStart() {}

    /**
     * Reports the reason and, on Payara Micro, ends the process without returning; elsewhere answers the exception for
     * the caller to throw, which fails the deployment.
     */
    public static RuntimeException stop(String reason, RuntimeException cause) {
        String line = "The chat plugin cannot start: " + reason;
        LOG.log(Level.SEVERE, line, cause);
        if (onPayaraMicro() && STOPPING.compareAndSet(false, true)) {
            ProcessEnd.now(EXIT_STATUS, line, "Payara Micro is stopped (exit status " + EXIT_STATUS + ").");
        }
        return cause;
    }

    /** Payara Micro's launcher is on the system class path; a full server has no such class. */
    public static boolean onPayaraMicro() {
        return ClassLoader.getSystemClassLoader().getResource("fish/payara/micro/PayaraMicro.class") != null;
    }
}
