package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.platform.RouteBodyLimits;
import jakarta.inject.Inject;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/**
 * Mounts the upload routes with a body limit that follows the largest permission (configuration, so not an annotation);
 * every other route keeps {@link RouteBodyLimits#DEFAULT_BYTES}. Without upload kinds there are no routes.
 */
@WebListener
public class UploadRoutes implements ServletContextListener {

    static final String PATH = "/protected/upload";

    /** Files above this go to a temporary file while the request is parsed, not to memory. */
    private static final int IN_MEMORY_BYTES = 64 * 1024;

    @Inject
    UploadKinds kinds;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (kinds.all().isEmpty()) {
            return;
        }
        ServletContext context = event.getServletContext();
        long limit = kinds.bodyLimit();
        ServletRegistration.Dynamic route = context.addServlet("uploads", UploadServlet.class);
        route.addMapping(PATH, PATH + "/*");
        route.setMultipartConfig(new MultipartConfigElement("", -1, limit, IN_MEMORY_BYTES));
        RouteBodyLimits.raise(context, PATH, limit);
    }
}
