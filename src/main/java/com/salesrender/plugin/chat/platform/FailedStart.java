package com.salesrender.plugin.chat.platform;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A start that cannot succeed (a wrong configuration value, the database unreachable) ends the process on Payara
 * Micro, which would otherwise print "ready" and go on serving 404s without the plugin: the reason goes to standard
 * error and the process exits with status 1, so a supervisor (systemd, Docker, Kubernetes) sees the failure. On a
 * full application server, which may hold other applications, only the deployment fails.
 */
public final class FailedStart {

    private static final Logger LOG = Logger.getLogger(FailedStart.class.getName());

    /** The exit status of a failed start. */
    public static final int EXIT_STATUS = 1;

    /** How long the server may take to stop before the process is ended without it. */
    private static final long STOP_GRACE_MILLIS = 20_000;

    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private FailedStart() {
    }

    /**
     * Reports the reason and, on Payara Micro, ends the process shortly after (once the deployment has failed);
     * answers the exception for the caller to throw, which fails the deployment.
     */
    public static RuntimeException stop(String reason, RuntimeException cause) {
        String line = "The chat plugin cannot start: " + reason;
        LOG.severe(line);
        if (onPayaraMicro() && STOPPING.compareAndSet(false, true)) {
            // Straight to file descriptor 2: the server routes System.err into its log.
            PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
            stderr.println(line);
            stderr.println("Payara Micro is stopped (exit status " + EXIT_STATUS + ").");
            // The threads outlive the failed deployment, whose class loader then loads nothing more: everything they
            // use is loaded here (their class, Thread, Runtime), and they call only that.
            Runtime runtime = Runtime.getRuntime();
            Thread halt = new Thread(new Exit(runtime, STOP_GRACE_MILLIS + 1000, true), "chat-plugin-failed-start-halt");
            halt.setDaemon(true); // the server did not stop in time
            Thread exit = new Thread(new Exit(runtime, 1000, false), "chat-plugin-failed-start");
            halt.start();
            exit.start(); // after a second: let the deployment fail and say why in the log first
        }
        return cause;
    }

    /** Ends the process after a delay: the orderly way (the server's shutdown hooks run) or at once. */
    private static final class Exit implements Runnable {

        private final Runtime runtime;
        private final long delayMillis;
        private final boolean halt;

        Exit(Runtime runtime, long delayMillis, boolean halt) {
            this.runtime = runtime;
            this.delayMillis = delayMillis;
            this.halt = halt;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                // end the process all the same
            }
            if (halt) {
                runtime.halt(EXIT_STATUS);
            } else {
                runtime.exit(EXIT_STATUS);
            }
        }
    }

    /** Payara Micro's launcher is on the system class path; a full server has no such class. */
    static boolean onPayaraMicro() {
        return ClassLoader.getSystemClassLoader().getResource("fish/payara/micro/PayaraMicro.class") != null;
    }
}
