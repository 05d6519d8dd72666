package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.access.CrmToken;
import com.salesrender.plugin.chat.api.Refusal;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.CorsHeaders;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /protected/upload} and {@code /protected/upload/{kind}}: the CRM uploads a file (multipart part
 * {@code file}, {@code X-PLUGIN-TOKEN}); it is stored in the database and answered with the URI it is served
 * at. A servlet rather than a JAX-RS resource: the container parses the multipart body, spooling a large
 * file to disk instead of memory, under the size limit {@link UploadRoutes} gives it.
 */
public class UploadServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(UploadServlet.class.getName());
    private static final String FILE_PART = "file";

    @Inject
    Registrations registrations;

    @Inject
    UploadKinds kinds;

    @Inject
    UploadStore store;

    @Inject
    @ConfigProperty(name = "plugin.self-uri")
    String selfUri;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CorsHeaders.addTo(response);
        if ("OPTIONS".equals(request.getMethod())) {
            // The preflight is answered on any path, as everywhere else.
            response.setStatus(200);
            return;
        }
        String path = request.getPathInfo();
        Optional<UploadKind> kind = path == null || path.equals("/") ? kinds.find(UploadKind.DEFAULT)
                : path.indexOf('/', 1) < 0 ? kinds.find(path.substring(1)) : Optional.empty();
        if (kind.isEmpty() || UploadKind.DEFAULT.equals(path == null ? null : path.substring(1))) {
            answer(response, 404, error(404, "Not Found"));
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST, OPTIONS");
            answer(response, 405, error(405, "Method not allowed. Must be one of: POST, OPTIONS"));
            return;
        }
        try {
            upload(request, response, kind.get());
        } catch (Refusal e) {
            // Refusals carry their status, token refusals (403) included.
            answer(response, e.status(), error(e.status(), e.getMessage()));
        }
    }

    private void upload(HttpServletRequest request, HttpServletResponse response, UploadKind kind) throws IOException {
        CrmToken caller = authorize(request.getHeader("X-PLUGIN-TOKEN"));
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !type.toLowerCase(Locale.ROOT).contains("boundary=")) {
            throw new ApiError(400, "Request body must be multipart/form-data with a part named file");
        }
        Part file;
        try {
            file = request.getPart(FILE_PART);
        } catch (IllegalStateException tooLarge) {
            throw new ApiError(413, "Request body is larger than " + kinds.bodyLimit() + " bytes");
        } catch (IOException | ServletException | RuntimeException broken) {
            LOG.fine(() -> "Multipart body refused: " + broken);
            throw new ApiError(400, "Request body is not valid multipart/form-data");
        }
        try {
            if (file == null || file.getSubmittedFileName() == null) {
                throw new ApiError(400, "Request body has no file in a part named file");
            }
            String extension = extension(file.getSubmittedFileName());
            if (extension.isEmpty()) {
                answer(response, 403, refusal(403, "Files without extension can not be uploaded", kind));
                return;
            }
            OptionalLong limit = extension.matches("[a-z0-9]{1,16}") ? kind.limitFor(extension) : OptionalLong.empty();
            if (limit.isEmpty()) {
                answer(response, 415, refusal(415, "Files with *." + extension + " can not be uploaded", kind));
                return;
            }
            if (file.getSize() > limit.getAsLong()) {
                answer(response, 413, refusal(413, "Files too big and can not be uploaded", kind));
                return;
            }
            if (file.getSize() == 0) {
                throw new ApiError(400, "The file is empty");
            }
            String name = UUID.randomUUID() + "." + extension;
            try (InputStream content = file.getInputStream()) {
                store.store(caller.reference(), kind.name(), name, ContentTypes.of(extension), file.getSize(), content,
                        System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Upload of " + caller.reference() + " not stored", e);
                throw new ApiError(500, "The file could not be stored");
            }
            answer(response, 200, Json.createObjectBuilder().add("uri", PluginUploads.uri(selfUri, caller.reference().companyId(),
                    caller.reference().id(), name)).build());
        } finally {
            if (file != null) {
                file.delete();
            }
        }
    }

    private CrmToken authorize(String token) {
        try {
            return registrations.authorize(token);
        } catch (EJBException e) {
            // The container may wrap what the bean threw; answer for that.
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The lower-case extension of the client's file name (after the last dot of its last path segment). */
    static String extension(String submitted) {
        String base = submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static JsonObject error(int status, String message) {
        return Json.createObjectBuilder().add("code", status).add("message", message).build();
    }

    /** The reference's refusals name the permissions, so the CRM can tell the user what is allowed. */
    private static JsonObject refusal(int status, String message, UploadKind kind) {
        JsonObjectBuilder json = Json.createObjectBuilder(error(status, message));
        return json.add("permissions", kind.permissionsJson()).build();
    }

    private static void answer(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body.toString());
    }
}
