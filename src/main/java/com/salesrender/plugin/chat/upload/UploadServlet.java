package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.access.CrmToken;
import com.salesrender.plugin.chat.api.Refusal;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.CorsHeaders;
import com.salesrender.plugin.chat.platform.ErrorBody;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code POST /protected/upload} and {@code /protected/upload/{kind}}: the CRM uploads a file (multipart part
 * {@code file}, {@code X-PLUGIN-TOKEN}); {@link UploadIntake} checks and stores it, and the answer is the URI it is
 * served at. This only routes, parses and answers; the answers are made as the JAX-RS side makes them
 * ({@link ApiError}s, {@link ErrorBody}, {@link CorsHeaders}).
 *
 * <p>Why a servlet and not a JAX-RS resource taking {@code EntityPart}s: Jersey 3.1.11 in Payara 6.2025.10 does spool
 * parts to disk (mimepull, above {@code jersey.config.multipart.bufferThreshold}, 8 KiB), but its
 * {@code EntityPartReader} parses the whole body before the resource method runs, with no size cap of its own, and
 * answers a malformed body itself. The container's multipart parsing spools the file to disk too
 * ({@link UploadRoutes}), caps the body ({@code maxRequestSize}, answered 413 before more is read) and runs only after
 * the route, the method and the token are checked.
 */
public class UploadServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(UploadServlet.class.getName());
    private static final String FILE_PART = "file";
    private static final Set<String> METHODS = Set.of("POST");

    @Inject
    Registrations registrations;

    @Inject
    UploadKinds kinds;

    @Inject
    UploadIntake intake;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CorsHeaders.addTo(response);
        if ("OPTIONS".equals(request.getMethod())) {
            // The preflight is answered on any path, as everywhere else.
            response.setStatus(200);
            return;
        }
        try {
            UploadKind kind = kind(request.getPathInfo());
            if (!METHODS.contains(request.getMethod())) {
                response.setHeader("Allow", "POST, OPTIONS");
                throw new NotAllowed();
            }
            upload(request, response, kind);
        } catch (UploadRefused refused) {
            ErrorBody.write(response, refused.status(), refused.body());
        } catch (RuntimeException e) {
            // Refusals carry their status, token refusals (403) included; anything else is the container's 500.
            if (ApiError.unwrap(e) instanceof Refusal refusal) {
                ErrorBody.write(response, refusal);
                return;
            }
            throw e;
        }
    }

    /** The kind the path names: the default kind at the route itself (never by its name), else 404. */
    private UploadKind kind(String path) {
        Optional<UploadKind> kind = path == null || path.equals("/")
                ? kinds.find(UploadKind.DEFAULT)
                : path.indexOf('/', 1) < 0 ? kinds.find(path.substring(1)) : Optional.empty();
        if (kind.isEmpty() || UploadKind.DEFAULT.equals(path == null ? null : path.substring(1))) {
            throw ApiError.routeUnknown();
        }
        return kind.get();
    }

    private void upload(HttpServletRequest request, HttpServletResponse response, UploadKind kind) throws IOException {
        CrmToken caller = registrations.authorize(request.getHeader("X-PLUGIN-TOKEN"));
        String type = request.getContentType();
        if (type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !type.toLowerCase(Locale.ROOT).contains("boundary=")) {
            throw ApiError.invalid("Request body must be multipart/form-data with a part named file");
        }
        Part file;
        try {
            file = request.getPart(FILE_PART);
        } catch (IllegalStateException tooLarge) {
            throw ApiError.bodyTooLarge(kinds.bodyLimit());
        } catch (IOException | ServletException | RuntimeException broken) {
            LOG.fine(() -> "Multipart body refused: " + broken);
            throw ApiError.invalid("Request body is not valid multipart/form-data");
        }
        try {
            if (file == null || file.getSubmittedFileName() == null) {
                throw ApiError.invalid("Request body has no file in a part named file");
            }
            String uri;
            try (InputStream content = file.getInputStream()) {
                uri = intake.accept(caller.reference(), kind, file.getSubmittedFileName(), file.getSize(), content);
            }
            ErrorBody.write(
                    response, 200, Json.createObjectBuilder().add("uri", uri).build());
        } finally {
            if (file != null) {
                file.delete();
            }
        }
    }

    /** A method the route does not take, worded as the JAX-RS side words it. */
    private static final class NotAllowed extends ApiError {
        NotAllowed() {
            super(405, ErrorBody.notAllowed(METHODS));
        }
    }
}
