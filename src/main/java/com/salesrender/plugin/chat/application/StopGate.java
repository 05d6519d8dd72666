package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.ErrorBody;
import com.salesrender.plugin.chat.platform.Stopping;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Once a stop has begun, every new request is answered 503 with {@code Retry-After} in the error shape (the CRM sends
 * again, to this instance restarted or to another), never let into an application that is winding down. Counts the
 * requests in progress, so the stop can let them finish before the process ends.
 */
@WebFilter(filterName = "StopGate", urlPatterns = "/*")
public class StopGate extends HttpFilter {

    private static final AtomicInteger IN_PROGRESS = new AtomicInteger();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        IN_PROGRESS.incrementAndGet();
        try {
            if (Stopping.underway()) {
                response.setHeader("Retry-After", String.valueOf(Stopping.RETRY_AFTER.toSeconds()));
                response.setHeader("Connection", "close");
                ErrorBody.write(response, 503, "The plugin is stopping; send again in a few seconds");
                return;
            }
            chain.doFilter(request, response);
        } finally {
            IN_PROGRESS.decrementAndGet();
        }
    }

    /**
     * Waits up to {@code timeout} until no request that got past the gate is in progress; answers how many still are.
     */
    static int awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (IN_PROGRESS.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return IN_PROGRESS.get();
    }
}
