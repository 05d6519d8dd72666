package com.salesrender.plugin.chat.platform;

import jakarta.servlet.ServletContext;

/**
 * Request bodies are capped at {@value #DEFAULT_BYTES} bytes; a route that takes more (file uploads) raises its own
 * servlet's cap here, and the application's body-limit filter reads it.
 */
public final class RouteBodyLimits {

    public static final int DEFAULT_BYTES = 1024 * 1024;

    private static final String RAISED = RouteBodyLimits.class.getName() + ":";

    private RouteBodyLimits() {}

    /**
     * Lets the servlet at {@code servletPath} take bodies up to {@code maxBytes}; that servlet must bound bodies
     * without a declared length itself (e.g. its multipart {@code maxRequestSize}).
     */
    public static void raise(ServletContext context, String servletPath, long maxBytes) {
        context.setAttribute(RAISED + servletPath, maxBytes);
    }

    /** The raised cap of the servlet at {@code servletPath}, or null if it keeps the default. */
    public static Long raised(ServletContext context, String servletPath) {
        return context.getAttribute(RAISED + servletPath) instanceof Long l ? l : null;
    }
}
